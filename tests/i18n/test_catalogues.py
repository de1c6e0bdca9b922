"""Every visitor-facing interface string is translated into en, tr, ar and uk."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_catalogues.py"


def load_checker():
    spec = importlib.util.spec_from_file_location("check_catalogues", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


checker = load_checker()


def test_the_checker_finds_the_visitor_strings():
    msgids = {msgid for msgid, _where in checker.template_messages()}
    assert "Skip to content" in msgids
    assert "Languages" in msgids
    assert not any("/admin/" in where for _msgid, where in checker.template_messages())


@pytest.mark.parametrize("language", checker.LANGUAGES)
def test_every_visitor_string_is_translated(language):
    assert checker.missing(language) == []


@pytest.mark.parametrize("language", checker.LANGUAGES)
def test_the_plugin_carries_its_visitor_strings_in_every_language(language):
    """Sites that install the plugin without this host's catalogues see no English gaps."""
    assert checker.missing_from_plugin(language) == []


def test_the_plugin_check_reads_the_plugins_own_catalogue():
    messages = checker.template_messages()
    plugin_msgids = {msgid for msgid, where in messages if where.startswith("stadtteil_pages/")}
    assert "Add to calendar" in plugin_msgids
    assert "Skip to content" not in plugin_msgids
