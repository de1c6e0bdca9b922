"""Documents: listed and downloadable only where the publication rule allows.

A file is downloadable when a public page uses it and its collection has no
view restriction; an editor who may choose or edit it can always fetch it.
Meeting pages, the protocol archive and the nested ``documents`` of API v2
and v3 list only documents from unrestricted collections.
"""

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from stadtteil_pages.models import MeetingDocument
from tests.api.builders import add_documents, get_json
from tests.factories import DocumentFactory, meeting, protocol_index
from tests.hardening.conftest import expire

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal():
    collection = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.fixture
def secret(site, internal):
    """An internal attachment next to the public protocol of the last meeting."""
    document = DocumentFactory(title="Interne Notiz", collection=internal)
    add_documents(
        site.past_date,
        [
            (site.protocol, MeetingDocument.Kind.PROTOCOL),
            (document, MeetingDocument.Kind.ATTACHMENT),
        ],
    )
    return document


def test_a_meeting_page_lists_no_document_from_a_restricted_collection(client, site, secret):
    html = client.get(site.past_date.url).content.decode()
    assert "Protokoll Welper" in html
    assert "Interne Notiz" not in html and secret.url not in html


def test_api_v2_nests_no_document_from_a_restricted_collection(client, site, secret):
    nested = get_json(client, f"/api/v2/pages/{site.past_date.pk}/")["documents"]
    assert [item["title"] for item in nested] == ["Protokoll Welper"]
    listing = get_json(
        client, "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=documents&limit=20"
    )
    titles = [doc["title"] for item in listing["items"] for doc in item["documents"]]
    assert titles == ["Protokoll Welper"]


def test_api_v3_nests_no_document_from_a_restricted_collection(client, site, secret):
    body = client.get(f"/api/v3/pages/{site.past_date.pk}/").content.decode()
    assert "Protokoll Welper" in body
    assert "Interne Notiz" not in body


def test_the_protocol_archive_lists_no_protocol_from_a_restricted_collection(
    client, site, internal
):
    archive = protocol_index(site.index)
    assert "Protokoll Welper" in client.get(archive.url).content.decode()
    site.protocol.collection = internal
    site.protocol.save()
    assert "Protokoll Welper" not in client.get(archive.url).content.decode()


def test_a_document_a_public_page_uses_can_be_downloaded(client, site):
    response = client.get(site.protocol.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == site.protocol.file.open().read()


def test_an_unused_document_cannot_be_downloaded(client, site):
    unused = DocumentFactory(title="Lose hochgeladen")
    assert client.get(unused.url).status_code == 404


def test_a_document_only_a_draft_uses_cannot_be_downloaded(client, site):
    document = DocumentFactory(title="Nur im Entwurf")
    draft = meeting(site.welper, title="Entwurf", slug="entwurf", live=False)
    draft.documents = [MeetingDocument(document=document, kind=MeetingDocument.Kind.INVITATION)]
    draft.save_revision()
    assert client.get(document.url).status_code == 404


def test_the_document_of_an_expired_meeting_cannot_be_downloaded(client, site):
    expire(site.past_date)
    assert client.get(site.protocol.url).status_code == 404


@pytest.mark.parametrize("way", ["draft", "expired", "private"])
def test_the_document_of_a_meeting_below_a_hidden_conference_cannot_be_downloaded(
    client, site, hide, way
):
    hide[way](site.welper)
    assert client.get(site.protocol.url).status_code == 404


def test_a_document_in_a_restricted_collection_cannot_be_downloaded(client, site, secret):
    assert client.get(secret.url).status_code == 404


def test_an_editor_can_download_any_document(admin_client, site, secret):
    unused = DocumentFactory(title="Lose hochgeladen")
    for document in (secret, unused):
        assert admin_client.get(document.url).status_code == 200


def test_a_wrong_file_name_answers_404(client, site):
    url = site.protocol.url.rsplit("/", 1)[0] + "/anders.pdf"
    assert client.get(url).status_code == 404
