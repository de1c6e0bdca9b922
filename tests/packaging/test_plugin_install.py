"""docs/install.md, followed word for word, gives a working site.

The test builds the wheel, then runs the guide's "Quick start" in a temporary
folder: every ``sh`` block, each ``python`` block appended to the file its
fence names, the ``html`` line put before ``</head>`` of the file it names,
the ``toml`` block written to its file. ``pip install … stadtteil-pages``
installs the wheel just built; ``createsuperuser`` (it asks questions) and
``runserver`` (started here on a free port) are the only lines left out.
Neither the repository nor its host project (``cms/``, ``home/``) is on the
path: the site sees only what the wheel installed.
"""

import json
import os
import re
import shlex
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.plugin_install

GUIDE = ROOT / "docs" / "install.md"
FENCE = re.compile(r"^```(\w+)(?: +(\S+))?\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SKIPPED = ("manage.py createsuperuser", "manage.py runserver")


def quick_start():
    """The (language, file, text) blocks of the guide's "Quick start" section."""
    text = GUIDE.read_text()
    section = text.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    return [match.groups() for match in FENCE.finditer(section)]


def script_from_guide(wheel):
    """One bash script that does what the guide says."""
    lines = ["set -euxo pipefail"]
    for language, target, text in quick_start():
        if language == "sh":
            for line in text.splitlines():
                if any(skipped in line for skipped in SKIPPED):
                    continue
                if line.startswith("pip install"):
                    assert " stadtteil-pages" in line, line
                    line = line.replace(" stadtteil-pages", f" {shlex.quote(str(wheel))}")
                lines.append(line)
        elif language == "python":
            lines.append(f"cat >> {shlex.quote(target)} <<'GUIDE'\n\n{text}GUIDE")
        elif language == "html":
            snippet = text.strip()
            lines.append(
                "python - <<'GUIDE'\n"
                "from pathlib import Path\n"
                f"path = Path({target!r})\n"
                "text = path.read_text()\n"
                "assert text.count('</head>') == 1\n"
                f"path.write_text(text.replace('</head>', {snippet!r} + '\\n</head>'))\n"
                "GUIDE"
            )
        elif language == "toml":
            lines.append(f"cat > {shlex.quote(target)} <<'GUIDE'\n{text}GUIDE")
        else:
            raise AssertionError(f"The quick start has a {language} block the test cannot follow")
    return "\n".join(lines) + "\n"


def clean_environment():
    """This machine's environment without anything pointing at the repository."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "STADTTEIL_", "WAGTAIL"))
        and key not in ("PYTHONPATH", "VIRTUAL_ENV", "SECRET_KEY", "PYTHONSTARTUP")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (local server)
        return response.status, response.headers.get_content_type(), response.read().decode()


def wait_for(url, server, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"The server stopped:\n{server.stdout.read()}")
        try:
            return get(url, timeout=5)
        except urllib.error.HTTPError as error:
            # The server is up and answers; waiting longer will not change the answer.
            answer = error.read().decode()[:2000]
            raise AssertionError(f"{url} answered {error.code}:\n{answer}") from None
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    raise AssertionError(f"No answer from {url} within {seconds} s")


def test_the_install_guide_gives_a_working_site(wheel, tmp_path):
    env = clean_environment()
    script = script_from_guide(wheel)
    (tmp_path / "guide.sh").write_text(script)
    result = subprocess.run(  # noqa: S603 (bash runs the guide written above)
        ["/bin/bash", str(tmp_path / "guide.sh")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    assert "Created 7 objects" in result.stdout
    # The guide's last `cd` leads into the project.
    site = tmp_path / "mysite"
    python = str(tmp_path / ".venv" / "bin" / "python")

    # Everything comes from the wheel in the new environment, nothing from here.
    where = subprocess.run(  # noqa: S603
        [
            python,
            "-c",
            "import stadtteil_pages, home; print(stadtteil_pages.__file__, home.__file__)",
        ],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where[0].startswith(str(tmp_path / ".venv" / "lib"))
    assert where[1] == str(site / "home" / "__init__.py")
    assert str(ROOT) not in " ".join(where)
    check = subprocess.run(  # noqa: S603
        [python, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=site,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, content_type, page = wait_for(f"{base}/stadtteilkonferenzen/altstadt/", server)
        assert (status, content_type) == (200, "text/html")
        assert "<h1>Stadtteilkonferenz Altstadt</h1>" in page
        assert "Maria Muster" in page and "Quartiersmanagement" in page
        assert "Marktplatz 1" in page and "2030" in page  # the meeting in the dates
        # German from the plugin's own catalogue, structured data in extra_head.
        assert "Ansprechpersonen" in page
        assert 'type="application/ld+json"' in page

        status, content_type, calendar = get(f"{base}/stadtteilkonferenzen/altstadt/termine.ics")
        assert (status, content_type) == (200, "text/calendar")
        unfolded = calendar.replace("\r\n ", "")
        assert "SUMMARY;LANGUAGE=de:Frühjahrskonferenz Altstadt" in unfolded
        assert "DTSTART;TZID=Europe/Berlin:20300314T180000" in unfolded

        status, content_type, body = get(
            f"{base}/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=start,venue"
        )
        assert (status, content_type) == (200, "application/json")
        [meeting] = json.loads(body)["items"]
        assert meeting["title"] == "Frühjahrskonferenz Altstadt"
        assert meeting["start"] == "2030-03-14T18:00:00+01:00"
        assert meeting["venue"]["name"] == "Bürgerhaus Altstadt"

        # The sitemap index names its file; the file lists the conference page.
        status, content_type, sitemap_index = get(f"{base}/sitemap.xml")
        assert (status, content_type) == (200, "application/xml")
        [section] = re.findall(r"<loc>(.*?)</loc>", sitemap_index)
        assert section.startswith(f"{base}/sitemap-pages.xml"), section
        status, content_type, sitemap = get(section)
        assert (status, content_type) == (200, "application/xml")
        # Addresses are the site's own (Wagtail's default site is "localhost").
        assert "/stadtteilkonferenzen/altstadt/</loc>" in sitemap, sitemap
    finally:
        server.terminate()
        server.wait(timeout=30)
