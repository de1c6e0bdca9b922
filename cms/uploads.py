"""Uploads that are what they claim to be, and a full disk that loses nothing.

Wagtail checks a file's extension and size; these form bases (set by
``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and ``WAGTAILIMAGES_IMAGE_FORM_BASE``, so
they serve the single and the multiple upload alike) also check the content:
a document's first bytes must match its extension, an image must decode
completely (a truncated PNG is refused with a form error instead of failing
later when a rendition is made). A full disk: see ``cms.storage``.
"""

import errno
import logging
import struct
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

import filetype
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

# What the first bytes of each allowed document format are recognised as.
DOCUMENT_SIGNATURES = {
    "pdf": {"pdf"},
    "docx": {"docx"},
    "xlsx": {"xlsx"},
    "odt": {"odt"},
    "ods": {"ods"},
}
TEXT_SAMPLE_BYTES = 64 * 1024
DAMAGED_IMAGE = _(
    "This image is damaged or incomplete and cannot be shown. "
    "Please export it again and upload the new file."
)


def extension(name):
    return PurePath(name or "").suffix.lower().lstrip(".")


def read_head(uploaded, size):
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def check_document_content(uploaded):
    """Raise a ValidationError unless the file's content matches its extension."""
    ext = extension(uploaded.name)
    head = read_head(uploaded, TEXT_SAMPLE_BYTES)
    if ext == "txt":
        if b"\x00" in head or filetype.guess(head) is not None:
            raise ValidationError(
                _("This file is not plain text. Upload it in its own format (e.g. PDF)."),
                code="content_mismatch",
            )
        return
    kind = filetype.guess(head)
    if ext in DOCUMENT_SIGNATURES and (
        kind is None or kind.extension not in DOCUMENT_SIGNATURES[ext]
    ):
        raise ValidationError(
            _(
                "The content of this file is not a valid %(extension)s file. "
                "It may be damaged or have the wrong file name ending."
            ),
            code="content_mismatch",
            params={"extension": ext.upper()},
        )


def check_image_content(uploaded):
    """Raise a ValidationError unless the image decodes completely."""
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            image.load()
    except (
        OSError,
        SyntaxError,
        ValueError,
        UnidentifiedImageError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(DAMAGED_IMAGE, code="image_corrupt") from error
    finally:
        uploaded.seek(0)


class CheckedDocumentForm(BaseDocumentForm):
    """The document form of the admin, with the content check."""

    def _post_clean(self):
        # After Wagtail's own checks (extension, size), so that a file gets
        # one clear message, not one per check.
        super()._post_clean()
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data and not self.has_error("file"):
            try:
                check_document_content(uploaded)
            except ValidationError as error:
                self.add_error("file", error)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, for which a damaged file is a validation error.

    Wagtail reads the header and counts the frames; a file cut short can make
    that raise (``struct.error``, ``OSError``) instead of failing validation.
    """

    def to_python(self, data):
        try:
            uploaded = super().to_python(data)
        except ValidationError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
            raise ValidationError(DAMAGED_IMAGE, code="image_corrupt") from error
        if uploaded is not None:
            check_image_content(uploaded)
        return uploaded


class CheckedImageForm(BaseImageForm):
    """The image form of the admin, with the full decoding check."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, CheckedImageField):
            checked = CheckedImageField(
                label=field.label, required=field.required, help_text=field.help_text
            )
            checked.widget = field.widget
            self.fields["file"] = checked


class StorageFullMiddleware:
    """Answer an upload that hit a full disk with a clear message (507)
    instead of a server error; nothing was stored (see cms.storage)."""

    message = _(
        "The server has no space left to store this file; nothing was saved. "
        "Please tell the site's administrators."
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OSError) or exception.errno not in (
            errno.ENOSPC,
            errno.EDQUOT,
        ):
            return None
        logger.error("Upload refused: storage full (%s)", exception)
        if "files[]" in request.FILES:
            # The multiple uploader shows error_message next to the file, and
            # (as for Wagtail's own refusals) only in an answer with status 200.
            return JsonResponse({"success": False, "error_message": str(self.message)})
        return render(request, "security/storage_full.html", {"message": self.message}, status=507)
