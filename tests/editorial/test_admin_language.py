"""The admin speaks German by default and English to editors who ask for it."""

from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest


def html_lang(response):
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.fixture
def editor(users, login):
    return login(users.welper)


def test_the_admin_is_german_by_default(editor):
    response = editor.get(reverse("wagtailadmin_home"))
    assert html_lang(response) == "de"
    assert "Abmelden" in response.content.decode()


def test_an_editor_who_picks_english_gets_the_english_admin(editor, users):
    response = editor.get(reverse("wagtailadmin_account"))
    assert 'value="en"' in response.content.decode()

    response = editor.post(
        reverse("wagtailadmin_account"),
        {
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "name_email-first_name": "Wera",
            "name_email-last_name": "Welper",
            "name_email-email": users.welper.email,
            "notifications-submitted_notifications": "on",
            "notifications-approved_notifications": "on",
            "notifications-rejected_notifications": "on",
            "notifications-updated_comments_notifications": "on",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302
    assert UserProfile.get_for_user(users.welper).preferred_language == "en"

    response = editor.get(reverse("wagtailadmin_home"))
    assert html_lang(response) == "en"
    assert "Log out" in response.content.decode()


def test_german_stays_for_the_others(editor, users, login):
    profile = UserProfile.get_for_user(users.welper)
    profile.preferred_language = "en"
    profile.save()
    response = login(users.redaktion).get(reverse("wagtailadmin_home"))
    assert html_lang(response) == "de"


def test_only_german_and_english_are_offered(editor):
    html = editor.get(reverse("wagtailadmin_account")).content.decode()
    assert 'value="de"' in html and 'value="en"' in html
    assert 'value="tr"' not in html
