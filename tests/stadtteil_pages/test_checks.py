"""`manage.py check` tells a host exactly which STADTTEIL_* option is wrong."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import SystemCheckError

import pytest

from stadtteil_pages import checks


def messages(errors):
    return [(error.id, error.msg) for error in errors]


def test_the_projects_own_settings_pass():
    assert checks.check_settings() == []
    assert checks.check_apps() == []
    assert checks.check_base_template() == []


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("STADTTEIL_API_MAX_AGE", "300", "must be a whole number of seconds, not str '300'"),
        ("STADTTEIL_API_MAX_AGE", True, "must be a whole number of seconds, not bool True"),
        ("STADTTEIL_API_V3_WRITES", "yes", "must be True or False, not str 'yes'"),
        ("STADTTEIL_INDEX_PARENT_PAGE_TYPES", "home.HomePage", "must be a list of page types"),
        ("STADTTEIL_BASE_TEMPLATE", None, "must be a template name, not NoneType None"),
    ],
)
def test_an_option_of_the_wrong_type_is_named_with_its_value(settings, name, value, expected):
    setattr(settings, name, value)
    [(error_id, message)] = messages(checks.check_settings())
    assert error_id == "stadtteil_pages.E001"
    assert message.startswith(name)
    assert expected in message


def test_unknown_time_zone(settings):
    settings.STADTTEIL_TIME_ZONE = "Europe/Hattingen"
    assert messages(checks.check_settings()) == [
        (
            "stadtteil_pages.E002",
            "STADTTEIL_TIME_ZONE 'Europe/Hattingen' is not a known time zone.",
        )
    ]


def test_unknown_holidays_country_and_subdivision(settings):
    settings.STADTTEIL_HOLIDAYS_COUNTRY = "XY"
    [(error_id, message)] = messages(checks.check_settings())
    assert error_id == "stadtteil_pages.E003"
    assert "'XY' is not a country" in message

    settings.STADTTEIL_HOLIDAYS_COUNTRY = "DE"
    settings.STADTTEIL_HOLIDAYS_SUBDIVISION = "XX"
    [error] = checks.check_settings()
    assert error.id == "stadtteil_pages.E004"
    assert "'XX' is not a subdivision of 'DE'" in error.msg
    assert "NW" in error.hint


def test_national_holidays_only_is_allowed(settings):
    settings.STADTTEIL_HOLIDAYS_COUNTRY = "AT"
    settings.STADTTEIL_HOLIDAYS_SUBDIVISION = None
    assert checks.check_settings() == []


def test_unknown_page_type_for_the_index_parent(settings):
    settings.STADTTEIL_INDEX_PARENT_PAGE_TYPES = ["home.HomePage", "home.NoSuchPage", "auth.User"]
    errors = messages(checks.check_settings())
    assert [error_id for error_id, _ in errors] == ["stadtteil_pages.E005"] * 2
    assert "'home.NoSuchPage', which is not a page type" in errors[0][1]
    assert "'auth.User', which is not a page type" in errors[1][1]


def test_unimportable_organizer(settings):
    settings.STADTTEIL_ORGANIZER = "home.jsonld.no_such_function"
    [error] = checks.check_settings()
    assert error.id == "stadtteil_pages.E006"
    assert error.msg.startswith(
        "STADTTEIL_ORGANIZER 'home.jsonld.no_such_function' cannot be imported"
    )


def test_negative_cache_lifetime(settings):
    settings.STADTTEIL_API_MAX_AGE = -1
    [error] = checks.check_settings()
    assert (error.id, error.msg) == (
        "stadtteil_pages.E008",
        "STADTTEIL_API_MAX_AGE must not be negative, not -1.",
    )


def test_missing_required_app(monkeypatch):
    # Changing INSTALLED_APPS itself would run every app's ready() again.
    installed = checks.apps.is_installed
    monkeypatch.setattr(
        checks.apps, "is_installed", lambda name: name != "rest_framework" and installed(name)
    )
    assert messages(checks.check_apps()) == [
        ("stadtteil_pages.E009", "'rest_framework' must be in INSTALLED_APPS for stadtteil_pages.")
    ]


def test_missing_base_template(settings):
    settings.STADTTEIL_BASE_TEMPLATE = "layouts/site.html"
    [error] = checks.check_base_template()
    assert error.id == "stadtteil_pages.E007"
    assert "'layouts/site.html' cannot be loaded: TemplateDoesNotExist" in error.msg


def write_templates(settings, tmp_path, templates):
    for name, text in templates.items():
        (tmp_path / name).write_text(text)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


def test_base_template_without_head_block_is_a_warning(settings, tmp_path):
    # As in the base.html of a new `wagtail start` project.
    write_templates(
        settings,
        tmp_path,
        {
            "plain.html": "<title>{% block title %}{% endblock %}</title>"
            "<main>{% block content %}{% endblock %}</main>"
        },
    )
    settings.STADTTEIL_BASE_TEMPLATE = "plain.html"
    [warning] = checks.check_base_template()
    assert warning.id == "stadtteil_pages.W001"
    assert "'plain.html' has no block extra_head" in warning.msg
    assert warning.hint == "Add {% block extra_head %}{% endblock %} to the template's <head>."


def test_blocks_of_an_extended_template_count(settings, tmp_path):
    write_templates(
        settings,
        tmp_path,
        {
            "frame.html": "{% block title %}{% endblock %}{% block extra_head %}{% endblock %}"
            "{% block main %}{% endblock %}",
            "site.html": '{% extends "frame.html" %}{% block main %}{% block content %}'
            "{% endblock %}{% endblock %}",
            "broken.html": '{% extends "frame.html" %}',
        },
    )
    settings.STADTTEIL_BASE_TEMPLATE = "site.html"
    assert checks.check_base_template() == []
    settings.STADTTEIL_BASE_TEMPLATE = "broken.html"
    [error] = checks.check_base_template()
    assert error.id == "stadtteil_pages.E010"
    assert "has no block 'content'" in error.msg


def test_manage_py_check_stops_on_a_wrong_option(settings):
    settings.STADTTEIL_TIME_ZONE = "Berlin"
    with pytest.raises(SystemCheckError, match="STADTTEIL_TIME_ZONE 'Berlin' is not a known"):
        call_command("check", stdout=StringIO(), stderr=StringIO())
