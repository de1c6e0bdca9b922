"""Load the City of Hattingen's district conferences as structured content.

Reads `home/data/hattingen.toml`. Whatever already exists (matched by slug,
name or path) is left as editors made it, so running the command again
creates, changes and duplicates nothing.
"""

import argparse
import tomllib
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction

from wagtail.models import Locale, Page, Site

from phonenumber_field.phonenumber import PhoneNumber

from home import translations
from home.content import create_city_pages
from home.models import CityContactSettings, HomePage, StandardPage
from stadtteil_pages.admin import editorial
from stadtteil_pages.admin.translating import synchronise_locale_trees
from stadtteil_pages.importing.conferences import ConferenceImporter, ImportDataError
from stadtteil_pages.models import DistrictConferencePage

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "hattingen.toml"

# Demo accounts for trying the review workflow by hand; documented in the README.
DEMO_PASSWORD = "stadtteil-demo"  # noqa: S105 (a published demo password, not a secret)
DEMO_USERS = [
    # username, first and last name, group (a district conference by its slug)
    ("redaktion", "Rita", "Redaktion", editorial.EDITORS),
    ("freigabe", "Frank", "Freigabe", editorial.APPROVERS),
    ("freigabe2", "Fatma", "Freigabe", editorial.APPROVERS),
    ("welper", "Wera", "Welper", "welper"),
]


class Command(BaseCommand):
    help = "Load the Hattingen district conferences (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="TOML data file to read.")
        parser.add_argument(
            "--demo-users",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Create the demo users of the README (default: only when DEBUG is on).",
        )

    def handle(self, *args, file, demo_users, **options):
        try:
            with open(file, "rb") as handle:
                data = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        self.created = []
        try:
            with transaction.atomic():
                Loader(data, self.created).run()
                call_command("setup_editorial_roles", stdout=self.stdout)
                if demo_users is None:
                    demo_users = settings.DEBUG
                if demo_users:
                    self.demo_users()
        except ImportDataError as error:
            raise CommandError(f"{file}: {error}") from error
        if self.created:
            self.stdout.write(self.style.SUCCESS(f"Created {len(self.created)} objects:"))
            for label in self.created:
                self.stdout.write(f"  {label}")
        else:
            self.stdout.write("Everything was already there; nothing changed.")

    def demo_users(self):
        User = get_user_model()
        for username, first_name, last_name, group_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            conference = DistrictConferencePage.objects.filter(slug=group_name).first()
            group = (
                editorial.district_group_of(conference)
                if conference
                else Group.objects.get(name=group_name)
            )
            user = User.objects.create_user(
                username=username,
                email=f"{username}@example.org",
                password=DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
            )
            user.groups.add(group)
            self.created.append(f"demo user {username} ({group.name})")


class Loader(ConferenceImporter):
    """The conference part comes from the plugin's importer; the city's home
    page, legal pages and contact block are this host's own."""

    host_sections = ("home", "city_contact", "standard_pages")

    def run(self):
        self.ensure_locales()
        home = self.home_page()
        # Districts, contacts, venues and the conference tree below the home page.
        self.build(home)
        create_city_pages(home, self.created)
        for item in self.data["standard_pages"]:
            self.page(home, StandardPage, item, self.fill_common)
        # Fill and publish only once every page exists, so links resolve.
        self.publish_pending()
        self.city_contact(home)
        translations.load_translations(home, self.created)
        # Every page the translations leave out follows the German one.
        for alias in synchronise_locale_trees():
            self.created.append(f"alias {alias.locale.language_code} {alias.url_path}")

    def ensure_locales(self):
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            Locale.objects.get_or_create(language_code=code)

    def city_contact(self, home):
        site = Site.objects.get(root_page=home)
        settings_object = CityContactSettings.for_site(site)
        if settings_object.organisation:
            return
        item = dict(self.data["city_contact"])
        for key in ("imprint_page", "privacy_page", "accessibility_page"):
            item[key] = home.get_children().get(slug=item[key])
        item["phone"] = PhoneNumber.from_string(item["phone"], region="DE")
        for key, value in item.items():
            setattr(settings_object, key, value)
        settings_object.full_clean()
        settings_object.save()
        self.created.append("city contact block")

    # Pages

    def home_page(self):
        site = Site.objects.filter(is_default_site=True).first()
        home = HomePage.objects.filter(locale=self.locale).first()
        if home is None:
            root = Page.get_first_root_node()
            self.remove_welcome_page(root)
            data = self.data["home"]
            home = HomePage(title=data["title"], slug=data["slug"], live=False)
            self.fill_common(home, data)
            root.add_child(instance=home)
            home.save_revision(log_action=True).publish()
            self.created.append(f"page {home.title}")
        site_name = self.data["home"]["title"]
        if site is None:
            Site.objects.create(
                hostname="localhost", site_name=site_name, root_page=home, is_default_site=True
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = site.site_name or site_name
            site.save()
        return home

    def remove_welcome_page(self, root):
        """Wagtail's placeholder page of a new installation takes the slug."""
        for page in root.get_children().filter(
            content_type__model="page", content_type__app_label="wagtailcore"
        ):
            if page.is_leaf():
                Site.objects.filter(root_page=page).update(root_page=root)
                page.delete()
