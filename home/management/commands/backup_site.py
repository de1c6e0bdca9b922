import datetime
from pathlib import Path

from django.core.management.base import BaseCommand

from home.backup import create_backup


class Command(BaseCommand):
    help = "Back up the database content and the media files into one .tar.gz with checksums."

    def add_arguments(self, parser):
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        parser.add_argument(
            "--output",
            default=f"backups/stadtteil-{stamp}.tar.gz",
            help="Archive to write (default: backups/stadtteil-<date>.tar.gz).",
        )

    def handle(self, *args, output, **options):
        manifest = create_backup(output)
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(f"Backup written to {Path(output).resolve()} ({media} media files).")
