"""The publication rule holds in OParl: drafts, private and expired content never appear."""

import datetime
import json

from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from stadtteil_pages.models import MeetingDocument
from tests.api.builders import add_conference, add_documents
from tests.factories import ContactPersonFactory, DocumentFactory, meeting
from tests.oparl.helpers import SYSTEM, body, get, walk

pytestmark = pytest.mark.django_db

LISTS = ("organization", "meeting", "person", "locationList", "file", "membership")


def everything(client):
    """All text the OParl interface gives out, as one string to search in."""
    city = body(client)
    found = [get(client, SYSTEM), city]
    for key in LISTS:
        found += walk(client, city[key])
    return json.dumps(found, ensure_ascii=False)


def ids(client, key):
    return {item["id"] for item in walk(client, body(client)[key])}


def test_a_draft_meeting_never_appears(client, oparl):
    draft = meeting(oparl.welper, title="Entwurfstermin", slug="entwurf", live=False)
    assert "Entwurfstermin" not in everything(client)
    assert f"http://localhost{SYSTEM}meeting/{draft.pk}" not in ids(client, "meeting")
    get(client, f"{SYSTEM}meeting/{draft.pk}", status=404)


def test_unpublished_changes_stay_hidden(client, oparl):
    oparl.next_date.title = "Geheimer neuer Titel"
    oparl.next_date.save_revision()
    assert "Geheimer neuer Titel" not in everything(client)
    assert get(client, f"{SYSTEM}meeting/{oparl.next_date.pk}")["name"] == "Nächste Konferenz"


def test_a_private_conference_its_meetings_and_documents_never_appear(client, oparl):
    private = add_conference(oparl.index, "intern")
    private.title = "Interne Runde"
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    child = meeting(private, title="Interner Termin", slug="intern-termin")
    secret = DocumentFactory(title="Vertrauliches Protokoll")
    add_documents(child, [(secret, MeetingDocument.Kind.PROTOCOL)])
    text = everything(client)
    for name in ("Interne Runde", "Interner Termin", "Vertrauliches Protokoll"):
        assert name not in text
    # Never public, so not even a tombstone.
    assert f"{SYSTEM}meeting/{child.pk}" not in text
    assert f"{SYSTEM}file/{secret.pk}" not in text
    get(client, f"{SYSTEM}meeting/{child.pk}", status=404)
    get(client, f"{SYSTEM}file/{secret.pk}", status=404)
    get(client, f"{SYSTEM}organization/{private.pk}/meeting", status=404)


def test_a_conference_made_private_becomes_deleted_without_content(client, oparl):
    PageViewRestriction.objects.create(
        page=oparl.welper, restriction_type=PageViewRestriction.LOGIN
    )
    for url in (
        f"{SYSTEM}organization/{oparl.welper.pk}",
        f"{SYSTEM}meeting/{oparl.past_date.pk}",
        f"{SYSTEM}file/{oparl.protocol.pk}",
    ):
        data = get(client, url)
        assert data["deleted"] is True
        assert set(data) <= {"id", "type", "created", "modified", "deleted"}
    text = everything(client)
    for name in ("Konferenz Welper", "Letzte Konferenz", "Protokoll Welper"):
        assert name not in text


def test_an_expired_meeting_is_hidden_before_publish_scheduled_runs(client, oparl):
    oparl.next_date.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    oparl.next_date.save(update_fields=["expire_at"])
    assert "Nächste Konferenz" not in everything(client)
    assert get(client, f"{SYSTEM}meeting/{oparl.next_date.pk}")["deleted"] is True


def test_contacts_never_published_or_expired_never_appear(client, oparl):
    ContactPersonFactory(name="Noch Nicht Freigegeben", live=False)
    oparl.contact.expire_at = timezone.now() - datetime.timedelta(days=1)
    oparl.contact.save()
    text = everything(client)
    assert "Noch Nicht Freigegeben" not in text
    assert "Svenja Stirnberg" not in text and "s@example.org" not in text


def test_a_draft_contact_version_is_not_shown(client, oparl):
    oparl.contact.name = "Neuer Name im Entwurf"
    oparl.contact.save_revision()
    assert "Neuer Name im Entwurf" not in everything(client)
    assert get(client, f"{SYSTEM}person/{oparl.contact.pk}")["name"] == "Svenja Stirnberg"


def test_documents_in_a_restricted_collection_or_only_in_drafts_never_appear(client, oparl):
    in_draft = DocumentFactory(title="Nur im Entwurf")
    oparl.open_date.documents = [
        MeetingDocument(document=in_draft, kind=MeetingDocument.Kind.INVITATION)
    ]
    oparl.open_date.save_revision()
    DocumentFactory(title="Lose hochgeladen")
    internal = Collection.get_first_root_node().add_child(name="Intern")
    oparl.attachment.collection = internal
    oparl.attachment.save()
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    text = everything(client)
    for name in ("Nur im Entwurf", "Lose hochgeladen", "Präsentation"):
        assert name not in text
    assert get(client, f"{SYSTEM}file/{oparl.attachment.pk}")["deleted"] is True
    meeting_data = get(client, f"{SYSTEM}meeting/{oparl.past_date.pk}")
    assert "auxiliaryFile" not in meeting_data
    assert meeting_data["resultsProtocol"]["name"] == "Protokoll Welper"


def test_translations_are_not_objects_of_their_own(client, oparl):
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = oparl.past_date.copy_for_translation(english, copy_parents=True)
    translated.title = "Last conference"
    translated.save_revision().publish()
    assert "Last conference" not in everything(client)
    assert len(ids(client, "meeting")) == 3
