"""Builders for test data: snippets as factories, pages as small functions."""

import datetime

from django.utils import timezone

from wagtail.models import Page

import factory
import wagtail_factories

from stadtteil_pages.models import (
    ConferenceIndexPage,
    ContactPerson,
    District,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
    ProjectScheduleRule,
    ProtocolIndexPage,
    Venue,
)


class DistrictFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Bezirk {n}")
    slug = factory.Sequence(lambda n: f"bezirk-{n}")

    class Meta:
        model = District
        django_get_or_create = ("slug",)


class VenueFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Treffpunkt {n}")
    street = "Im Welperfeld 23"
    postal_code = "45527"
    city = "Hattingen"

    class Meta:
        model = Venue


class ContactPersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    phone = "+4923242040"
    live = True

    class Meta:
        model = ContactPerson


def page_types():
    """Every page type of the site, for tests that must cover all of them."""
    from home.models import (
        AccessibilityPage,
        EasyLanguagePage,
        HomePage,
        ImprintPage,
        PrivacyPage,
        StandardPage,
    )

    return [
        HomePage,
        StandardPage,
        ImprintPage,
        PrivacyPage,
        AccessibilityPage,
        EasyLanguagePage,
        ConferenceIndexPage,
        DistrictConferencePage,
        MeetingPage,
        ProjectPage,
        ProtocolIndexPage,
    ]


def berlin(*args):
    """An aware datetime in the event time zone."""
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())


def add_page(parent, page, *, live=True):
    """Add a page below parent and publish it through a revision (or not)."""
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def conference_tree(root=None, district_slug="welper"):
    """An index with one district conference, as a minimal site."""
    root = root or Page.get_first_root_node().get_children().first()
    index = add_page(root, ConferenceIndexPage(title="Stadtteilkonferenzen", slug="sk"))
    district = DistrictFactory(name=district_slug.title(), slug=district_slug)
    conference = DistrictConferencePage(title=f"Konferenz {district.name}", slug=district_slug)
    conference.districts = [district]
    add_page(index, conference)
    return index, conference


def meeting(conference, *, live=True, **fields):
    fields.setdefault("title", "Termin")
    fields.setdefault("slug", f"termin-{MeetingPage.objects.count() + 1}")
    fields.setdefault("status", MeetingPage.Status.SCHEDULED)
    if fields["status"] == MeetingPage.Status.SCHEDULED:
        fields.setdefault("start", timezone.now() + datetime.timedelta(days=7))
    return add_page(conference, MeetingPage(**fields), live=live)


def project(parent, *, rules=((0, "12:00", "13:30"),), live=True, **fields):
    fields.setdefault("title", "Mittagstisch")
    fields.setdefault("slug", "mittagstisch")
    page = ProjectPage(**fields)
    page.schedule_rules = [
        ProjectScheduleRule(
            weekday=weekday,
            start_time=datetime.time.fromisoformat(start),
            end_time=datetime.time.fromisoformat(end),
        )
        for weekday, start, end in rules
    ]
    return add_page(parent, page, live=live)


def protocol_index(index):
    return add_page(index, ProtocolIndexPage(title="Protokolle", slug="protokolle"))


DocumentFactory = wagtail_factories.DocumentFactory
