"""A translation goes live only after a second person's approval."""

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import Locale, WorkflowState

from wagtail_localize.models import StringSegment, Translation

from stadtteil_pages.models import MeetingPage
from tests.editorial.admin_forms import approve, edit_url

from .conftest import client_for, shows_german

ENGLISH_TITLE = "Next Welper conference"


def said(response, text):
    return any(str(text) in str(message) for message in get_messages(response.wsgi_request))


def start_translation(client, page, language="en"):
    """What an editor does with "Translate" in the page's menu."""
    locale = Locale.objects.get(language_code=language)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302, response.content[:500]
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def translate_title(client, translation, text):
    """What the translator types into the translation editor (saved as they type)."""
    segment = StringSegment.objects.get(source=translation.source, context__path="title")
    response = client.put(
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.pk, segment.pk],
        ),
        f"value={text}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201), response.content


def english_meeting(page):
    return MeetingPage.objects.get(translation_key=page.translation_key, locale__language_code="en")


def test_translate_submit_approve_then_english_site_and_api_show_it(
    client, people, next_welper_meeting
):
    translator = client_for(people.translator)
    translation = start_translation(translator, next_welper_meeting)
    translate_title(translator, translation, ENGLISH_TITLE)
    url = "/en/stadtteilkonferenzen/welper/fruehjahr/"

    # "Publish" in the translation editor submits for review instead.
    target = english_meeting(next_welper_meeting)
    response = translator.post(edit_url(target), {"action": "publish"})
    assert response.status_code == 302
    assert said(response, "zur Prüfung eingereicht")
    target = english_meeting(next_welper_meeting)
    assert shows_german(target)
    assert target.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert ENGLISH_TITLE not in client.get(url).content.decode()

    # The translator cannot approve their own translation ...
    approve(translator, target)
    assert shows_german(english_meeting(next_welper_meeting))

    # ... a second person can.
    approve(client_for(people.approver), target)
    target = english_meeting(next_welper_meeting)
    assert target.live and target.title == ENGLISH_TITLE

    html = client.get(url).content.decode()
    assert f"<h1>{ENGLISH_TITLE}</h1>" in html
    assert '<html lang="en"' in html
    api = client.get("/api/v2/pages/?locale=en&type=stadtteil_pages.MeetingPage").json()
    assert ENGLISH_TITLE in [item["title"] for item in api["items"]]


def test_save_target_with_publish_does_not_bypass_the_review(people, next_welper_meeting):
    source_translation = start_translation(client_for(people.translator), next_welper_meeting)
    # What "Publish immediately" when updating translations calls.
    source_translation.save_target(user=people.approver, publish=True)
    target = english_meeting(next_welper_meeting)
    assert shows_german(target)
    state = target.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == people.approver
    # The approver submitted it, so someone else must approve.
    assert "approve" not in [
        name
        for name, _label, _modal in target.current_workflow_task.get_actions(
            target, people.approver
        )
    ]


def test_translator_without_publish_permission_submits_from_the_editor(people, next_welper_meeting):
    translator = client_for(people.translator)
    translation = start_translation(translator, next_welper_meeting)
    target = english_meeting(next_welper_meeting)

    # Opening the translation editor tells the translator how to submit.
    response = translator.get(edit_url(target))
    submit_url = reverse("stadtteil_pages_submit_translation", args=[translation.pk])
    hints = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(submit_url in hint and "zweite Person" in hint for hint in hints), hints

    assert translator.get(submit_url).status_code == 200
    response = translator.post(submit_url)
    assert response.status_code == 302
    target = english_meeting(next_welper_meeting)
    assert target.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert shows_german(target)


def test_nobody_without_edit_rights_submits_a_translation(people, next_welper_meeting, hattingen):
    translation = start_translation(client_for(people.translator), next_welper_meeting)
    submit_url = reverse("stadtteil_pages_submit_translation", args=[translation.pk])
    from tests.i18n.conftest import make_user

    outsider = make_user("outsider", "Stadtteil Winz-Baak")
    response = client_for(outsider).post(submit_url)
    assert response.status_code in (302, 403)
    assert response.get("Location") != edit_url(english_meeting(next_welper_meeting))
    assert english_meeting(next_welper_meeting).current_workflow_state is None


def test_editors_may_start_translations(people):
    assert people.translator.has_perm("wagtail_localize.submit_translation")


def test_a_live_contacts_translation_goes_to_review_and_stays_public_meanwhile(client, people):
    from stadtteil_pages.models import ContactPerson

    german = ContactPerson.objects.filter(locale__language_code="de", live=True).order_by("pk")[0]
    english = ContactPerson.objects.get(
        translation_key=german.translation_key, locale__language_code="en"
    )
    assert english.live

    # "Publish" in the translation editor of a contact submits it for review.
    response = client_for(people.translator).post(edit_url(english), {"action": "publish"})
    assert response.status_code == 302
    assert said(response, "zur Prüfung eingereicht")
    english.refresh_from_db()
    assert english.live and english.has_unpublished_changes
    assert english.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    listed = client.get("/api/v2/contacts/?locale=en").json()["items"]
    assert english.pk in [item["id"] for item in listed]

    approve(client_for(people.approver), english)
    english.refresh_from_db()
    assert english.live and not english.has_unpublished_changes
