"""Backup and restore: an export restored into an emptied database and a new
media folder gives back the same site."""

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
from io import StringIO

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision

import PIL.Image
import pytest
import wagtail_factories

from cms.settings.base import redis_cache
from stadtteil_pages.models import ContactPerson, District, Venue
from tests.hardening.helpers import ROOT

Document = get_document_model()
Image = get_image_model()


def content_of_site():
    """What editors and visitors would miss if a restore lost it."""
    pages = [
        (p.pk, p.title, p.url_path, p.locale.language_code, p.live, str(p.translation_key))
        for p in Page.objects.select_related("locale").order_by("path")
    ]
    revisions = [
        (r.object_id, r.base_content_type_id is not None, json.dumps(r.content, sort_keys=True))
        for r in Revision.objects.order_by("pk")
    ]
    snippets = [
        sorted((c.pk, c.name, c.role, str(c.phone), c.live) for c in ContactPerson.objects.all()),
        sorted((v.pk, v.name, v.street, v.postal_code) for v in Venue.objects.all()),
        sorted((d.pk, d.name, d.slug) for d in District.objects.all()),
    ]
    documents = []
    for document in Document.objects.order_by("pk"):
        with document.file.open("rb") as handle:
            documents.append((document.title, hashlib.sha256(handle.read()).hexdigest()))
    return {"pages": pages, "revisions": revisions, "snippets": snippets, "documents": documents}


@pytest.fixture
def site_with_files(hattingen, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    document = Document(title="Protokoll Welper März")
    document.file.save("protokoll-welper.txt", ContentFile("Protokoll\nTOP 1: Mittagstisch\n"))
    document.save()
    english = Locale.objects.get_or_create(language_code="en")[0]
    home = Page.objects.get(locale__language_code="de", depth=2).specific
    if not Page.objects.filter(locale=english).exists():
        home.copy_for_translation(english, copy_parents=True).save_revision().publish()
    return tmp_path


@pytest.mark.django_db
def test_backup_then_restore_into_an_emptied_site_gives_identical_content(
    site_with_files, settings
):
    before = content_of_site()
    assert before["documents"]
    assert {page[3] for page in before["pages"]} >= {"de", "en"}
    archive = site_with_files / "site.tar.gz"
    call_command("backup_site", output=str(archive), stdout=StringIO())

    # A fresh media folder and a database whose content has changed.
    settings.MEDIA_ROOT = str(site_with_files / "new-media")
    Page.objects.filter(depth__gt=2).delete()
    ContactPerson.objects.all().delete()
    Document.objects.all().delete()
    assert content_of_site() != before

    call_command("restore_site", str(archive), interactive=False, stdout=StringIO())
    assert content_of_site() == before


@pytest.mark.django_db
def test_the_manifest_lists_every_file_with_its_checksum(site_with_files):
    archive = site_with_files / "site.tar.gz"
    call_command("backup_site", output=str(archive), stdout=StringIO())
    with tarfile.open(archive) as handle:
        manifest = json.load(handle.extractfile("manifest.json"))
        names = set(handle.getnames())
        for name, checksum in manifest["files"].items():
            assert hashlib.sha256(handle.extractfile(name).read()).hexdigest() == checksum
    assert "data.json" in manifest["files"]
    assert "media/documents/protokoll-welper.txt" in manifest["files"]
    assert set(manifest["files"]) | {"manifest.json"} == names


@pytest.mark.django_db
def test_a_damaged_archive_is_refused_and_nothing_is_changed(site_with_files):
    archive = site_with_files / "site.tar.gz"
    call_command("backup_site", output=str(archive), stdout=StringIO())
    damaged = site_with_files / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/"):
                data += b"tampered"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore_site", str(damaged), interactive=False, stdout=StringIO())
    assert Page.objects.count() == pages


@pytest.mark.django_db
def test_the_archive_is_readable_by_its_owner_only(site_with_files):
    archive = site_with_files / "backups" / "site.tar.gz"
    previous = os.umask(0o022)  # what most servers run with
    try:
        call_command("backup_site", output=str(archive), stdout=StringIO())
    finally:
        os.umask(previous)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(archive.parent.stat().st_mode) == 0o700


def test_restore_without_a_terminal_refuses_with_a_clear_message(tmp_path):
    # As in a cron job or `make restore < /dev/null`: stdin at its end.
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore_site", str(tmp_path / "site.tar.gz")],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "EOFError" not in result.stderr
    assert "Nothing restored: there is no terminal" in result.stderr
    assert "--yes" in result.stderr


def test_make_restore_passes_yes_on_for_automation():
    def recipe(*args):
        # --no-print-directory: under `make test` this make is a sub-make,
        # which would otherwise end its output with "Leaving directory".
        command = [
            "make",
            "--dry-run",
            "--no-print-directory",
            "restore",
            "ARCHIVE=backups/site.tar.gz",
            *args,
        ]
        dry_run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603, S607
        return dry_run.stdout.strip().splitlines()[-1]

    assert recipe("YES=1").endswith('restore_site "backups/site.tar.gz" --yes')
    assert recipe().endswith('restore_site "backups/site.tar.gz"')


@pytest.mark.django_db
def test_after_a_restore_no_cache_of_the_old_site_is_left_and_renditions_are_made_again(
    site_with_files, redis, settings
):
    settings.CACHES = {
        "default": redis_cache(redis.url),
        "renditions": redis_cache(f"redis://127.0.0.1:{redis.port}/1"),
    }
    image = wagtail_factories.ImageFactory(title="Mittagstisch Welper")
    archive = site_with_files / "site.tar.gz"
    call_command("backup_site", output=str(archive), stdout=StringIO())

    # The old site: an answer in the default cache, a rendition in Wagtail's.
    caches["default"].set("answer:/stadtteilkonferenzen/", "the page of the old site")
    old = image.get_rendition("fill-80x60")
    assert Image.get_rendition_model().cache_backend.get(old.get_cache_key()) is not None

    settings.MEDIA_ROOT = str(site_with_files / "new-media")
    out = StringIO()
    call_command("restore_site", str(archive), "--yes", stdout=out)
    assert "Emptied the caches default, renditions" in out.getvalue()
    assert caches["default"].get("answer:/stadtteilkonferenzen/") is None

    restored = Image.objects.get(pk=image.pk)
    rendition = restored.get_rendition("fill-80x60")
    assert Image.get_rendition_model().objects.filter(pk=rendition.pk, image=restored).exists()
    assert rendition.file.storage.exists(rendition.file.name)
    with rendition.file.open("rb") as handle:
        assert PIL.Image.open(handle).size == (80, 60)


@pytest.mark.django_db
def test_a_restore_while_redis_is_down_says_the_cache_could_not_be_emptied(site_with_files, redis):
    archive = site_with_files / "site.tar.gz"
    call_command("backup_site", output=str(archive), stdout=StringIO())
    Page.objects.filter(depth__gt=2).delete()
    redis.stop()
    with pytest.raises(CommandError, match="could not be reached to empty them") as error:
        call_command("restore_site", str(archive), "--yes", stdout=StringIO())
    assert "caches default " in str(error.value)
    assert "FLUSHDB" in str(error.value)
    assert Page.objects.filter(depth__gt=2).exists()  # the content itself is back
