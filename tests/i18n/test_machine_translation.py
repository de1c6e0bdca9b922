"""Machine translation is off by default and, when configured, still needs the review."""

from django.conf import settings
from django.test import override_settings

from wagtail.models import WorkflowState

from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringTranslation
from wagtail_localize.views.edit_translation import apply_machine_translation

from .conftest import client_for, shows_german
from .test_translation_workflow import english_meeting, start_translation

DUMMY = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


def test_no_machine_translator_unless_configured():
    assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR is None
    assert get_machine_translator() is None


@override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DUMMY)
def test_machine_translation_fills_the_draft_and_goes_to_review(people, next_welper_meeting):
    translation = start_translation(client_for(people.translator), next_welper_meeting)
    apply_machine_translation(translation.pk, people.translator, get_machine_translator())
    title = StringTranslation.objects.get(
        translation_of__data=next_welper_meeting.title, locale=translation.target_locale
    )
    assert title.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
    assert title.data != next_welper_meeting.title  # the dummy reverses the words

    translation.save_target(user=people.translator, publish=True)
    target = english_meeting(next_welper_meeting)
    assert shows_german(target)
    assert target.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert target.get_latest_revision_as_object().title == title.data
