import sys

from django.core.management.base import BaseCommand, CommandError

from home.backup import BackupError, clear_caches, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup of backup_site: replaces ALL database content, adds the media "
        "files and empties every configured cache. Run `migrate` on the target database first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A .tar.gz written by backup_site.")
        parser.add_argument(
            "--yes",
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Restore without asking (for scripts and automation).",
        )

    def handle(self, *args, archive, interactive, **options):
        if interactive:
            self.confirm()
        try:
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(f"Nothing restored: {error}") from error
        self.stdout.write(f"Restored the backup of {manifest['created']} from {archive}.")
        emptied, unreachable = clear_caches()
        if emptied:
            self.stdout.write(
                f"Emptied the caches {', '.join(emptied)}: no answer or image rendition "
                "of the replaced site is served from them."
            )
        if unreachable:
            raise CommandError(
                f"The content is restored, but the caches {', '.join(unreachable)} could not "
                "be reached to empty them: they may still serve the replaced site. Empty them "
                'as soon as they answer again (for Redis: redis-cli -u "$REDIS_URL" FLUSHDB).'
            )

    def confirm(self):
        if not sys.stdin.isatty():
            raise CommandError(
                "Nothing restored: there is no terminal to confirm that ALL content is "
                "replaced. Run with --yes to restore without asking "
                "(make restore ARCHIVE=… YES=1)."
            )
        try:
            answer = input("This replaces all content of the database. Type 'yes' to go on: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing changed.")
