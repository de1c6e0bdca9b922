"""Backup and restore of a whole site: database content and media files.

The database goes into portable JSON (Django's ``dumpdata``), so that a
backup taken on SQLite restores into PostgreSQL and back. Content types and
permissions travel with their primary keys, so every reference (also those
of the audit log to deleted pages) comes back exactly; a restore empties the
database without letting ``migrate``'s defaults in between. Search and
reference indexes are left out and rebuilt after a restore.
A manifest lists the SHA-256 of every file in the archive; a restore
refuses an archive whose files do not match it. The archive holds password
hashes and e-mail addresses: only its owner may read it. After a restore
every configured cache is emptied, so that nothing of the replaced site
(answers, Wagtail's renditions) is served from them.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction

import wagtail

FORMAT_VERSION = 1
# Written and read back after emptying a cache: proves that it answered.
CLEARED_PROBE = "restore-site:cache-emptied"
FIRST_MODELS = ["contenttypes", "auth.permission"]
# Which language follows which: loaded last, because saving one makes
# wagtail-localize synchronise the page trees, which needs everything else.
LAST_MODELS = ["wagtail_localize.localesynchronization"]
DATA_FILES = ["types.json", "data.json", "last.json"]
# Rows that are rebuilt or transient.
EXCLUDED_MODELS = [
    "sessions",
    "axes",
    "wagtailsearch",
    "wagtailcore.referenceindex",
    "wagtailimages.rendition",
]


class BackupError(Exception):
    """An archive that cannot be restored, with the reason."""


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root):
    """Media files to keep: originals and documents (renditions are made again)."""
    root = Path(root)
    if not root.exists():
        return []
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] != "images"
    )


def create_backup(archive_path):
    """Write the site's database content and media files into a .tar.gz."""
    archive_path = Path(archive_path)
    with tempfile.TemporaryDirectory(prefix="stadtteil-backup-") as work:
        work = Path(work)
        # Content types and permissions first: loading the rest would create
        # missing content types with other keys through Wagtail's signals.
        call_command(
            "dumpdata", *FIRST_MODELS, indent=None, output=str(work / "types.json"), verbosity=0
        )
        call_command(
            "dumpdata",
            *[f"--exclude={label}" for label in [*EXCLUDED_MODELS, *FIRST_MODELS, *LAST_MODELS]],
            indent=None,
            output=str(work / "data.json"),
            verbosity=0,
        )
        call_command(
            "dumpdata", *LAST_MODELS, indent=None, output=str(work / "last.json"), verbosity=0
        )
        media_root = Path(settings.MEDIA_ROOT)
        files = {name: sha256(work / name) for name in DATA_FILES}
        for path in media_files(media_root):
            files[f"media/{path.relative_to(media_root).as_posix()}"] = sha256(path)
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "wagtail": wagtail.__version__,
            "files": files,
        }
        archive_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = archive_path.with_name(archive_path.name + ".partial")
        # Readable by its owner only, from the first byte on.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with (
            os.fdopen(descriptor, "wb") as handle,
            tarfile.open(fileobj=handle, mode="w:gz") as archive,
        ):
            encoded = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(encoded)
            archive.addfile(info, io.BytesIO(encoded))
            for name in DATA_FILES:
                archive.add(work / name, name)
            for name in files:
                if name.startswith("media/"):
                    archive.add(media_root / name.removeprefix("media/"), name)
        partial.replace(archive_path)  # never a half-written archive under the real name
    return manifest


def read_archive(archive_path, target):
    """Unpack and verify an archive into ``target``; return its manifest."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(target, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"cannot read {archive_path}: {error}") from error
    manifest_path = Path(target) / "manifest.json"
    if not manifest_path.exists():
        raise BackupError("the archive has no manifest.json")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    for name, checksum in manifest["files"].items():
        path = Path(target) / name
        if not path.is_file() or sha256(path) != checksum:
            raise BackupError(f"{name} is missing or does not match its checksum")
    return manifest


def restore_backup(archive_path):
    """Replace the database content and media files with those of an archive."""
    with tempfile.TemporaryDirectory(prefix="stadtteil-restore-") as work:
        manifest = read_archive(archive_path, work)
        with transaction.atomic():
            postgresql = connection.vendor == "postgresql"
            if postgresql:
                # TRUNCATE refuses tables with deferred checks still pending
                # (when the restore runs inside a larger transaction) ...
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            if postgresql:
                # ... and loaddata needs them deferred to the end again.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for name in DATA_FILES:
                if name in manifest["files"]:  # archives of before last.json have two files
                    call_command("loaddata", str(Path(work) / name), verbosity=0)
        media_root = Path(settings.MEDIA_ROOT)
        media_root.mkdir(parents=True, exist_ok=True)
        for name in manifest["files"]:
            if name.startswith("media/"):
                destination = media_root / name.removeprefix("media/")
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(work) / name, destination)
    call_command("rebuild_references_index", verbosity=0)
    call_command("update_index", verbosity=0)
    return manifest


def clear_caches():
    """Empty every configured cache; return the aliases emptied and those
    that could not be reached (a cache that ignores its errors, like the
    Redis cache, would otherwise pass for empty).

    Answers of the replaced site and Wagtail's renditions (which name rows
    and files that the restore removed) must not outlive it.
    """
    emptied, unreachable = [], []
    for alias in settings.CACHES:
        cache = caches[alias]
        cache.clear()
        if cache.add(CLEARED_PROBE, True, timeout=10) and cache.get(CLEARED_PROBE):
            cache.delete(CLEARED_PROBE)
            emptied.append(alias)
        else:
            unreachable.append(alias)
    return emptied, unreachable
