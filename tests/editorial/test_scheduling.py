"""Dates prepared in advance go live on time, and only through `publish_scheduled`."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import resolve
from django.utils import timezone

import pytest
import time_machine

from stadtteil_pages.models import ContactPerson, MeetingPage
from stadtteil_pages.public.publication import published, published_snippets
from tests.factories import meeting

from .admin_forms import approve, post_edit


def admin_time(moment):
    """A datetime as the admin's date-time widget posts it (local time)."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def publish_scheduled():
    call_command("publish_scheduled", stdout=StringIO())


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def api_is_routed():
    return resolve("/api/v2/pages/").url_name != "wagtail_serve"


def public_everywhere(client, conference, page):
    """Where visitors would see the meeting: its page, the listing, the API."""
    seen = {
        "page": client.get(page.url).status_code == 200,
        "conference page": f'href="{page.url}"' in client.get(conference.url).content.decode(),
        "listing": published(MeetingPage, locale=None).filter(pk=page.pk).exists(),
    }
    if api_is_routed():
        items = client.get("/api/v2/pages/?type=stadtteil_pages.MeetingPage").json()["items"]
        seen["api"] = page.pk in [item["id"] for item in items]
    return seen


@pytest.fixture
def now():
    return timezone.now().replace(second=0, microsecond=0)


def test_an_approved_meeting_waits_for_its_go_live_time(tree, users, login, client, now):
    draft = meeting(
        tree.welper,
        live=False,
        title="Stadtteilkonferenz im Frühjahr",
        slug="fruehjahr",
        start=now + datetime.timedelta(days=30),
    )
    go_live = now + datetime.timedelta(days=2)
    post_edit(login(users.welper), draft, "action-submit", go_live_at=admin_time(go_live))
    approve(login(users.freigabe), reload(draft))
    draft = reload(draft)
    assert draft.approved_schedule and not draft.live
    client.logout()

    publish_scheduled()
    assert not any(public_everywhere(client, tree.welper, reload(draft)).values())

    with time_machine.travel(go_live - datetime.timedelta(minutes=1), tick=False):
        publish_scheduled()
        assert not any(public_everywhere(client, tree.welper, reload(draft)).values())

    with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
        assert not reload(draft).live, "nothing happens before the command runs"
        publish_scheduled()
        assert all(public_everywhere(client, tree.welper, reload(draft)).values())


def test_a_changed_date_replaces_the_live_one_on_time(tree, users, login, now):
    live = tree.welper_meeting
    go_live = now + datetime.timedelta(hours=6)
    new_start = timezone.localtime(now + datetime.timedelta(days=14)).replace(hour=17, minute=0)
    post_edit(
        login(users.welper),
        live,
        "action-submit",
        start=admin_time(new_start),
        go_live_at=admin_time(go_live),
    )
    approve(login(users.freigabe), reload(live))
    assert reload(live).start != new_start, "the old date stays public until go-live"

    with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
        publish_scheduled()
    assert reload(live).start == new_start


def test_a_meeting_expires_when_publish_scheduled_runs(tree, users, login, client, now):
    expiry = now + datetime.timedelta(days=1)
    post_edit(
        login(users.welper), tree.welper_meeting, "action-submit", expire_at=admin_time(expiry)
    )
    approve(login(users.freigabe), reload(tree.welper_meeting))
    client.logout()
    assert all(public_everywhere(client, tree.welper, reload(tree.welper_meeting)).values())

    with time_machine.travel(expiry + datetime.timedelta(minutes=1), tick=False):
        publish_scheduled()
        page = reload(tree.welper_meeting)
        assert page.expired and not page.live
        assert not any(public_everywhere(client, tree.welper, page).values())


def test_a_contact_is_scheduled_and_expires_like_a_page(tree, users, login, now):
    go_live = now + datetime.timedelta(days=1)
    expiry = now + datetime.timedelta(days=10)
    contact = ContactPerson.objects.create(name="Neue Ansprechperson", email="neu@example.org")
    contact.live = False
    contact.save()
    post_edit(
        login(users.redaktion),
        contact,
        "action-submit",
        go_live_at=admin_time(go_live),
        expire_at=admin_time(expiry),
    )
    approve(login(users.freigabe), reload(contact))
    assert not published_snippets(ContactPerson, locale=None).filter(pk=contact.pk).exists()

    with time_machine.travel(go_live + datetime.timedelta(minutes=1), tick=False):
        publish_scheduled()
        assert published_snippets(ContactPerson, locale=None).filter(pk=contact.pk).exists()

    with time_machine.travel(expiry + datetime.timedelta(minutes=1), tick=False):
        publish_scheduled()
        assert not published_snippets(ContactPerson, locale=None).filter(pk=contact.pk).exists()
        assert reload(contact).expired
