"""Create the editorial groups, their permissions and the review workflow."""

from django.core.management import BaseCommand

from wagtail.models import GroupPagePermission

from ...admin.editorial import setup_editorial_roles


class Command(BaseCommand):
    help = (
        'Create or repair the groups "Redaktion", "Freigabe" and one group per '
        'district conference, and the workflow "Vier-Augen-Prinzip" (idempotent).'
    )

    def handle(self, *args, **options):
        before = GroupPagePermission.objects.count()
        setup_editorial_roles()
        added = GroupPagePermission.objects.count() - before
        if added:
            self.stdout.write(self.style.SUCCESS(f"Editorial roles set up ({added} page grants)."))
        else:
            self.stdout.write("Editorial roles were already set up.")
