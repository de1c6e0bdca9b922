"""Invalidate every answer the response cache keeps, after changes made around Wagtail."""

from django.core.management import BaseCommand

from ...cache import tags
from ...cache.middleware import invalidate_tags


class Command(BaseCommand):
    help = (
        "Invalidate every answer the response cache keeps, on all app servers. Changes made "
        "through Wagtail invalidate exactly what they touch by themselves; use this after "
        "changing content another way (a shell, a data migration, a restored backup)."
    )

    def handle(self, *args, **options):
        invalidate_tags({tags.ALL})
        self.stdout.write(self.style.SUCCESS("Every kept answer will be rendered anew."))
