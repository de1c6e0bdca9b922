"""Nothing unpublished leaks through the API, in v2 or v3.

Drafts, unpublished changes, private pages (with their children and their
documents), expired pages and draft contact versions stay out of every
listing, detail, filter and nested object.
"""

import datetime
import json

from django.utils import timezone

from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from stadtteil_pages.models import MeetingDocument, MeetingPage
from tests.api.builders import add_conference, add_contacts, add_documents, get_json
from tests.factories import ContactPersonFactory, DocumentFactory, meeting

pytestmark = pytest.mark.django_db


def everything(client):
    """All text the public API gives out, as one string to search in."""
    texts = []
    for url in (
        "/api/v2/pages/?limit=20",
        "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*&limit=20",
        "/api/v2/pages/?type=stadtteil_pages.DistrictConferencePage&fields=*&limit=20",
        "/api/v2/pages/?type=stadtteil_pages.ProjectPage&fields=*&limit=20",
        "/api/v2/pages/?upcoming=true",
        "/api/v2/pages/?district=welper",
        "/api/v2/contacts/?limit=20&fields=*",
        "/api/v2/documents/?limit=20",
        "/api/v3/pages/?limit=20",
        "/api/v3/documents/?limit=20",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        texts.append(response.content.decode())
    for page in MeetingPage.objects.all():
        texts.append(client.get(f"/api/v2/pages/{page.pk}/").content.decode())
    for page_id in (page["id"] for page in get_json(client, "/api/v2/pages/?limit=20")["items"]):
        texts.append(client.get(f"/api/v2/pages/{page_id}/").content.decode())
        texts.append(client.get(f"/api/v3/pages/{page_id}/").content.decode())
    return json.dumps(texts, ensure_ascii=False)


def assert_hidden(client, page):
    assert page.title not in everything(client)
    for url in (f"/api/v2/pages/{page.pk}/", f"/api/v3/pages/{page.pk}/"):
        assert client.get(url).status_code == 404
    assert client.get(f"/api/v2/pages/find/?html_path={page.url_path}").status_code == 404


def test_a_draft_page_is_hidden(client, site):
    draft = meeting(site.welper, title="Entwurfstermin", slug="entwurf", live=False)
    assert_hidden(client, draft)


def test_unpublished_changes_are_hidden_and_the_published_version_shown(client, site):
    page = site.next_date
    page.title = "Geheimer neuer Titel"
    page.venue = None
    page.save_revision()
    text = everything(client)
    assert "Geheimer neuer Titel" not in text
    body = get_json(client, f"/api/v2/pages/{page.pk}/")
    assert body["title"] == "Nächste Konferenz"
    assert body["venue"]["name"] == "Bürgertreff Welper"
    assert get_json(client, f"/api/v3/pages/{page.pk}/")["title"] == "Nächste Konferenz"


def test_a_private_page_its_child_and_its_document_are_hidden(client, site):
    private = add_conference(site.index, "intern")
    private.title = "Interne Runde"
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    child = meeting(private, title="Interner Termin", slug="intern-termin")
    secret = DocumentFactory(title="Vertrauliches Protokoll")
    add_documents(child, [(secret, MeetingDocument.Kind.PROTOCOL)])
    for page in (private, child):
        assert_hidden(client, page)
    assert "Vertrauliches Protokoll" not in everything(client)
    assert client.get(f"/api/v2/documents/{secret.pk}/").status_code == 404
    assert client.get(f"/api/v3/documents/{secret.pk}/").status_code == 404
    # Its district exists, but the filter finds nothing private in it.
    assert get_json(client, "/api/v2/pages/?district=intern")["items"] == []


def test_an_expired_page_is_hidden_before_publish_scheduled_runs(client, site):
    MeetingPage.objects.filter(pk=site.next_date.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert MeetingPage.objects.get(pk=site.next_date.pk).live
    assert_hidden(client, site.next_date)
    welper = get_json(client, f"/api/v2/pages/{site.welper.pk}/")
    assert welper["next_meeting"] is None


def test_a_draft_contact_version_is_not_shown(client, site):
    contact = site.contact
    contact.name = "Neuer Name im Entwurf"
    contact.phone = "+492324999999"
    contact.save_revision()
    text = everything(client)
    assert "Neuer Name im Entwurf" not in text and "+492324999999" not in text
    body = get_json(client, f"/api/v2/contacts/{contact.pk}/")
    assert body["name"] == "Svenja Stirnberg" and body["phone"] == "+4923246232"
    [nested] = get_json(client, f"/api/v2/pages/{site.welper.pk}/")["contacts"]
    assert nested["name"] == "Svenja Stirnberg"


def test_a_contact_never_published_is_hidden_everywhere(client, site):
    unpublished = ContactPersonFactory(name="Noch Nicht Freigegeben", live=False)
    add_contacts(site.welper, [site.contact, unpublished])
    add_contacts(site.lunch, [unpublished])
    assert "Noch Nicht Freigegeben" not in everything(client)
    assert client.get(f"/api/v2/contacts/{unpublished.pk}/").status_code == 404
    assert get_json(client, "/api/v2/contacts/?district=welper")["meta"]["total_count"] == 1


def test_an_expired_contact_is_hidden(client, site):
    site.contact.expire_at = timezone.now() - datetime.timedelta(days=1)
    site.contact.save()
    assert client.get(f"/api/v2/contacts/{site.contact.pk}/").status_code == 404
    assert get_json(client, f"/api/v2/pages/{site.welper.pk}/")["contacts"] == []


def test_documents_only_a_draft_uses_or_nobody_uses_are_hidden(client, site):
    unused = DocumentFactory(title="Lose hochgeladen")
    in_draft = DocumentFactory(title="Nur im Entwurf")
    site.next_date.documents = [
        MeetingDocument(document=in_draft, kind=MeetingDocument.Kind.INVITATION)
    ]
    site.next_date.save_revision()
    listed = [item["title"] for item in get_json(client, "/api/v2/documents/")["items"]]
    assert listed == ["Protokoll Welper"]
    for document in (unused, in_draft):
        assert client.get(f"/api/v2/documents/{document.pk}/").status_code == 404


def test_a_document_in_a_restricted_collection_is_hidden(client, site):
    internal = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    site.protocol.collection = internal
    site.protocol.save()
    assert get_json(client, "/api/v2/documents/")["items"] == []
    assert get_json(client, "/api/v3/documents/")["items"] == []
