"""Brute-force protection of the admin login and of the password form of
restricted pages, and the password rules."""

import datetime
from io import StringIO

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

from wagtail.models import PageViewRestriction

import pytest
import time_machine

from cms.passwords import SiteWordsValidator

PASSWORD = "korrekt-Pferd-Batterie-9"  # noqa: S105
PAGE_PASSWORD = "geheim-und-lang"  # noqa: S105


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def login(client, password, username="editor"):
    return client.post("/admin/login/", {"username": username, "password": password})


@pytest.mark.django_db
def test_thirty_wrong_passwords_lock_the_admin_login(client, editor, settings):
    for attempt in range(30):
        response = login(client, f"wrong-{attempt}")
        assert response.status_code in (200, 429)
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "Zu viele fehlgeschlagene Versuche" in text
    assert f"{settings.AXES_COOLOFF_TIME.seconds // 60} Minuten" in text


@pytest.mark.django_db
def test_lockout_starts_at_the_configured_limit(client, editor, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, f"wrong-{attempt}").status_code == 200
    assert login(client, "wrong-last").status_code == 429


@pytest.mark.django_db
def test_axes_reset_unlocks_the_admin_login(client, editor):
    for attempt in range(30):
        login(client, f"wrong-{attempt}")
    assert login(client, PASSWORD).status_code == 429
    out = StringIO()
    call_command("axes_reset_username", "editor", stdout=out)
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.django_db
def test_another_user_is_not_locked_by_someone_elses_failures(client, editor, django_user_model):
    django_user_model.objects.create_superuser("chef", "chef@example.org", PASSWORD)
    for attempt in range(30):
        login(client, f"wrong-{attempt}")
    assert login(client, PASSWORD, username="chef").status_code == 302


@pytest.fixture
def restricted_page(hattingen):
    from stadtteil_pages.models import ConferenceIndexPage

    page = ConferenceIndexPage.objects.get(locale__language_code="de")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PAGE_PASSWORD
    )
    return page, restriction


def page_password(client, restricted, password):
    page, restriction = restricted
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    return client.post(url, {"password": password, "return_url": page.url})


@pytest.mark.django_db
def test_thirty_wrong_page_passwords_lock_the_page_password_form(client, restricted_page):
    page, _restriction = restricted_page
    assert client.get(page.url).status_code == 200  # the password form
    for attempt in range(30):
        assert page_password(client, restricted_page, f"falsch-{attempt}").status_code in (200, 429)
    response = page_password(client, restricted_page, PAGE_PASSWORD)
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Versuche" in response.content.decode()


@pytest.mark.django_db
def test_right_page_password_works_below_the_limit_and_reset_unlocks(client, restricted_page):
    page, restriction = restricted_page
    assert page_password(client, restricted_page, "falsch").status_code == 200
    assert page_password(client, restricted_page, PAGE_PASSWORD).status_code == 302
    for attempt in range(30):
        page_password(client, restricted_page, f"falsch-{attempt}")
    assert page_password(client, restricted_page, PAGE_PASSWORD).status_code == 429
    call_command("axes_reset", stdout=StringIO())
    assert page_password(client, restricted_page, PAGE_PASSWORD).status_code == 302


@pytest.fixture(params=["admin login", "page password"])
def door(request, client, django_user_model):
    """A form with a lock: (try it with a password, the right password)."""
    if request.param == "admin login":
        django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
        return (lambda password: login(client, password)), PASSWORD, 302
    restricted = request.getfixturevalue("restricted_page")
    return (lambda password: page_password(client, restricted, password)), PAGE_PASSWORD, 302


@pytest.mark.django_db
def test_a_lock_ends_after_the_cool_off_even_with_further_attempts_during_it(door, settings):
    attempt, right_password, success = door
    cool_off = settings.AXES_COOLOFF_TIME
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)) as clock:
        for number in range(settings.AXES_FAILURE_LIMIT):
            attempt(f"falsch-{number}")
        assert attempt(right_password).status_code == 429
        # Retrying during the lock, right or wrong, does not make it longer.
        clock.shift(cool_off / 2)
        assert attempt("falsch-noch-einmal").status_code == 429
        assert attempt(right_password).status_code == 429
        clock.shift(cool_off / 2 + datetime.timedelta(minutes=1))
        assert attempt(right_password).status_code == success


@pytest.mark.parametrize(
    "password",
    [
        "stadtteil-demo",
        "Hattingen2026",
        "H4tt1ngen-2026-Sommer",
        "Welper-Mittagstisch-99",
        "short-Pw1",
        "123456789012",
        "password1234",
    ],
)
def test_weak_and_site_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_unrelated_passphrase_is_accepted():
    validate_password("Rhabarber-Kuchen-am-Ruhrufer")


def test_site_word_error_names_the_word():
    with pytest.raises(ValidationError) as error:
        SiteWordsValidator().validate("MeinHattingen!2026xyz")
    assert "hattingen" in error.value.messages[0]


def test_extra_site_words_come_from_settings(settings):
    settings.PASSWORD_SITE_WORDS = ["Ruhrbogen"]
    with pytest.raises(ValidationError):
        SiteWordsValidator().validate("am-ruhrb0gen-gewohnt")
