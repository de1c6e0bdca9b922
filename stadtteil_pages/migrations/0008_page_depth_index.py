"""An index on the pages' depth in the tree.

Every visitor page reads the pages of its frame (the home page, the
conference index, the archive, Leichte Sprache), which sit at the top of the
tree: a condition on the depth. Wagtail does not index the depth, so each
request scanned every page, a cost that grew with the meetings (7 ms with
20,000 of them on PostgreSQL; 0.2 ms with the index).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("stadtteil_pages", "0007_hiding_pages_indexes"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS stadtteil_page_depth ON wagtailcore_page (depth)",
            reverse_sql="DROP INDEX IF EXISTS stadtteil_page_depth",
        )
    ]
