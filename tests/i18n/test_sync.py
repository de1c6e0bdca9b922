"""After the German source changes, syncing keeps the translators' work and says what changed."""

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail_localize.models import Translation, TranslationSource

from stadtteil_pages.admin import translating
from stadtteil_pages.models import ProjectPage
from tests.editorial.admin_forms import edit_url

from .conftest import client_for


def mittagstisch(language):
    return ProjectPage.objects.get(slug="mittagstisch", locale__language_code=language)


def change_german_tagline(text):
    german = mittagstisch("de")
    german.tagline = text
    german.save_revision().publish()


def sync(client):
    """“Sync translated pages” in the German page's menu, without publishing."""
    source = TranslationSource.objects.get(object_id=mittagstisch("de").translation_key)
    response = client.post(reverse("wagtail_localize:update_translations", args=[source.pk]), {})
    assert response.status_code == 302, response.content[:500]


def english_translation():
    return Translation.objects.get(
        source__object_id=mittagstisch("de").translation_key,
        target_locale__language_code="en",
    )


def test_sync_keeps_unchanged_translations_and_flags_the_changed_one(people):
    translator = client_for(people.translator)
    change_german_tagline("Welper isst zusammen")
    sync(translator)

    # The live English page is untouched until a reviewed version replaces it.
    assert mittagstisch("en").tagline == "Welper eats together"
    outdated = translating.outdated_after_sync(english_translation())
    assert outdated == [("Welper isst zusammen", "Welper eats together")]

    # The translator is told on opening the translation.
    response = translator.get(edit_url(mittagstisch("en")))
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(message.startswith("1 ") and "Englisch" in message for message in messages), messages

    # Submitted as it stands: the translator's texts for unchanged German texts
    # are kept, the changed one shows the new German text until translated.
    response = translator.post(edit_url(mittagstisch("en")), {"action": "publish"})
    draft = mittagstisch("en").get_latest_revision_as_object()
    assert draft.title == "Welper Lunch Table"
    assert draft.introduction.startswith("Every Monday from 12:00 pm")
    assert draft.tagline == "Welper isst zusammen"
    assert mittagstisch("en").current_workflow_state is not None


def test_publishing_a_sync_immediately_still_needs_the_review(people):
    change_german_tagline("Welper isst zusammen")
    source = TranslationSource.objects.get(object_id=mittagstisch("de").translation_key)
    response = client_for(people.translator).post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on"},
    )
    assert response.status_code == 302
    english = mittagstisch("en")
    assert english.tagline == "Welper eats together"
    assert english.get_latest_revision_as_object().tagline == "Welper isst zusammen"
    assert english.current_workflow_state.requested_by == people.translator


def test_a_fresh_translation_has_nothing_outdated(people, next_welper_meeting):
    from .test_translation_workflow import start_translation

    translation = start_translation(client_for(people.translator), next_welper_meeting)
    assert translating.outdated_after_sync(translation) == []
