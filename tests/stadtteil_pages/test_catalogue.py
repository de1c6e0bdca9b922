"""The plugin ships its own German catalogue, complete and compiled."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

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


def test_compiled_catalogue_matches_its_source():
    source = polib.pofile(str(CATALOGUE))
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    translated = {entry.msgid: entry.msgstr for entry in source.translated_entries()}
    assert {entry.msgid: entry.msgstr for entry in compiled if entry.msgid} == translated


def test_the_catalogue_alone_translates_the_plugins_pages():
    catalog = gettext.translation("django", localedir=PLUGIN / "locale", languages=["de"])
    assert catalog.gettext("Contact people") == "Ansprechpersonen"
    assert catalog.gettext("Add to calendar") == "In den Kalender"
