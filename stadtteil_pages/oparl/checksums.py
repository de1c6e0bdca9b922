"""SHA-512 checksums of documents for OParl's ``File.sha512Checksum``.

Computed when a document is saved (see ``history``) and, for documents
uploaded before, on the first request that needs them; afterwards a list
reads them with one query.
"""

import hashlib
import logging

from ..models import DocumentChecksum

logger = logging.getLogger(__name__)
CHUNK = 1024 * 1024


def store_checksum(document):
    """Compute and keep the SHA-512 of a document's current file (``None`` if unreadable).

    Wagtail fills in a document's size and SHA-1 only when its admin uploads
    the file; documents created otherwise get them here, as OParl lists both.
    """
    sha1, sha512, size = hashlib.sha1(usedforsecurity=False), hashlib.sha512(), 0
    try:
        with document.open_file() as handle:
            for chunk in handle.chunks(CHUNK):
                sha1.update(chunk)
                sha512.update(chunk)
                size += len(chunk)
    except OSError:
        logger.warning("The file of document %s cannot be read.", document.pk)
        DocumentChecksum.objects.filter(document=document).delete()
        return None
    missing = {}
    if document.file_size is None:
        missing["file_size"] = document.file_size = size
    if not document.file_hash:
        missing["file_hash"] = document.file_hash = sha1.hexdigest()
    if missing:
        type(document).objects.filter(pk=document.pk).update(**missing)
    DocumentChecksum.objects.update_or_create(
        document=document, defaults={"sha1": document.file_hash, "sha512": sha512.hexdigest()}
    )
    return sha512.hexdigest()


def attach_checksums(documents):
    """Set ``oparl_sha512`` on each document (a list); one query when all are known."""
    rows = DocumentChecksum.objects.filter(document__in=[document.pk for document in documents])
    known = {row.document_id: row for row in rows}
    for document in documents:
        row = known.get(document.pk)
        if row is None or (document.file_hash and row.sha1 != document.file_hash):
            # Computed once for a document that the list holds twice.
            sha512 = store_checksum(document)  # fills in a missing SHA-1 too
            row = known[document.pk] = DocumentChecksum(sha1=document.file_hash, sha512=sha512)
        document.oparl_sha512 = row.sha512
