"""The response cache: anonymous visitors get cached answers, never stale ones.

A change made through Wagtail's publishing (page or contact, venue, move,
delete, scheduled expiry) shows on the very next request; editors never
get an answer rendered for someone else.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from stadtteil_pages.cache import middleware
from stadtteil_pages.models import ContactPerson, DistrictConferencePage, MeetingPage, Venue
from tests.factories import meeting as add_meeting

WELPER = "/stadtteilkonferenzen/welper/"
# Shared-cache behaviour (as with Redis): the content state lives in the cache
# between changes, so only invalidation can make a change visible.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def shared_cache(response_cache):
    """The response cache on."""


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the transaction's commit (the invalidation) right away."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def test_a_repeated_anonymous_get_costs_no_query(client, hattingen):
    first, first_queries = get(client, WELPER)
    again, queries = get(client, WELPER)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert first_queries > 10 and queries == 0


def test_a_conditional_get_is_answered_304_before_rendering(client, hattingen):
    etag = client.get(WELPER)["ETag"]
    response, queries = get(client, WELPER, **{"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b""
    assert queries == 0


def test_the_key_holds_scheme_query_string_as_sent_and_language(client, hattingen):
    api = "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=title"
    german = client.get(api, headers={"Accept-Language": "de"})
    arabic = client.get(api, headers={"Accept-Language": "ar"})
    again = client.get(api, headers={"Accept-Language": "de"})
    assert german["Content-Language"] == again["Content-Language"] == "de"
    assert arabic["Content-Language"] == "ar"
    assert again.content == german.content
    plain = client.get("/sitemap.xml")
    secure = client.get("/sitemap.xml", secure=True)
    assert b"https://" in secure.content and b"https://" not in plain.content
    first = client.get("/suche/?q=Welper&q=Winz")
    second = client.get("/suche/?q=Winz&q=Welper")
    assert first["ETag"] != second["ETag"]


def test_api_answers_are_cached_with_their_public_max_age(client, hattingen):
    url = "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*"
    first = client.get(url)
    again, queries = get(client, url)
    assert again.json() == first.json() and queries == 0
    assert again["Cache-Control"] == "public, max-age=300"
    not_modified, _ = get(client, url, **{"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304 and "max-age=300" in not_modified["Cache-Control"]


def test_publishing_a_change_shows_on_the_next_get(client, hattingen, commit):
    client.get(WELPER)
    page = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    page.title = "Stadtteilkonferenz Welper und Blankenstein"
    commit(lambda: page.save_revision().publish())
    html = client.get(WELPER).content.decode()
    assert "<h1>Stadtteilkonferenz Welper und Blankenstein</h1>" in html


def test_a_draft_does_not_invalidate_but_is_not_shown_either(client, hattingen, commit):
    client.get(WELPER)
    page = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    page.title = "Entwurf"
    commit(page.save_revision)
    response, queries = get(client, WELPER)
    assert queries == 0 and "Entwurf" not in response.content.decode()


def test_unpublishing_and_deleting_remove_the_page_at_once(client, hattingen, commit):
    meeting = MeetingPage.objects.live().filter(path__startswith=_welper().path).first()
    assert client.get(meeting.url).status_code == 200
    commit(meeting.unpublish)
    assert client.get(meeting.url).status_code == 404
    other = MeetingPage.objects.live().exclude(pk=meeting.pk).first()
    url = other.url
    assert client.get(url).status_code == 200
    commit(other.delete)
    assert client.get(url).status_code == 404


def test_moving_a_page_shows_at_the_new_address(client, hattingen, commit):
    meeting = MeetingPage.objects.live().filter(path__startswith=_welper().path).first()
    old_url = meeting.url
    assert client.get(old_url).status_code == 200
    target = DistrictConferencePage.objects.exclude(pk=_welper().pk).first()
    commit(lambda: meeting.move(target, pos="last-child"))
    assert client.get(old_url).status_code != 200
    assert (
        client.get(
            MeetingPage.objects.get(locale__language_code="de", pk=meeting.pk).url
        ).status_code
        == 200
    )


def test_publishing_a_contact_changes_every_page_that_shows_it(client, hattingen, commit):
    contact = ContactPerson.objects.get(name="Svenja Stirnberg")
    before = client.get(WELPER).content.decode()
    assert "Svenja Stirnberg" in before
    contact.name = "Svenja Stirnberg-Kaya"
    commit(lambda: contact.save_revision().publish())
    assert "Svenja Stirnberg-Kaya" in client.get(WELPER).content.decode()
    api = client.get("/api/v2/contacts/?fields=name").json()
    assert "Svenja Stirnberg-Kaya" in [item["name"] for item in api["items"]]


def test_changing_a_venue_changes_the_meeting_pages(client, hattingen, commit):
    meeting = MeetingPage.objects.live().exclude(venue=None).first()
    client.get(meeting.url)
    venue = Venue.objects.get(pk=meeting.venue_id)
    venue.street = "Neue Straße 1"
    commit(venue.save)
    assert "Neue Straße 1" in client.get(meeting.url).content.decode()


def test_a_scheduled_expiry_applies_when_it_is_due_without_any_signal(client, hattingen):
    meeting = MeetingPage.objects.live().first()
    soon = timezone.now() + datetime.timedelta(minutes=1)
    MeetingPage.objects.filter(pk=meeting.pk).update(expire_at=soon)
    cache.clear()
    url = f"/api/v2/pages/{meeting.pk}/"
    assert client.get(url).status_code == 200
    with time_machine.travel(soon + datetime.timedelta(seconds=1)):
        assert client.get(url).status_code == 404


def test_a_scheduled_go_live_shows_at_its_moment_without_publish_scheduled(
    client, hattingen, commit
):
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    meeting = add_meeting(welper, live=False, title="Frühjahrskonferenz", slug="fruehjahr")
    soon = timezone.now() + datetime.timedelta(minutes=1)
    meeting.go_live_at = soon
    commit(lambda: meeting.save_revision().publish())
    assert client.get(WELPER).status_code == 200
    assert meeting.url not in client.get(WELPER).content.decode()  # kept, still before
    assert client.get(meeting.url).status_code == 404
    with time_machine.travel(soon + datetime.timedelta(seconds=1)):
        assert meeting.url in client.get(WELPER).content.decode()
        assert client.get(meeting.url).status_code == 200
        api = client.get(f"/api/v2/pages/{meeting.pk}/")
        assert api.status_code == 200 and api.json()["title"] == "Frühjahrskonferenz"


def test_a_kept_page_moves_a_date_from_upcoming_to_past_when_it_starts(client, hattingen):
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    start = timezone.now() + datetime.timedelta(minutes=5)
    meeting = add_meeting(welper, title="Kurzfristige Konferenz", slug="kurzfristig", start=start)
    meeting.end = start + datetime.timedelta(hours=2)
    meeting.save_revision().publish()
    cache.clear()
    first = client.get(meeting.url)
    assert client.get(meeting.url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    with time_machine.travel(meeting.end + datetime.timedelta(seconds=1)):
        after = client.get(meeting.url, headers={"If-None-Match": first["ETag"]})
        assert after.status_code == 200 and after["ETag"] != first["ETag"]
        assert after.content != first.content


def test_editors_never_get_a_cached_page_nor_leave_one(client, hattingen):
    anonymous = client.get(WELPER)
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    for _ in range(2):
        response, queries = get(client, WELPER)
        assert response.status_code == 200 and queries > 5
        assert response.content != anonymous.content  # the editor's bar is there
        assert response.get("ETag") != anonymous["ETag"]
    client.logout()
    client.cookies.clear()
    assert client.get(WELPER).content == anonymous.content


def test_preview_and_admin_are_never_cached(client, hattingen):
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    page = _welper()
    page.title = "Vorschau-Titel"
    page.save_revision()
    response = client.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert "ETag" not in response


def test_errors_and_bad_requests_are_not_cached(client, hattingen):
    assert client.get("/gibt-es-nicht/").status_code == 404
    response = client.get("/api/v2/pages/?limit=abc")
    assert response.status_code == 400 and "ETag" not in response


def _welper():
    return DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")


def test_a_streamed_calendar_is_kept_and_served_again(client, hattingen):
    url = "/stadtteilkonferenzen/termine.ics"
    first = client.get(url)
    body = first.getvalue()
    assert first.streaming and body.startswith(b"BEGIN:VCALENDAR")
    again, queries = get(client, url)
    assert queries == 0 and again.getvalue() == body
    assert again["Content-Type"] == "text/calendar; charset=utf-8"


def test_a_streamed_answer_above_the_limit_is_passed_on_but_not_kept(client, hattingen, settings):
    settings.STADTTEIL_CACHE_MAX_BYTES = 100
    url = "/stadtteilkonferenzen/termine.ics"
    body = client.get(url).getvalue()
    again, queries = get(client, url)
    assert again.getvalue() == body and queries > 0


class CountingCache:
    """The configured cache, counting the requests made to it."""

    def __init__(self, cache):
        self.cache = cache
        self.calls = []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def test_a_kept_answer_is_served_after_two_requests_to_the_cache(client, hattingen, monkeypatch):
    first = client.get(WELPER)
    counting = CountingCache(middleware.cache())
    monkeypatch.setattr(middleware, "cache", lambda: counting)
    again, queries = get(client, WELPER)
    assert again.content == first.content and queries == 0
    # The answer, then the versions of its tags.
    assert counting.calls == ["get_many", "get_many"]
