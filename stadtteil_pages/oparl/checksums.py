"""SHA-512 checksums of documents for OParl's ``File.sha512Checksum``.

Computed when a document is saved (see ``signals``) and, for documents
uploaded before, on the first request that needs them; afterwards a list
reads them with one query.
"""

import hashlib
import logging

from ..models import DocumentChecksum

logger = logging.getLogger(__name__)
CHUNK = 1024 * 1024


def file_sha512(document):
    """The SHA-512 of the document's file, or ``None`` when the file cannot be read."""
    digest = hashlib.sha512()
    try:
        with document.open_file() as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
    except OSError:
        logger.warning("The file of document %s cannot be read.", document.pk)
        return None
    return digest.hexdigest()


def store_checksum(document):
    """Compute and keep the checksum of one document's current file."""
    checksum = file_sha512(document)
    if checksum is None:
        DocumentChecksum.objects.filter(document=document).delete()
        return None
    DocumentChecksum.objects.update_or_create(
        document=document, defaults={"sha1": document.file_hash, "sha512": checksum}
    )
    return checksum


def attach_checksums(documents):
    """Set ``oparl_sha512`` on each document; one query when all are known."""
    documents = list(documents)
    if not documents:
        return
    known = {
        row.document_id: row
        for row in DocumentChecksum.objects.filter(document__in=[doc.pk for doc in documents])
    }
    for document in documents:
        row = known.get(document.pk)
        if row is not None and (not document.file_hash or row.sha1 == document.file_hash):
            document.oparl_sha512 = row.sha512
        else:
            document.oparl_sha512 = store_checksum(document)
