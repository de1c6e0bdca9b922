"""Serve every kept answer anew, after changes made outside Wagtail's publishing."""

from django.core.management import BaseCommand

from ... import cache_tags
from ...caching import renew


class Command(BaseCommand):
    help = (
        "Renew every answer the response cache keeps, on all app servers. Changes made "
        "through Wagtail renew exactly what they touch by themselves; use this after "
        "changing content another way (a shell, a data migration, a restored backup)."
    )

    def handle(self, *args, **options):
        renew({cache_tags.ALL, cache_tags.CONTENT})
        self.stdout.write(self.style.SUCCESS("Every kept answer will be rendered anew."))
