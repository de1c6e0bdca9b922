"""Every page type's HTML passes the Nu HTML checker (vnu.jar, the W3C validator).

`.ci/run` installs the checker with npm into `.ci/node/`; ``VNU_JAR`` points
elsewhere. Without it (or without Java) the test skips locally, with the
reason; in CI (the environment variable CI is set) that is a failure.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

import pytest

from stadtteil_pages.models import MeetingDocument, MeetingPage
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR",
        Path(settings.BASE_DIR) / ".ci/node/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)
PAGES = {
    "home": "/",
    "conference-index": "/stadtteilkonferenzen/",
    "district-conference": "/stadtteilkonferenzen/welper/",
    "meeting-to-be-announced": "/stadtteilkonferenzen/welper/naechster-termin/",
    "meeting-past": "/stadtteilkonferenzen/winz-baak/2018-11-15/",
    "project": "/stadtteilkonferenzen/welper/mittagstisch/",
    "protocol-archive": "/stadtteilkonferenzen/protokolle/",
    "protocol-archive-bad-filter": "/stadtteilkonferenzen/protokolle/?conference=x&year=y",
    "imprint": "/impressum/",
    "privacy": "/datenschutz/",
    "accessibility": "/barrierefreiheit/",
    "easy-language": "/leichte-sprache/",
    "search": "/suche/?q=Welper",
    "not-found": "/gibt-es-nicht/",
}


def checker():
    """The command that runs the checker, or the reason it cannot run."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        reason = (
            f"the Nu HTML checker needs Java and {VNU_JAR} "
            "(npm install --prefix .ci/node vnu-jar, as .ci/run does)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; it must run in CI")
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def test_every_page_type_is_valid_html(client, hattingen, tmp_path):
    command = checker()
    meeting = MeetingPage.objects.get(locale__language_code="de", slug="2018-11-15")
    meeting.documents = [
        MeetingDocument(document=DocumentFactory(), kind=MeetingDocument.Kind.PROTOCOL)
    ]
    meeting.save_revision().publish()
    files = {}
    for name, path in PAGES.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "not-found" else 200), path
        files[name] = tmp_path / f"{name}.html"
        files[name].write_bytes(response.content)
    result = subprocess.run(  # noqa: S603 (a fixed command on files written here)
        [*command, *map(str, files.values())], capture_output=True, text=True, check=False
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] == "error"
    ]
    assert errors == []
