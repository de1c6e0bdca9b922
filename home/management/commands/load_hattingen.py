"""Load the City of Hattingen's district conferences as structured content.

Reads `home/data/hattingen.toml`. Whatever already exists (matched by slug,
name or path) is left as editors made it, so running the command again
creates, changes and duplicates nothing.
"""

import argparse
import datetime
import json
import tomllib
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, Page, Site

from phonenumber_field.phonenumber import PhoneNumber

from home import translations
from home.models import CityContactSettings, HomePage, StandardPage
from stadtteil_pages import editorial
from stadtteil_pages.models import (
    ConferenceIndexPage,
    ContactPerson,
    District,
    DistrictConferenceContact,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
    ProjectScheduleRule,
    ProtocolIndexPage,
    Venue,
)

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
        with transaction.atomic():
            Loader(data, self.created).run()
            call_command("setup_editorial_roles", stdout=self.stdout)
            if demo_users is None:
                demo_users = settings.DEBUG
            if demo_users:
                self.demo_users()
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


class Loader:
    def __init__(self, data, created):
        self.data = data
        self.created = created
        self.locale = Locale.get_default()
        self.pending = []  # (page, data, fill) to publish once every page exists

    def run(self):
        self.ensure_locales()
        self.districts = {item["slug"]: self.district(item) for item in self.data["districts"]}
        self.contacts = {item["name"]: self.contact(item) for item in self.data["contacts"]}
        self.venues = {item["name"]: self.venue(item) for item in self.data["venues"]}
        home = self.home_page()
        index = self.page(home, ConferenceIndexPage, self.data["index"], self.fill_index)
        self.page(index, ProtocolIndexPage, self.data["protocols"], self.fill_common)
        self.conferences = {}
        for item in self.data["conferences"]:
            conference = self.page(index, DistrictConferencePage, item, self.fill_conference)
            self.conferences[item["slug"]] = conference
            for meeting in item.get("meetings", []):
                self.page(conference, MeetingPage, meeting, self.fill_meeting)
        for item in self.data["conferences"]:
            for project in item.get("projects", []):
                self.page(self.conferences[item["slug"]], ProjectPage, project, self.fill_project)
        for item in self.data["standard_pages"]:
            self.page(home, StandardPage, item, self.fill_common)
        # Fill and publish only once every page exists, so links resolve.
        for page, item, fill in self.pending:
            fill(page, item)
            page.save_revision(log_action=True).publish()
        self.city_contact(home)
        translations.load_translations(home, self.created)

    # Snippets

    def ensure_locales(self):
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
            Locale.objects.get_or_create(language_code=code)

    def district(self, item):
        district, created = District.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"]}
        )
        if created:
            self.created.append(f"district {district}")
        return district

    def contact(self, item):
        existing = ContactPerson.objects.filter(name=item["name"], locale=self.locale).first()
        if existing:
            return existing
        fields = {key: value for key, value in item.items() if key not in ("phone", "mobile")}
        contact = ContactPerson(locale=self.locale, live=False, **fields)
        for key in ("phone", "mobile"):
            if item.get(key):
                setattr(contact, key, PhoneNumber.from_string(item[key], region="DE"))
        contact.full_clean()
        contact.save()
        contact.save_revision(log_action=True).publish()
        self.created.append(f"contact {contact}")
        return contact

    def venue(self, item):
        existing = Venue.objects.filter(name=item["name"], locale=self.locale).first()
        if existing:
            return existing
        fields = dict(
            item, district=self.districts[item["district"]] if "district" in item else None
        )
        venue = Venue(locale=self.locale, **fields)
        venue.full_clean()
        venue.save()
        self.created.append(f"venue {venue}")
        return venue

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

    def page(self, parent, model, item, fill):
        existing = parent.get_children().filter(slug=item["slug"]).first()
        if existing:
            return existing.specific
        page = model(
            title=item["title"],
            slug=item["slug"],
            show_in_menus=item.get("show_in_menus", False),
            live=False,
        )
        if model is MeetingPage:
            # Validation needs the status before the first save.
            self.fill_meeting_dates(page, item)
        parent.add_child(instance=page)
        self.pending.append((page, item, fill))
        self.created.append(f"page {page.url_path}")
        return page

    def fill_common(self, page, item):
        page.introduction = item.get("introduction", "")
        if "body" in item:
            page.body = json.dumps(self.resolve_blocks(item["body"]))

    def resolve_blocks(self, blocks):
        resolved = []
        for block in blocks:
            value = block["value"]
            if isinstance(value, dict) and isinstance(value.get("page"), str):
                path = "/" + "/".join(["home", *value["page"].split("/")]) + "/"
                target = Page.objects.get(url_path__endswith=path, locale=self.locale)
                value = dict(value, page=target.pk)
            resolved.append({"type": block["type"], "value": value})
        return resolved

    def fill_index(self, page, item):
        self.fill_common(page, item)
        page.lead_organisers = item.get("lead_organisers", "").strip()
        page.project_lead = self.contacts.get(item.get("project_lead"))

    def fill_conference(self, page, item):
        self.fill_common(page, item)
        page.districts = [self.districts[slug] for slug in item["districts"]]
        page.contact_links = [
            DistrictConferenceContact(contact=self.contacts[name]) for name in item["contacts"]
        ]

    def fill_meeting_dates(self, page, item):
        page.status = item["status"]
        tz = timezone.get_default_timezone()
        for key in ("start", "end"):
            if item.get(key):
                value = datetime.datetime.fromisoformat(item[key]).replace(tzinfo=tz)
                setattr(page, key, value)

    def fill_meeting(self, page, item):
        self.fill_common(page, item)
        self.fill_meeting_dates(page, item)
        page.venue = self.venues.get(item.get("venue"))

    def fill_project(self, page, item):
        self.fill_common(page, item)
        page.tagline = item.get("tagline", "")
        page.venue = self.venues.get(item.get("venue"))
        page.price = Decimal(item["price"]) if item.get("price") else None
        page.price_includes = item.get("price_includes", "")
        page.conference = self.conferences.get(item.get("conference"))
        page.schedule_rules = [
            ProjectScheduleRule(
                weekday=rule["weekday"],
                start_time=datetime.time.fromisoformat(rule["start_time"]),
                end_time=datetime.time.fromisoformat(rule["end_time"]),
            )
            for rule in item.get("schedule", [])
        ]
        page.full_clean()
