"""Editors create every page type through the real admin forms (in German)."""

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from home.models import HomePage, StandardPage
from stadtteil_pages.models import (
    ConferenceIndexPage,
    District,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
    ProtocolIndexPage,
    Venue,
)
from stadtteil_pages.queries.pages import contacts


def page_data(title, raw=None, **fields):
    """Admin form data; `raw` holds fields that must not be flattened."""
    data = {
        "title": title,
        "introduction": "",
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return {**nested_form_data(data), **(raw or {})}


class AdminFormTestCase(WagtailPageTestCase):
    @pytest.fixture(autouse=True)
    def _hattingen(self, hattingen):
        """The Hattingen content, restored before each test from the session's snapshot."""

    def setUp(self):
        self.login()
        self.home = HomePage.objects.get(locale__language_code="de")
        self.index = ConferenceIndexPage.objects.get(locale__language_code="de")
        self.welper = DistrictConferencePage.objects.get(slug="welper", locale__language_code="de")

    def post_add(self, parent, model, data, action="action-publish"):
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        return self.client.post(url, {**data, action: action})

    def form_errors(self, response):
        self.assertEqual(response.status_code, 200, "the form should be shown again")
        return response.context["form"].errors


class CreatePagesTest(AdminFormTestCase):
    def test_editor_creates_a_standard_page(self):
        self.assertCanCreate(self.home, StandardPage, page_data("Kontakt", slug="kontakt"))

    def test_editor_creates_a_district_conference_with_a_contact(self):
        contact = self.welper.contact_links.first().contact
        data = page_data(
            "Stadtteilkonferenz Blankenstein",
            slug="blankenstein",
            raw={
                "districts": [District.objects.create(name="Blankenstein", slug="blankenstein").pk]
            },
            contact_links=inline_formset([{"contact": contact.pk}]),
            body=streamfield([("paragraph", rich_text("<p>Neu.</p>"))]),
        )
        self.assertCanCreate(self.index, DistrictConferencePage, data)
        page = DistrictConferencePage.objects.get(locale__language_code="de", slug="blankenstein")
        self.assertEqual([c.pk for c in contacts(page)], [contact.pk])

    def test_editor_creates_a_scheduled_meeting(self):
        data = page_data(
            "Stadtteilkonferenz Welper im Dezember",
            slug="2026-12-03",
            status="scheduled",
            start="2026-12-03 17:00",
            end="2026-12-03 19:00",
            venue=Venue.objects.get(name="Bürgertreff Welper").pk,
            agenda=streamfield([]),
            documents=inline_formset([]),
        )
        self.assertCanCreate(self.welper, MeetingPage, data)
        meeting = MeetingPage.objects.get(locale__language_code="de", slug="2026-12-03")
        self.assertEqual(meeting.start.isoformat(), "2026-12-03T16:00:00+00:00")

    def test_editor_creates_a_project_with_a_weekly_date_and_a_closure(self):
        data = page_data(
            "Repair-Café Welper",
            slug="repair-cafe",
            tagline="Reparieren statt wegwerfen",
            price="0",
            closed_on_public_holidays="on",
            schedule_rules=inline_formset(
                [
                    {
                        "weekday": "2",
                        "start_time": "15:00",
                        "end_time": "17:00",
                        "valid_from": "2026-01-01",
                        "valid_until": "2026-12-31",
                    }
                ]
            ),
            closures=inline_formset([{"start_date": "2026-07-01", "end_date": "2026-07-31"}]),
            contact_links=inline_formset([]),
        )
        self.assertCanCreate(self.welper, ProjectPage, data)
        project = ProjectPage.objects.get(locale__language_code="de", slug="repair-cafe")
        self.assertEqual(project.schedule_rules.count(), 1)
        self.assertEqual(project.closures.count(), 1)

    def test_editor_creates_an_index_and_archive_on_a_new_home(self):
        home = HomePage(title="Zweite Stadt", slug="zweite-stadt")
        self.home.get_parent().add_child(instance=home)
        self.assertCanCreate(
            home, ConferenceIndexPage, page_data("Konferenzen", slug="konferenzen")
        )
        index = ConferenceIndexPage.objects.get(locale__language_code="de", slug="konferenzen")
        self.assertCanCreate(index, ProtocolIndexPage, page_data("Archiv", slug="archiv"))

    def test_only_one_conference_index_per_home_page(self):
        self.assertFalse(ConferenceIndexPage.can_create_at(self.home))
        self.assertFalse(ProtocolIndexPage.can_create_at(self.index))


class AdminValidationTest(AdminFormTestCase):
    def meeting_data(self, **fields):
        return page_data(
            "Termin",
            slug="termin",
            agenda=streamfield([]),
            documents=inline_formset([]),
            **fields,
        )

    def test_scheduled_meeting_without_start_is_refused(self):
        response = self.post_add(self.welper, MeetingPage, self.meeting_data(status="scheduled"))
        self.assertIn("braucht Datum und Uhrzeit", str(self.form_errors(response)["start"]))
        self.assertFalse(MeetingPage.objects.filter(slug="termin").exists())

    def test_meeting_ending_before_it_starts_is_refused(self):
        data = self.meeting_data(
            status="scheduled", start="2026-12-03 17:00", end="2026-12-03 16:00"
        )
        response = self.post_add(self.welper, MeetingPage, data)
        self.assertIn("muss nach dem Beginn liegen", str(self.form_errors(response)["end"]))

    def test_meeting_to_be_announced_with_a_start_is_refused(self):
        data = self.meeting_data(status="tba", start="2026-12-03 17:00")
        response = self.post_add(self.welper, MeetingPage, data)
        self.assertIn("noch bekannt gegeben wird", str(self.form_errors(response)["start"]))

    def project_data(self, rules, closures=(), price="3.50"):
        return page_data(
            "Projekt",
            slug="projekt",
            price=price,
            schedule_rules=inline_formset(list(rules)),
            closures=inline_formset(list(closures)),
            contact_links=inline_formset([]),
        )

    def test_negative_price_is_refused(self):
        response = self.post_add(self.welper, ProjectPage, self.project_data([], price="-1"))
        self.assertIn("darf nicht negativ sein", str(self.form_errors(response)["price"]))

    def test_schedule_rule_ending_before_it_starts_is_refused(self):
        rule = {"weekday": "0", "start_time": "13:30", "end_time": "12:00"}
        response = self.post_add(self.welper, ProjectPage, self.project_data([rule]))
        self.assertEqual(response.status_code, 200)
        rule_form = response.context["form"].formsets["schedule_rules"].forms[0]
        self.assertIn("Endzeit muss nach der Anfangszeit", str(rule_form.errors["end_time"]))
        self.assertFalse(ProjectPage.objects.filter(slug="projekt").exists())

    def test_closure_outside_the_schedule_validity_is_refused(self):
        rule = {
            "weekday": "0",
            "start_time": "12:00",
            "end_time": "13:30",
            "valid_from": "2026-01-01",
            "valid_until": "2026-06-30",
        }
        closure = {"start_date": "2026-08-01", "end_date": "2026-08-15"}
        response = self.post_add(self.welper, ProjectPage, self.project_data([rule], [closure]))
        self.assertEqual(response.status_code, 200)
        closure_form = response.context["form"].formsets["closures"].forms[0]
        self.assertIn("außerhalb des Zeitraums", str(closure_form.errors["start_date"]))
        self.assertFalse(ProjectPage.objects.filter(slug="projekt").exists())

    def test_call_to_action_without_page_or_address_is_refused(self):
        cta = {"text": "Jetzt ansehen", "page": "", "url": ""}
        data = page_data("Aufruf", slug="aufruf", body=streamfield([("call_to_action", cta)]))
        response = self.post_add(self.home, StandardPage, data)
        self.assertIn("body", self.form_errors(response))
        self.assertContains(response, "entweder eine Seite oder eine externe Adresse")
        self.assertFalse(StandardPage.objects.filter(slug="aufruf").exists())

    def test_conference_without_district_is_refused(self):
        data = page_data("Ohne Bezirk", slug="ohne", contact_links=inline_formset([]))
        response = self.post_add(self.index, DistrictConferencePage, data)
        self.assertIn("districts", self.form_errors(response))
