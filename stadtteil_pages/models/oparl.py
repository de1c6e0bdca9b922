"""What the OParl interface remembers beyond the content itself.

OParl mirrors follow deletions: an object that was public once must later
answer ``deleted: true``. A deleted page or snippet no longer exists, and an
unpublished page does not say when it was withdrawn, so a small tombstone
keeps the object's kind, id and dates (never its title or content).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OParlRow(models.Model):
    """One OParl object by kind and id (the id in its address)."""

    class Kind(models.TextChoices):
        SYSTEM = "system", _("System")
        BODY = "body", _("Body")
        ORGANIZATION = "organization", _("Organization")
        MEETING = "meeting", _("Meeting")
        PERSON = "person", _("Person")
        LOCATION = "location", _("Location")
        FILE = "file", _("File")
        MEMBERSHIP = "membership", _("Membership")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    # A stamp's is empty where the content's own date applies (a page's first publication).
    created = models.DateTimeField(_("created"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class OParlTombstone(OParlRow):
    """An OParl object that the public could see once and can no longer see."""

    withdrawn_at = models.DateTimeField(_("withdrawn at"))

    class Meta:
        verbose_name = _("OParl tombstone")
        verbose_name_plural = _("OParl tombstones")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_oparl_tombstone")
        ]


class OParlStamp(OParlRow):
    """When an OParl object appeared and last changed, where the content does not say.

    OParl's ``modified`` changes with anything an object shows (a meeting
    with its venue's street); venues, districts and memberships keep no
    dates, and a page's dates stay when a snippet it shows changes.
    ``fingerprint`` notes a change of the system and the body (settings).
    """

    modified = models.DateTimeField(_("modified"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("OParl change")
        verbose_name_plural = _("OParl changes")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_oparl_stamp")
        ]


class DocumentChecksum(models.Model):
    """The SHA-512 of a document's file, which OParl's ``File`` publishes.

    Wagtail keeps only a SHA-1; reading every file again for each listing
    would be slow, so the checksum is computed once per file content and
    recognised by Wagtail's SHA-1.
    """

    document = models.OneToOneField(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="oparl_checksum",
    )
    sha1 = models.CharField(max_length=40)
    sha512 = models.CharField(max_length=128)

    class Meta:
        verbose_name = _("document checksum")
        verbose_name_plural = _("document checksums")

    def __str__(self):
        return self.sha512
