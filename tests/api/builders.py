"""Helpers for the API tests: requests, and pages with their nested objects."""

import datetime
import json

from django.utils import timezone

import wagtail_factories

from stadtteil_pages.models import (
    DistrictConferenceContact,
    DistrictConferencePage,
    MeetingDocument,
    ProjectClosure,
    ProjectContact,
)
from tests.factories import DistrictFactory, add_page


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content
    return json.loads(response.content)


def image_body(*images):
    """A StreamField body (JSON) with one image block per image."""
    return json.dumps(
        [
            {"type": "image", "value": {"image": image.pk, "alt_text": "Bild", "decorative": False}}
            for image in images
        ]
    )


def add_conference(index, slug):
    district = DistrictFactory(name=slug.title(), slug=slug)
    conference = DistrictConferencePage(title=f"Konferenz {district.name}", slug=slug)
    conference.districts = [district]
    return add_page(index, conference)


def republish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_contacts(page, contacts):
    link_model = ProjectContact if hasattr(page, "schedule_rules") else DistrictConferenceContact
    page.contact_links = [link_model(contact=contact) for contact in contacts]
    return republish(page)


def add_documents(meeting_page, documents):
    meeting_page.documents = [
        MeetingDocument(document=document, kind=kind) for document, kind in documents
    ]
    return republish(meeting_page)


def add_closures(project_page, count):
    start = timezone.localdate() + datetime.timedelta(days=3)
    project_page.closures = [
        ProjectClosure(start_date=start + datetime.timedelta(days=7 * n), reason=f"Ferien {n}")
        for n in range(count)
    ]
    return republish(project_page)


ImageFactory = wagtail_factories.ImageFactory
