"""Backup and restore: an export restored into an emptied database and a new
media folder gives back the same site."""

import hashlib
import io
import json
import tarfile
from io import StringIO

from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Revision

import pytest

from stadtteil_pages.models import ContactPerson, District, Venue

Document = get_document_model()


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
