"""Shared answers: what follows from the content alone is read once per content state.

Anonymous requests carry the content state (set by the response cache
middleware); the publication rule, breadcrumb trails, translations, the
frame's links and the route of an address are shared by the requests of one
process while that state holds. Requests without a state (logged-in editors)
compute per request, and every save or delete in the process drops what is
shared. These tests check that sharing saves queries and never shows a
visitor something older than the content.
"""

import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

import pytest

from stadtteil_pages import publication
from stadtteil_pages.models import DistrictConferencePage

DISTRICT = "/stadtteilkonferenzen/welper/"
MEETING = "/stadtteilkonferenzen/welper/naechster-termin/"
EDITOR_PAGES = ["/", "/stadtteilkonferenzen/", DISTRICT, MEETING]


class Counter:
    """A compute function that counts how often it runs."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"answer {self.calls}"


def anonymous(state=None):
    """A request as the middleware leaves it: with a content state, or without one."""
    request = RequestFactory().get("/")
    if state is not None:
        setattr(request, publication.STATE_ATTRIBUTE, state)
    return request


# remember(), unit by unit


def test_without_a_state_each_request_computes_once():
    compute = Counter()
    first, second = anonymous(), anonymous()
    assert publication.remember(first, "key", compute) == "answer 1"
    # Within one request the answer is kept ...
    assert publication.remember(first, "key", compute) == "answer 1"
    assert compute.calls == 1
    # ... but a second request without a state reads afresh.
    assert publication.remember(second, "key", compute) == "answer 2"
    assert compute.calls == 2


def test_requests_of_one_state_share_the_answer():
    compute = Counter()
    first, second = anonymous("state-1"), anonymous("state-1")
    assert publication.remember(first, "key", compute) == "answer 1"
    assert publication.remember(second, "key", compute) == "answer 1"
    assert compute.calls == 1


def test_a_different_key_is_not_shared():
    compute = Counter()
    publication.remember(anonymous("state-1"), ("pages", 1), compute)
    publication.remember(anonymous("state-1"), ("pages", 2), compute)
    assert compute.calls == 2


def test_a_new_state_computes_again():
    compute = Counter()
    publication.remember(anonymous("state-1"), "key", compute)
    assert publication.remember(anonymous("state-2"), "key", compute) == "answer 2"
    assert compute.calls == 2
    # The new state's answer is shared in its turn.
    assert publication.remember(anonymous("state-2"), "key", compute) == "answer 2"
    assert compute.calls == 2


def test_forget_drops_the_shared_answers():
    compute = Counter()
    publication.remember(anonymous("state-1"), "key", compute)
    publication.forget()
    assert publication.remember(anonymous("state-1"), "key", compute) == "answer 2"
    assert compute.calls == 2


def test_without_a_request_nothing_is_kept():
    compute = Counter()
    assert publication.remember(None, "key", compute) == "answer 1"
    assert publication.remember(None, "key", compute) == "answer 2"
    assert compute.calls == 2


def test_a_request_without_a_state_leaves_nothing_shared():
    compute = Counter()
    publication.remember(anonymous(), "key", compute)
    assert publication._shared == (None, {})
    # A request with a state afterwards does not find the stateless answer.
    publication.remember(anonymous("state-1"), "key", compute)
    assert compute.calls == 2


# Through the whole site


def queries_of(client, url):
    """The queries and the response of one request."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), response


def breadcrumb(html):
    found = re.search(r'<nav[^>]*class="breadcrumb".*?</nav>', html, re.DOTALL)
    assert found, "the page has a breadcrumb trail"
    return found.group(0)


@pytest.mark.django_db
def test_the_second_anonymous_request_costs_fewer_queries_and_renders_the_same(client, hattingen):
    client.get(DISTRICT)  # caches of the framework (content types, site root paths)
    publication.forget()
    cold, first = queries_of(client, DISTRICT)
    assert publication._shared[0] is not None, "an anonymous request shares its answers"
    warm, second = queries_of(client, DISTRICT)
    print(f"district page: {cold} queries cold, {warm} with shared answers")  # noqa: T201
    assert warm < cold
    assert second.content.decode() == first.content.decode()


@pytest.mark.django_db
def test_a_shared_route_and_trail_are_read_again_after_publishing(client, hattingen):
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    old_title = welper.title
    before = client.get(MEETING)
    assert before.status_code == 200
    assert f">{old_title}</a>" in breadcrumb(before.content.decode())

    welper.title = "Stadtteilkonferenz Welper-Blankenstein"
    welper.save_revision().publish()

    html = client.get(MEETING).content.decode()
    trail = breadcrumb(html)
    assert ">Stadtteilkonferenz Welper-Blankenstein</a>" in trail
    assert f">{old_title}</a>" not in trail


@pytest.mark.django_db
def test_another_process_learns_of_a_publication_through_the_content_state(
    client, hattingen, monkeypatch
):
    """Only this process's saves call ``forget``: others rely on the new state."""
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    old_title = welper.title
    assert f">{old_title}</a>" in breadcrumb(client.get(MEETING).content.decode())
    # What another app server kept from the request before the change.
    stale = publication._shared
    assert stale[0] is not None and stale[1], "the request shared its answers"

    welper.title = "Stadtteilkonferenz Welper-Blankenstein"
    welper.save_revision().publish()
    monkeypatch.setattr(publication, "_shared", stale)

    trail = breadcrumb(client.get(MEETING).content.decode())
    assert ">Stadtteilkonferenz Welper-Blankenstein</a>" in trail
    assert f">{old_title}</a>" not in trail


@pytest.mark.django_db
def test_an_unpublished_conference_hides_its_meeting_although_the_address_was_routed(
    client, hattingen
):
    assert client.get(MEETING).status_code == 200
    assert client.get(MEETING).status_code == 200  # served with the shared route

    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    welper.unpublish()

    assert client.get(MEETING).status_code == 404
    assert client.get(DISTRICT).status_code == 404


@pytest.mark.django_db
def test_another_process_learns_of_an_unpublication_through_the_content_state(
    client, hattingen, monkeypatch
):
    assert client.get(MEETING).status_code == 200
    stale = publication._shared
    assert stale[0] is not None and stale[1], "the request shared its answers"

    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    welper.unpublish()
    monkeypatch.setattr(publication, "_shared", stale)

    assert client.get(MEETING).status_code == 404


@pytest.fixture
def editor(hattingen, settings):
    # Django saves an editor's session after each request, and that save
    # alone would make this process forget: keep it from hiding a leak.
    settings.SESSION_SAVE_EVERY_REQUEST = False
    user = get_user_model().objects.create_superuser("redaktion", "redaktion@example.org", "pw")
    client = Client()
    client.force_login(user)
    for url in EDITOR_PAGES:
        client.get(url)  # Wagtail creates the editor's profile on the first request
    return client


@pytest.fixture
def saves():
    """Every model saved or deleted while the test runs (each one makes the process forget)."""
    seen = []

    def record(sender, **kwargs):
        seen.append(sender)

    post_save.connect(record, weak=False, dispatch_uid="test_shared_answers_saves")
    post_delete.connect(record, weak=False, dispatch_uid="test_shared_answers_deletes")
    yield seen
    post_save.disconnect(dispatch_uid="test_shared_answers_saves")
    post_delete.disconnect(dispatch_uid="test_shared_answers_deletes")


@pytest.mark.django_db
def test_an_editor_leaves_no_shared_answers_behind(editor, saves):
    publication.forget()
    for url in EDITOR_PAGES:
        response = editor.get(url)
        assert response.status_code == 200, url
        assert not hasattr(response.wsgi_request, publication.STATE_ATTRIBUTE), url
    assert saves == [], "nothing was saved that would have made the process forget"
    assert publication._shared == (None, {})


@pytest.mark.django_db
def test_after_an_editor_an_anonymous_request_still_costs_the_cold_count(editor, saves):
    visitor = Client()
    visitor.get(DISTRICT)  # caches of the framework
    publication.forget()
    cold, _ = queries_of(visitor, DISTRICT)
    publication.forget()

    for url in EDITOR_PAGES:
        assert editor.get(url).status_code == 200, url
    assert saves == [], "nothing was saved that would have made the process forget"

    after_editor, _ = queries_of(visitor, DISTRICT)
    assert after_editor == cold
    # Whereas after an anonymous request the answers are shared.
    warm, _ = queries_of(visitor, DISTRICT)
    assert warm < cold


# Answers that follow the clock (remember_for_now)


def test_answers_that_follow_the_clock_are_shared_within_one_bucket(settings):
    settings.STADTTEIL_CACHE_SECONDS = 300
    compute = Counter()
    assert publication.remember_for_now(anonymous("s1"), "dates", compute) == "answer 1"
    assert publication.remember_for_now(anonymous("s1"), "dates", compute) == "answer 1"
    assert compute.calls == 1


def test_without_a_bucket_answers_that_follow_the_clock_are_never_shared(settings):
    settings.STADTTEIL_CACHE_SECONDS = 0
    compute = Counter()
    publication.remember_for_now(anonymous("s1"), "dates", compute)
    publication.remember_for_now(anonymous("s1"), "dates", compute)
    assert compute.calls == 2
    assert publication._shared == (None, {})


@pytest.mark.django_db
def test_the_next_date_moves_on_with_the_clock(client, hattingen, settings):
    """A meeting that is over leaves the district page once its time bucket has passed."""
    import datetime

    from django.utils import timezone

    import time_machine

    from tests.factories import meeting

    settings.STADTTEIL_CACHE_SECONDS = 300
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    soon = timezone.now() + datetime.timedelta(hours=2)
    first = meeting(
        welper, title="Bald", slug="bald", start=soon, end=soon + datetime.timedelta(hours=1)
    )
    later = soon + datetime.timedelta(days=3)
    meeting(welper, title="Danach", slug="danach", start=later)

    def next_date():
        html = client.get(DISTRICT).content.decode()
        return re.search(r'<div class="next-date">.*?</div>', html, re.DOTALL).group(0)

    with time_machine.travel(soon - datetime.timedelta(minutes=30), tick=False):
        assert f'href="{first.url}"' in next_date()
        assert f'href="{first.url}"' in next_date()  # shared within the bucket
    with time_machine.travel(soon + datetime.timedelta(hours=2), tick=False):
        assert f'href="{first.url}"' not in next_date()


@pytest.mark.django_db
def test_an_api_listing_shows_a_published_change_at_once(client, hattingen):
    from stadtteil_pages.models import MeetingPage

    url = "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=title"
    [first, *_] = client.get(url).json()["items"]
    client.get(url)  # the items' representations are shared now

    target = MeetingPage.objects.get(pk=first["id"])
    target.title = "Umbenannte Sitzung"
    target.save_revision().publish()

    titles = {item["id"]: item["title"] for item in client.get(url).json()["items"]}
    assert titles[target.pk] == "Umbenannte Sitzung"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*&limit=5",
        "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*&limit=2&offset=1",
        "/api/v2/pages/?type=stadtteil_pages.DistrictConferencePage&fields=*&order=-title",
        "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=title,start&order=-start",
        "/api/v2/contacts/",
    ],
)
def test_a_listing_of_kept_items_equals_the_listing_it_was_kept_from(client, hattingen, url):
    """The second listing takes its items' representations from the first, unloaded."""
    with CaptureQueriesContext(connection) as loading:
        first = client.get(url)
    assert first.status_code == 200
    assert first.json()["items"], "the listing is not empty"
    with CaptureQueriesContext(connection) as keeping:
        second = client.get(url)
    assert second.json() == first.json()
    # The page's ids are read again, but no items and no related objects.
    assert len(keeping) < len(loading)
    assert len(keeping) <= 4
