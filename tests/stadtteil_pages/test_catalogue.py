"""The plugin ships its own catalogues, German complete, all of them compiled."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import stadtteil_pages

PLUGIN = Path(stadtteil_pages.__file__).parent
CATALOGUE = PLUGIN / "locale" / "de" / "LC_MESSAGES" / "django.po"


def test_every_string_of_the_plugin_has_a_german_translation(tmp_path):
    """Extract the strings afresh (as `make messages` does) from a copy."""
    copy = tmp_path / "stadtteil_pages"
    shutil.copytree(PLUGIN, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    django_admin = Path(sys.executable).with_name("django-admin")
    subprocess.run(  # noqa: S603 (this environment's django-admin, fixed arguments)
        [str(django_admin), "makemessages", "--locale", "de"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    catalogue = polib.pofile(str(copy / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert (missing, fuzzy) == ([], [])


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "uk"])
def test_compiled_catalogue_matches_its_source(language):
    catalogue = PLUGIN / "locale" / language / "LC_MESSAGES" / "django.po"
    source = polib.pofile(str(catalogue))
    compiled = polib.mofile(str(catalogue.with_suffix(".mo")))
    translated = {
        entry.msgid: entry.msgstr or entry.msgstr_plural for entry in source.translated_entries()
    }
    assert {
        entry.msgid: entry.msgstr or entry.msgstr_plural for entry in compiled if entry.msgid
    } == translated
    assert source.fuzzy_entries() == []


def test_the_catalogue_alone_translates_the_plugins_pages():
    catalog = gettext.translation("django", localedir=PLUGIN / "locale", languages=["de"])
    assert catalog.gettext("Contact people") == "Ansprechpersonen"
    assert catalog.gettext("Add to calendar") == "In den Kalender"


def test_the_catalogues_alone_speak_to_visitors_in_every_language():
    expected = {"en": "Contact people", "tr": "İletişim kişileri", "uk": "Контактні особи"}
    for language, text in expected.items():
        catalog = gettext.translation("django", localedir=PLUGIN / "locale", languages=[language])
        assert catalog.gettext("Contact people") == text
    arabic = gettext.translation("django", localedir=PLUGIN / "locale", languages=["ar"])
    assert arabic.ngettext("%(counter)s protocol", "%(counter)s protocols", 2) == "محضران"
