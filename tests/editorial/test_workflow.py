"""The "Vier-Augen-Prinzip": nothing goes live without a second person's approval."""

from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from wagtail.models import Locale, PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset

import pytest
from wagtail_localize.models import Translation, TranslationSource

from stadtteil_pages.admin.editorial import APPROVAL_TASK, WORKFLOW, setup_editorial_roles
from stadtteil_pages.admin.review import DIRECT_PUBLISH_REFUSED
from stadtteil_pages.models import MeetingPage, TwoPersonApprovalTask
from stadtteil_pages.models.workflow import SELF_APPROVAL_REFUSED

from .admin_forms import approve, edit_url, post_edit, reject


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def said(response, text):
    """Whether the admin showed a message containing text after the response."""
    return any(str(text) in str(message) for message in get_messages(response.wsgi_request))


def action_names(obj, user):
    return [name for name, _label, _modal in obj.current_workflow_task.get_actions(obj, user)]


@pytest.fixture
def submitted(tree, users, login):
    """The Welper editor changed the meeting's title and submitted it in the admin."""
    post_edit(login(users.welper), tree.welper_meeting, "action-submit", title="Neuer Termin")
    return reload(tree.welper_meeting)


def test_conference_tree_and_contacts_use_the_two_person_workflow(tree):
    for obj in (tree.welper_meeting, tree.protocols, tree.contact):
        workflow = obj.get_workflow()
        assert workflow.name == WORKFLOW
        assert [task.specific for task in workflow.tasks] == [
            TwoPersonApprovalTask.objects.get(name=APPROVAL_TASK)
        ]


def test_submission_waits_for_approval_and_is_not_live(submitted):
    assert submitted.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert submitted.title == "Termin Welper"
    assert submitted.has_unpublished_changes


def test_approval_by_another_person_publishes(submitted, users, login):
    response = approve(login(users.freigabe), submitted, comment="Passt.")
    assert response.status_code == 302
    meeting = reload(submitted)
    assert meeting.live and meeting.title == "Neuer Termin"
    assert not meeting.has_unpublished_changes
    assert meeting.current_workflow_state is None


def test_the_editor_cannot_approve_what_they_submitted_even_in_both_groups(tree, users, login):
    client = login(users.both)
    post_edit(client, tree.welper_meeting, "action-submit", title="Eigener Termin")
    meeting = reload(tree.welper_meeting)
    assert action_names(meeting, users.both) == ["reject"]
    assert action_names(meeting, users.freigabe) == ["reject", "approve", "approve"]

    # The modal view of the dashboard refuses the forged request...
    response = approve(client, meeting)
    assert response.status_code == 302
    # ... and so does the edit view, with the reason.
    response = client.post(
        edit_url(meeting),
        {"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    assert response.status_code == 302
    assert said(response, SELF_APPROVAL_REFUSED)
    meeting = reload(meeting)
    assert meeting.title == "Termin Welper"
    assert meeting.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_the_edit_view_tells_the_author_why_approve_is_missing(tree, users, login):
    client = login(users.both)
    post_edit(client, tree.welper_meeting, "action-submit", title="Eigener Termin")
    response = client.get(edit_url(tree.welper_meeting))
    assert response.status_code == 200
    assert escape(str(SELF_APPROVAL_REFUSED)) in response.content.decode()
    approver_view = login(users.freigabe).get(edit_url(tree.welper_meeting)).content.decode()
    assert escape(str(SELF_APPROVAL_REFUSED)) not in approver_view


def test_the_task_refuses_self_approval_at_the_model_level(submitted, users):
    task_state = submitted.current_workflow_task_state
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, users.welper, "approve")
    assert reload(submitted).title == "Termin Welper"


def test_the_last_editor_cannot_approve(tree, users, login):
    """Someone else submits, but the version under review is the approver's own."""
    meeting = tree.welper_meeting.get_latest_revision_as_object()
    meeting.title = "Von Freigabe geschrieben"
    meeting.save_revision(user=users.both)
    meeting.get_workflow().start(meeting, users.redaktion)
    assert action_names(reload(meeting), users.both) == ["reject"]
    assert "approve" in action_names(reload(meeting), users.freigabe)


def test_changes_made_while_approving_need_a_second_approval(submitted, users, login):
    client = login(users.freigabe)
    response = post_edit(
        client,
        submitted,
        title="Neuer Termin, korrigiert",
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    assert response.status_code == 302
    meeting = reload(submitted)
    assert meeting.title == "Termin Welper", "the approver's own change is not live yet"
    assert meeting.current_workflow_task_state.revision.user == users.freigabe
    assert action_names(meeting, users.freigabe) == ["reject"]

    approve(login(users.freigabe2), meeting)
    assert reload(meeting).title == "Neuer Termin, korrigiert"


def test_rejection_returns_the_page_to_its_author(submitted, users, login):
    reject(login(users.freigabe), submitted, comment="Bitte den Ort ergänzen.")
    meeting = reload(submitted)
    state = meeting.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.requested_by == users.welper
    assert meeting.title == "Termin Welper"

    # The author edits and resubmits; the same workflow goes on.
    post_edit(login(users.welper), meeting, "action-submit", title="Neuer Termin mit Ort")
    meeting = reload(meeting)
    assert meeting.current_workflow_state.pk == state.pk
    assert meeting.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    approve(login(users.freigabe), meeting)
    assert reload(meeting).title == "Neuer Termin mit Ort"


def test_a_contact_goes_through_the_same_rule(tree, users, login):
    client = login(users.both)
    post_edit(client, tree.contact, "action-submit", name="Erika Beispiel")
    contact = reload(tree.contact)
    assert contact.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert action_names(contact, users.both) == ["reject"]

    approve(client, contact)
    assert reload(contact).name == "Erika Muster"
    response = client.get(edit_url(contact))
    assert escape(str(SELF_APPROVAL_REFUSED)) in response.content.decode()

    approve(login(users.freigabe), contact)
    contact = reload(contact)
    assert contact.live and contact.name == "Erika Beispiel"


def test_nobody_but_a_superuser_publishes_past_the_review(tree, users, login):
    client = login(users.both)
    response = client.get(edit_url(tree.welper_meeting))
    assert 'name="action-publish"' not in response.content.decode()

    response = post_edit(client, tree.welper_meeting, "action-publish", title="Direkt live")
    assert said(response, DIRECT_PUBLISH_REFUSED)
    meeting = reload(tree.welper_meeting)
    assert meeting.title == "Termin Welper"
    assert meeting.get_latest_revision().user == users.both, "the change is kept as a draft"

    response = post_edit(client, tree.contact, "action-publish", name="Direkt live")
    assert said(response, DIRECT_PUBLISH_REFUSED)
    assert reload(tree.contact).name == "Erika Muster"

    post_edit(login(users.admin), tree.welper_meeting, "action-publish", title="Vom Admin")
    assert reload(tree.welper_meeting).title == "Vom Admin"


def test_bulk_publishing_is_refused_too(tree, users, login):
    draft = tree.welper_meeting.get_latest_revision_as_object()
    draft.title = "Entwurf"
    draft.save_revision(user=users.redaktion)
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={draft.pk}"
    )
    response = login(users.both).post(url, {"include_descendants": False})
    assert said(response, DIRECT_PUBLISH_REFUSED)
    assert reload(draft).title == "Termin Welper"


def test_a_page_in_moderation_is_locked_for_editors(submitted, users, login):
    client = login(users.redaktion)
    post_edit(client, submitted, title="Dazwischen geschrieben")
    meeting = reload(submitted)
    assert meeting.get_latest_revision_as_object().title == "Neuer Termin"
    assert meeting.get_lock().for_user(users.redaktion)
    assert not meeting.get_lock().for_user(users.freigabe)


def test_the_audit_log_names_who_submitted_approved_and_published(submitted, users, login):
    approve(login(users.freigabe), submitted)
    entries = PageLogEntry.objects.filter(page=submitted)
    assert entries.get(action="wagtail.workflow.start").user == users.welper
    assert entries.get(action="wagtail.workflow.approve").user == users.freigabe
    assert entries.filter(action="wagtail.publish").latest("timestamp").user == users.freigabe

    response = login(users.welper).get(reverse("wagtailadmin_pages:history", args=[submitted.pk]))
    assert response.status_code == 200


def test_revisions_can_be_compared_and_reverted(submitted, users, login):
    approve(login(users.freigabe), submitted)
    meeting = reload(submitted)
    old, new = meeting.revisions.order_by("created_at")[:2]
    client = login(users.welper)
    compare = reverse("wagtailadmin_pages:revisions_compare", args=[meeting.pk, old.pk, new.pk])
    response = client.get(compare)
    assert response.status_code == 200
    assert "Neuer Termin" in response.content.decode()

    revert = reverse("wagtailadmin_pages:revisions_revert", args=[meeting.pk, old.pk])
    response = client.get(revert)
    assert response.status_code == 200
    assert 'value="Termin Welper"' in response.content.decode()


def test_an_approver_comments_on_the_draft_under_review(submitted, users, login):
    comment = {"contentpath": "title", "text": "Stimmt das Datum?", "position": "", "id": ""}
    comment["replies"] = inline_formset([])
    response = post_edit(login(users.freigabe), submitted, comments=inline_formset([comment]))
    assert response.status_code == 302
    comment = submitted.wagtail_admin_comments.get()
    assert (comment.text, comment.user) == ("Stimmt das Datum?", users.freigabe)
    assert reload(submitted).current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # A comment is no edit: the commenting approver may still approve.
    approve(login(users.freigabe), reload(submitted))
    assert reload(submitted).title == "Neuer Termin"


def test_publishing_a_translation_goes_through_the_review_too(tree, users, login):
    english = Locale.objects.get_or_create(language_code="en")[0]
    source, _created = TranslationSource.get_or_create_from_instance(tree.welper_meeting)
    translation = Translation.objects.create(source=source, target_locale=english)
    # The translated tree needs its parents first.
    for page in (tree.home, tree.index, tree.welper):
        page.copy_for_translation(english, copy_parents=True)
    translation.save_target(publish=False)
    setup_editorial_roles()  # as `make run` does: the English index gets the roles too
    target = MeetingPage.objects.get(
        translation_key=tree.welper_meeting.translation_key, locale=english
    )
    assert not target.live

    # "Publish" in the translation editor submits the translation for review.
    login(users.both).post(edit_url(target), {"action": "publish"})
    target = reload(target)
    assert not target.live
    assert target.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "approve" not in action_names(target, users.both)

    admin = Client()
    admin.force_login(users.admin)
    response = admin.post(edit_url(target), {"action": "publish"})
    assert not said(response, DIRECT_PUBLISH_REFUSED), "superusers are not refused"
