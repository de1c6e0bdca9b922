"""Indexes for the publication rule's reading of the pages that hide their subtree.

The rule asks on every request for the pages that are not live or have an
expiry date (``publication._read_rule``). Wagtail indexes neither column, so
each request scanned every page: with 20,000 meetings that was the largest
cost that grew with the content. Both indexes are partial: they hold only
the few pages that hide (drafts, scheduled or expiring pages).
"""

from django.db import migrations

INDEXES = [
    ("stadtteil_page_not_live", "wagtailcore_page (path) WHERE NOT live"),
    ("stadtteil_page_expiring", "wagtailcore_page (expire_at) WHERE expire_at IS NOT NULL"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("stadtteil_pages", "0006_oparl_stamps_and_memberships"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES
    ]
