"""A change invalidates exactly the kept answers that show it.

Every answer is requested once (and kept), then one change is made through
Wagtail's publishing. An answer that shows the change is rendered again
(it costs queries and shows the change); every other answer is still
served from the cache (no query) with the ETag it had. A change of the
site's structure (a page appears, disappears, moves or is renamed) shows in
the navigation, links and listings of every page: it invalidates everything.
"""

import datetime
from io import StringIO
from urllib.parse import urlsplit

from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.log_actions import log
from wagtail.models import Page

import pytest

from home.models import CityContactSettings, ImprintPage
from stadtteil_pages import changes
from stadtteil_pages.cache import tags
from stadtteil_pages.cache.middleware import (
    COUNTER_KEY,
    ResponseCacheMiddleware,
    cache,
    invalidate_tags,
)
from stadtteil_pages.models import (
    ContactPerson,
    District,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
    Venue,
)
from tests.factories import meeting as add_meeting

pytestmark = pytest.mark.django_db

HOME = "/"
INDEX = "/stadtteilkonferenzen/"
ARCHIVE = "/stadtteilkonferenzen/protokolle/"
WELPER = "/stadtteilkonferenzen/welper/"
WELPER_MEETING = "/stadtteilkonferenzen/welper/naechster-termin/"
WELPER_CALENDAR = "/stadtteilkonferenzen/welper/termine.ics"
MITTAGSTISCH = "/stadtteilkonferenzen/welper/mittagstisch/"
WINZ = "/stadtteilkonferenzen/winz-baak/"
WINZ_MEETING = "/stadtteilkonferenzen/winz-baak/2018-11-15/"
WINZ_CALENDAR = "/stadtteilkonferenzen/winz-baak/termine.ics"
HOLTHAUSEN = "/stadtteilkonferenzen/holthausen/"
IMPRINT = "/impressum/"
API_MEETINGS = "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*"
API_PROJECTS = "/api/v2/pages/?type=stadtteil_pages.ProjectPage&fields=*"
SEARCH = "/suche/?q=Welper"
EVERY = [
    HOME,
    INDEX,
    ARCHIVE,
    WELPER,
    WELPER_MEETING,
    WELPER_CALENDAR,
    MITTAGSTISCH,
    WINZ,
    WINZ_MEETING,
    WINZ_CALENDAR,
    HOLTHAUSEN,
    IMPRINT,
    API_MEETINGS,
    API_PROJECTS,
    SEARCH,
]


@pytest.fixture(autouse=True)
def shared_cache(response_cache):
    """The response cache on."""


def body(response):
    return response.getvalue() if response.streaming else response.content


class Answers:
    """The answers before a change, and which of them are served as kept after it."""

    def __init__(self, client, urls=EVERY):
        self.client = client
        self.urls = urls
        self.before = {}
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            self.before[url] = (response["ETag"], body(response))

    def after(self, change, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            change()
        # The first request after a change reads the content state afresh.
        self.client.get("/robots.txt")
        self.kept, self.renewed, self.status = set(), set(), {}
        for url in self.urls:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.status[url] = response.status_code
            if len(queries) == 0:
                assert (response["ETag"], body(response)) == self.before[url], url
                self.kept.add(url)
            else:
                self.renewed.add(url)
        return self


@pytest.fixture
def answers(client, hattingen, django_capture_on_commit_callbacks):
    def run(change, urls=EVERY):
        return Answers(client, urls).after(change, django_capture_on_commit_callbacks)

    return run


def _page(model, url):
    return next(
        page for page in model.objects.filter(locale__language_code="de") if page.url == url
    )


def test_publishing_a_meeting_renews_its_page_lists_and_feeds_only(answers, client):
    meeting = _page(MeetingPage, WELPER_MEETING)

    def change():
        meeting.status = MeetingPage.Status.POSTPONED
        meeting.save_revision().publish()

    result = answers(change)
    assert result.renewed == {
        HOME,
        INDEX,
        ARCHIVE,
        WELPER,
        WELPER_MEETING,
        WELPER_CALENDAR,
        API_MEETINGS,
        SEARCH,
    }
    assert result.kept == {
        WINZ,
        WINZ_MEETING,
        WINZ_CALENDAR,
        HOLTHAUSEN,
        MITTAGSTISCH,
        IMPRINT,
        API_PROJECTS,
    }
    assert "verschoben" in client.get(WELPER_MEETING).content.decode().lower()


def test_a_kept_answer_keeps_its_etag_and_a_renewed_one_does_not(client, answers):
    etags = {url: client.get(url)["ETag"] for url in (WINZ, WELPER)}
    meeting = _page(MeetingPage, WELPER_MEETING)
    answers(lambda: meeting.save_revision().publish(), urls=[WINZ, WELPER])
    winz = client.get(WINZ, headers={"If-None-Match": etags[WINZ]})
    welper = client.get(WELPER, headers={"If-None-Match": etags[WELPER]})
    assert winz.status_code == 304
    assert welper.status_code == 200 and welper["ETag"] != etags[WELPER]


def saving(instance, **fields):
    """A change that sets fields of a snippet without publishing (venues, districts)."""

    def change():
        for name, value in fields.items():
            setattr(instance, name, value)
        instance.save()

    return change


def test_changing_a_venue_renews_the_pages_that_use_it(answers, client):
    venue = Venue.objects.get(name="Bürgertreff Oberwinzerfeld")
    result = answers(saving(venue, street="Neue Straße 1"))
    assert {WINZ_MEETING, WINZ, WINZ_CALENDAR, INDEX, HOME, API_MEETINGS} <= result.renewed
    assert {WELPER, WELPER_MEETING, MITTAGSTISCH, HOLTHAUSEN, IMPRINT} <= result.kept
    assert "Neue Straße 1" in client.get(WINZ_MEETING).content.decode()


def test_publishing_a_contact_renews_the_pages_that_show_it(answers, client):
    contact = ContactPerson.objects.get(name="Svenja Stirnberg")
    user_ids, _elsewhere = tags.pages_using("stadtteil_pages.contactperson", [contact.pk])
    users = {page.path for page in Page.objects.filter(pk__in=user_ids)}
    welper = _page(DistrictConferencePage, WELPER)
    assert welper.path in users

    def change():
        contact.name = "Svenja Stirnberg-Kaya"
        contact.save_revision().publish()

    result = answers(change)
    # The conference, the dates below it (they name its people) and the index.
    assert {WELPER, WELPER_MEETING, INDEX, HOME} <= result.renewed
    shown_elsewhere = {
        url for url in (WINZ, HOLTHAUSEN) if _page(DistrictConferencePage, url).path in users
    }
    assert {WINZ, HOLTHAUSEN, IMPRINT} - shown_elsewhere <= result.kept
    assert "Svenja Stirnberg-Kaya" in client.get(WELPER).content.decode()


def test_unpublishing_a_conference_invalidates_every_answer(answers):
    welper = _page(DistrictConferencePage, WELPER)
    result = answers(welper.unpublish)
    assert result.status[WELPER] == result.status[WELPER_MEETING] == 404
    assert result.status[MITTAGSTISCH] == 404
    assert result.kept == set()


def test_moving_a_meeting_invalidates_every_answer(answers, client):
    meeting = _page(MeetingPage, WELPER_MEETING)
    holthausen = _page(DistrictConferencePage, HOLTHAUSEN)
    result = answers(lambda: meeting.move(holthausen, pos="last-child"))
    assert result.status[WELPER_MEETING] == 301  # the redirect Wagtail creates on a move
    assert result.kept == set()
    moved = MeetingPage.objects.get(pk=meeting.pk)
    assert client.get(moved.url).status_code == 200
    assert moved.title.encode() not in b"".join(client.get(WELPER_CALENDAR).streaming_content)


def test_deleting_a_meeting_invalidates_every_answer(answers):
    meeting = _page(MeetingPage, WINZ_MEETING)
    result = answers(meeting.delete)
    assert result.status[WINZ_MEETING] == 404
    assert result.kept == set()


def test_a_new_meeting_invalidates_every_answer(answers, client):
    holthausen = _page(DistrictConferencePage, HOLTHAUSEN)

    start = timezone.now() + datetime.timedelta(days=20)
    result = answers(lambda: add_meeting(holthausen, slug="neuer-termin", start=start))
    assert result.kept == set()
    assert "neuer-termin" in client.get(HOLTHAUSEN).content.decode()


def test_renaming_a_district_invalidates_every_answer(answers, client):
    district = District.objects.get(name="Welper")
    result = answers(saving(district, name="Welper-Blankenstein"))
    assert result.kept == set()
    assert "Welper-Blankenstein" in client.get(HOME).content.decode()


def test_publishing_a_page_of_the_frame_renews_every_answer(answers):
    imprint = ImprintPage.objects.get(locale__language_code="de")

    def change():
        imprint.title = "Impressum der Stadt"
        imprint.save_revision().publish()

    result = answers(change)
    assert result.kept == set()


def test_a_site_setting_renews_every_answer(answers, hattingen):
    settings_row = CityContactSettings.objects.first()

    def change():
        settings_row.save()
        log(settings_row, "wagtail.edit")

    result = answers(change)
    assert result.kept == set()


def test_a_draft_renews_nothing(answers):
    meeting = _page(MeetingPage, WELPER_MEETING)

    def change():
        meeting.title = "Entwurf"
        meeting.save_revision()

    result = answers(change)
    assert result.renewed == set()


def test_a_rolled_back_change_is_not_handed_on_and_the_next_one_still_is(answers):
    project = _page(ProjectPage, MITTAGSTISCH)
    winz_meeting = _page(MeetingPage, WINZ_MEETING)

    def rolled_back():
        with transaction.atomic():
            changes.record(published=[winz_meeting.pk])
            transaction.set_rollback(True)

    assert answers(rolled_back).renewed == set()
    result = answers(lambda: project.save_revision().publish())
    assert MITTAGSTISCH in result.renewed and WELPER in result.renewed


def test_an_answer_rendered_during_a_change_is_not_kept(hattingen):
    names = {tags.ALL, "page:0001"}
    counter = cache().get(COUNTER_KEY)
    assert ResponseCacheMiddleware.versions(names, counter) is not None
    invalidate_tags({"page:0001"})
    assert ResponseCacheMiddleware.versions(names, counter) is None
    assert ResponseCacheMiddleware.versions(names, cache().get(COUNTER_KEY)) is not None


class RecordingBackend(BaseBackend):
    """A CDN that writes down what it is told to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


def test_a_cdn_in_front_is_told_to_purge_the_renewed_pages(
    hattingen, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": f"{__name__}.RecordingBackend"},
    }
    RecordingBackend.purged.clear()
    venue = Venue.objects.get(name="Bürgertreff Oberwinzerfeld")
    with django_capture_on_commit_callbacks(execute=True):
        venue.save()
    paths = {urlsplit(url).path for url in RecordingBackend.purged}
    assert {WINZ_MEETING, WINZ, WINZ_CALENDAR, INDEX, HOME} <= paths
    assert not paths & {WELPER, WELPER_MEETING, MITTAGSTISCH, HOLTHAUSEN, IMPRINT}


def test_invalidate_cache_invalidates_every_answer(answers):
    result = answers(lambda: call_command("invalidate_cache", stdout=StringIO()))
    assert result.kept == set()
