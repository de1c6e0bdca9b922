"""Validation rules, checked through full_clean() as any code path would."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation

from wagtail.models import Page

import pytest

from stadtteil_pages.models import (
    ContactPerson,
    MeetingPage,
    ProjectClosure,
    ProjectPage,
    ProjectScheduleRule,
    Venue,
)
from tests.factories import berlin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages as written in the code; the admin tests check the German ones."""
    with translation.override("en"):
        yield


def check(instance):
    """full_clean(); an unsaved page has no tree position yet, as in the admin."""
    exclude = ["path", "depth"] if isinstance(instance, Page) else None
    instance.full_clean(exclude=exclude)


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        check(instance)
    return caught.value.message_dict


def meeting(**fields):
    return MeetingPage(title="Termin", slug="termin", **fields)


def test_scheduled_meeting_needs_a_start():
    assert "start" in errors_of(meeting(status=MeetingPage.Status.SCHEDULED))


def test_end_must_follow_start():
    errors = errors_of(meeting(start=berlin(2026, 12, 3, 17), end=berlin(2026, 12, 3, 17)))
    assert errors["end"] == ["The end must be after the start."]


def test_end_without_start_is_refused():
    errors = errors_of(meeting(status=MeetingPage.Status.POSTPONED, end=berlin(2026, 12, 3, 19)))
    assert "end" in errors


def test_meeting_to_be_announced_has_no_start():
    errors = errors_of(meeting(status=MeetingPage.Status.TO_BE_ANNOUNCED, start=berlin(2026, 1, 1)))
    assert "start" in errors


def test_valid_meetings_pass():
    check(meeting(status=MeetingPage.Status.TO_BE_ANNOUNCED))
    check(meeting(start=berlin(2026, 12, 3, 17), end=berlin(2026, 12, 3, 19)))


def test_schedule_rule_end_must_follow_start():
    rule = ProjectScheduleRule(
        weekday=0, start_time=datetime.time(13, 30), end_time=datetime.time(12)
    )
    assert "end_time" in errors_of(rule)


def test_schedule_rule_validity_must_not_run_backwards():
    rule = ProjectScheduleRule(
        weekday=0,
        start_time=datetime.time(12),
        end_time=datetime.time(13),
        valid_from=datetime.date(2026, 6, 1),
        valid_until=datetime.date(2026, 5, 1),
    )
    assert "valid_until" in errors_of(rule)


def test_closure_range_must_not_run_backwards():
    closure = ProjectClosure(
        start_date=datetime.date(2026, 8, 15), end_date=datetime.date(2026, 8, 1)
    )
    assert "end_date" in errors_of(closure)


def project(price=Decimal("3.50"), closures=()):
    page = ProjectPage(title="Mittagstisch", slug="mittagstisch", price=price)
    page.schedule_rules = [
        ProjectScheduleRule(
            weekday=0,
            start_time=datetime.time(12),
            end_time=datetime.time(13, 30),
            valid_from=datetime.date(2026, 1, 1),
            valid_until=datetime.date(2026, 12, 31),
        )
    ]
    page.closures = [ProjectClosure(start_date=start, end_date=end) for start, end in closures]
    return page


def test_closure_outside_the_validity_is_refused():
    page = project(closures=[(datetime.date(2027, 1, 4), None)])
    assert "outside the period" in str(errors_of(page))


def test_closure_inside_the_validity_passes():
    check(project(closures=[(datetime.date(2026, 7, 1), datetime.date(2026, 7, 31))]))


def test_negative_price_is_refused():
    assert errors_of(project(price=Decimal("-0.01")))["price"] == ["The price cannot be negative."]


def test_free_project_is_fine():
    check(project(price=Decimal("0")))


@pytest.mark.parametrize(
    ("written", "stored", "shown"),
    [
        ("(0 23 24) 204 3010", "+4923242043010", "02324 2043010"),
        ("02324 / 6 23 23", "+49232462323", "02324 62323"),
        ("+49 2324 2040", "+4923242040", "02324 2040"),
        ("0171 1234567", "+491711234567", "0171 1234567"),
    ],
)
def test_phone_numbers_are_stored_normalised_and_shown_german(written, stored, shown):
    contact = ContactPerson(name="Test", phone=written)
    contact.full_clean()
    contact.save()
    contact.refresh_from_db()
    assert str(contact.phone) == stored
    assert contact.display_phone == shown


@pytest.mark.parametrize("written", ["Rathaus", "12", "siehe oben", "+49 1", "2040"])
def test_text_that_is_no_phone_number_is_refused(written):
    assert "phone" in errors_of(ContactPerson(name="Test", phone=written))


def test_contact_needs_phone_or_email():
    errors = errors_of(ContactPerson(name="Nur Name"))
    assert errors["__all__"] == ["Give at least one way to reach this person: phone or e-mail."]
    ContactPerson(name="Mit Mail", email="info@example.org").full_clean()


def test_venue_needs_both_coordinates_or_none():
    venue = Venue(name="Treff", street="Weg 1", latitude=Decimal("51.4"))
    assert "__all__" in errors_of(venue)
    Venue(name="Treff", street="Weg 1").full_clean()


def test_coordinates_must_be_on_earth():
    venue = Venue(name="Treff", street="Weg 1", latitude=Decimal("91"), longitude=Decimal("7"))
    assert "latitude" in errors_of(venue)
