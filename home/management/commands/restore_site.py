from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup of backup_site: replaces ALL database content and adds the media "
        "files. Run `migrate` on the target database first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A .tar.gz written by backup_site.")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Do not ask."
        )

    def handle(self, *args, archive, interactive, **options):
        if interactive:
            answer = input("This replaces all content of the database. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(f"Nothing restored: {error}") from error
        self.stdout.write(f"Restored the backup of {manifest['created']} from {archive}.")
