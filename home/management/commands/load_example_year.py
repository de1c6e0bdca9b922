"""Add (or remove) the clearly marked example year for development.

``make run`` calls it after ``load_hattingen``; imports and deployments never
do. What it adds and how it is marked: ``home/example_year.py``.
"""

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from home.example_year import ExampleYear


class Command(BaseCommand):
    help = (
        "Add an example year to the Hattingen content: past meetings with protocols, "
        "upcoming, postponed and cancelled dates, a second project (idempotent; "
        "development only)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Remove every example page, document and venue instead.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the example year even though DEBUG is off (never on a public server).",
        )

    def handle(self, *args, remove, force, **options):
        example = ExampleYear()
        if remove:
            with transaction.atomic():
                report = example.remove()
            self.write(report, "Removed", "There was no example content.")
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: the example year is for development (make run) only. "
                "Use --force to add it anyway."
            )
        try:
            with transaction.atomic():
                report = example.load()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.write(report, "Example year:", "The example year is up to date; nothing changed.")

    def write(self, report, heading, nothing):
        if not report:
            self.stdout.write(nothing)
            return
        self.stdout.write(self.style.SUCCESS(f"{heading} {len(report)} changes"))
        for line in report:
            self.stdout.write(f"  {line}")
