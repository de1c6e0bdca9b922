"""Page addresses in API answers are derived per parent and must equal Wagtail's own."""

from django.test import RequestFactory

from wagtail.models import Page

import pytest

from stadtteil_pages.api.serializers import page_url
from stadtteil_pages.models import DistrictConferencePage
from tests.factories import meeting

pytestmark = pytest.mark.django_db


def test_every_page_address_equals_wagtails_in_every_language(hattingen):
    welper = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    # A slug that Django's reverse() has to quote.
    meeting(welper, title="Treffen in der Bürgerstraße", slug="bürgerstraße-2027")
    request = RequestFactory().get("/api/v2/pages/", HTTP_HOST="localhost")
    pages = list(Page.objects.filter(depth__gt=1).order_by("path"))
    assert any("%C3%BC" in (page.get_full_url(request) or "") for page in pages)
    derived = {page.pk: page_url(page, request) for page in pages}
    expected = {page.pk: page.get_full_url(request) for page in pages}
    assert derived == expected


def test_the_meeting_listing_links_each_meeting_to_its_own_address(client, hattingen):
    response = client.get("/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*&limit=20")
    items = response.json()["items"]
    assert items
    for item in items:
        page = Page.objects.get(pk=item["id"])
        assert item["meta"]["html_url"] == page.full_url
