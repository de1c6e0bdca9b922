"""The change flow: each content change reaches the consumers inside its
transaction, and the committed set reaches the commit consumers once."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction

from wagtail.log_actions import log
from wagtail.models import GroupApprovalTask

import pytest
from axes.models import AccessAttempt

from stadtteil_pages import changes
from stadtteil_pages.models import DistrictConferencePage, MeetingPage, OParlTombstone
from tests.factories import VenueFactory, conference_tree, meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen():
    """What a test consumer of the transaction phase gets, in order."""
    found = []
    changes.during(found.append)
    yield found
    changes.unregister(found.append)


@pytest.fixture
def handed():
    """What a test consumer of the commit phase gets, in order."""
    found = []
    changes.register(found.append)
    yield found
    changes.unregister(found.append)


@pytest.fixture
def conference():
    return conference_tree()[1]


def tombstones(meeting_page):
    return OParlTombstone.objects.filter(
        kind=OParlTombstone.Kind.MEETING, object_id=meeting_page.pk
    )


def test_a_deleted_conference_is_read_before_it_goes_and_the_tombstones_roll_back_with_it(
    conference,
):
    date = meeting(conference, slug="naechste")
    read = {}

    def read_before_the_delete(change):
        page = change.instance
        if change.action == changes.DELETING and isinstance(page, DistrictConferencePage):
            read["conference"] = DistrictConferencePage.objects.filter(pk=page.pk).count()
            read["meetings"] = MeetingPage.objects.descendant_of(page).count()

    changes.during(read_before_the_delete)
    try:
        with transaction.atomic():
            conference.delete()
            assert not MeetingPage.objects.filter(pk=date.pk).exists()
            assert tombstones(date).exists()
            transaction.set_rollback(True)
    finally:
        changes.unregister(read_before_the_delete)
    assert read == {"conference": 1, "meetings": 1}
    assert MeetingPage.objects.filter(pk=date.pk).exists()
    assert not OParlTombstone.objects.exists()


def test_commit_consumers_get_nothing_of_a_rollback_and_a_commit_once(
    conference, handed, django_capture_on_commit_callbacks
):
    date = meeting(conference, slug="naechste")
    changes.discard()  # the setup, never committed in the test's transaction
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        date.unpublish()
        transaction.set_rollback(True)
    assert callbacks == []
    assert handed == []

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        date.save_revision().publish()
        conference.save_revision().publish()
    assert len(callbacks) == 2  # each change asks to be handed on at the commit
    assert len(handed) == 1
    assert {date.pk, conference.pk} <= handed[0].published


def test_sessions_users_lockouts_and_workflow_tasks_send_no_change(seen):
    user = get_user_model().objects.create_user("redaktion")
    user.first_name = "Rita"
    user.save()
    session = SessionStore()
    session["seen"] = True
    session.create()
    AccessAttempt.objects.create(
        username="redaktion",
        ip_address="192.0.2.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=3,
    )
    GroupApprovalTask.objects.create(name="Prüfung")
    user.delete()
    assert seen == []

    venue = VenueFactory()
    assert seen == [changes.Change(changes.SAVED, venue, created=True)]


def test_accounts_and_groups_changed_in_the_admin_change_nothing_visitors_see(
    handed, django_capture_on_commit_callbacks
):
    """Wagtail logs an account or group edited in the admin; that is no content change."""
    user = get_user_model().objects.create_user("redaktion")
    group = Group.objects.create(name="Stadtteil Welper")
    with django_capture_on_commit_callbacks(execute=True):
        log(instance=user, action="wagtail.create")
        log(instance=user, action="wagtail.edit")
        log(instance=group, action="wagtail.create")
    assert handed == []

    venue = VenueFactory()
    with django_capture_on_commit_callbacks(execute=True):
        log(instance=venue, action="wagtail.edit")
    assert [change.objects for change in handed] == [{"stadtteil_pages.venue": {venue.pk}}]


def test_the_tombstone_of_an_unpublished_meeting_is_written_before_the_commit(
    conference, handed, django_capture_on_commit_callbacks
):
    date = meeting(conference, slug="naechste")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        date.unpublish()
        assert tombstones(date).exists()
        assert handed == []
    assert tombstones(date).exists()
    assert [change.unpublished for change in handed] == [{date.pk}]
