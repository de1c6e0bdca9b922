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
