"""Import districts, contacts, venues and the conference tree from a data file."""

from django.core.management import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Page, Site

from ...importing.conferences import ConferenceImporter, ImportDataError, read_data_file


class Command(BaseCommand):
    help = (
        "Import districts, contacts, venues, the conference index, district conferences, "
        "meetings and projects from a TOML or JSON file (format: docs/install.md). "
        "Existing entries are kept as they are; importing again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .toml or .json file.")
        parser.add_argument(
            "--parent",
            help=(
                "The page below which the conference index is created: its id or its path "
                "below the site's root, e.g. /stadt/. Default: the default site's root page."
            ),
        )

    def handle(self, *args, file, parent=None, **options):
        try:
            data = read_data_file(file)
            with transaction.atomic():
                importer = ConferenceImporter(data)
                importer.run(self.parent_page(parent))
        except ImportDataError as error:
            raise CommandError(f"{file}: {error}") from error
        if importer.created:
            self.stdout.write(self.style.SUCCESS(f"Created {len(importer.created)} objects:"))
            for label in importer.created:
                self.stdout.write(f"  {label}")
        else:
            self.stdout.write("Everything was already there; nothing changed.")

    def parent_page(self, parent):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if parent is None:
            if site is None:
                raise CommandError("There is no default site; name the parent page with --parent.")
            return site.root_page
        if parent.isdigit():
            page = Page.objects.filter(pk=int(parent)).first()
        else:
            root = site.root_page if site else Page.get_first_root_node()
            path = "".join(f"{slug}/" for slug in parent.split("/") if slug)
            page = Page.objects.filter(url_path=root.url_path + path).first() if path else root
        if page is None:
            raise CommandError(f"--parent {parent}: no such page.")
        return page
