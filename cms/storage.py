"""Media storage that never keeps half a file.

Kept free of Wagtail imports: Django builds the storage while models load.
"""

import logging

from django.core.files.storage import FileSystemStorage

logger = logging.getLogger(__name__)


class CleanFileSystemStorage(FileSystemStorage):
    """File storage that removes what it wrote when writing fails (a full
    disk), so that no half-stored file stays behind."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            # Django creates the file exclusively (a name taken meanwhile is
            # retried inside), so a file at this name is this call's fragment.
            try:
                if self.exists(name):
                    self.delete(name)
            except OSError:
                logger.exception("Could not remove the incomplete file %s", name)
            raise
