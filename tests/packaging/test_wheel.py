"""The wheel carries everything a site needs: code, templates, catalogues, migrations."""

import zipfile
from email.parser import Parser

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT

pytestmark = pytest.mark.plugin_install

PLUGIN = ROOT / "stadtteil_pages"


def source_files(pattern):
    return {
        path.relative_to(ROOT).as_posix()
        for path in PLUGIN.glob(pattern)
        if "__pycache__" not in path.parts
    }


def test_wheel_holds_templates_catalogues_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = source_files("templates/**/*.html")
    assert "stadtteil_pages/templates/stadtteil_pages/district_conference_page.html" in templates
    assert templates <= names
    assert "stadtteil_pages/locale/de/LC_MESSAGES/django.mo" in names
    assert "stadtteil_pages/locale/de/LC_MESSAGES/django.po" in names
    migrations = source_files("migrations/*.py")
    assert "stadtteil_pages/migrations/0001_initial.py" in migrations
    assert migrations <= names
    static = source_files("static/**/*.*")
    assert static <= names  # none today; any the plugin gains must ship
    assert source_files("**/*.py") <= names
    # The plugin only: nothing of the host project or the tests.
    assert {name.split("/")[0] for name in names} == {
        "stadtteil_pages",
        wheel.name.split("-py3")[0] + ".dist-info",
    }


def test_wheel_metadata(wheel):
    archive = zipfile.ZipFile(wheel)
    [metadata_name] = [name for name in archive.namelist() if name.endswith("/METADATA")]
    metadata = Parser().parsestr(archive.read(metadata_name).decode())
    assert metadata["Name"] == "stadtteil-pages"
    assert metadata["Version"].startswith("0.")
    assert "Framework :: Wagtail :: 8" in metadata.get_all("Classifier")
    requirements = {
        canonicalize_name(requirement.name): requirement
        for requirement in map(Requirement, metadata.get_all("Requires-Dist"))
    }
    assert "5.2.19" in requirements["django"].specifier
    assert "6.0" not in requirements["django"].specifier
    assert "8.0.1" in requirements["wagtail"].specifier
    assert "8.1" not in requirements["wagtail"].specifier
    for name in ("icalendar", "holidays", "phonenumbers", "django-phonenumber-field"):
        assert name in requirements
    # Pages and snippets are translatable, so wagtail-localize is always needed.
    assert requirements["wagtail-localize"].marker is None
    assert "1.14.5" in requirements["wagtail-localize"].specifier
    assert "district conferences" in metadata.get_payload()  # the package README
