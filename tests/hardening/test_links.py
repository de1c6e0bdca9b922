"""Links the site renders lead only to public pages: no draft's address or title.

Footer legal links, breadcrumbs, a project's conference of origin, the call
to action block, rich-text links and redirects all ask the publication rule.
"""

from wagtail.contrib.redirects.models import Redirect

import pytest

from home.models import StandardPage
from stadtteil_pages.public.publication import public_ancestors
from tests.api.builders import get_json
from tests.factories import meeting
from tests.hardening.conftest import expire, unpublish

pytestmark = pytest.mark.django_db

WAYS = ["draft", "expired", "private"]


@pytest.mark.parametrize("way", WAYS)
def test_the_footer_leaves_out_a_hidden_legal_page(client, hattingen, hide, way):
    imprint = StandardPage.objects.get(locale__language_code="de", title="Impressum")
    assert ">Impressum</a>" in client.get("/").content.decode()
    hide[way](imprint)
    html = client.get("/").content.decode()
    assert ">Impressum</a>" not in html
    assert imprint.url not in html
    assert ">Datenschutz</a>" in html


def test_breadcrumbs_show_published_titles_not_draft_ones(client, site):
    site.welper.title = "Geheimer Entwurfstitel"
    site.welper.save_revision()
    html = client.get(site.next_date.url).content.decode()
    assert "Geheimer Entwurfstitel" not in html
    assert f'<a href="{site.welper.url}">Konferenz Welper</a>' in html


@pytest.mark.parametrize("way", WAYS)
def test_the_breadcrumb_trail_stops_above_a_hidden_ancestor(site, hide, way):
    hide[way](site.welper)
    trail = [page.title for page in public_ancestors(site.next_date)]
    assert "Stadtteilkonferenzen" in trail
    assert "Konferenz Welper" not in trail


@pytest.mark.parametrize("way", WAYS)
def test_a_project_hides_its_conference_of_origin_when_that_is_hidden(client, site, hide, way):
    site.lunch.conference = site.winz_baak
    site.lunch.save_revision().publish()
    assert "Konferenz Winz-Baak" in client.get(site.lunch.url).content.decode()
    hide[way](site.winz_baak)
    html = client.get(site.lunch.url).content.decode()
    assert "Konferenz Winz-Baak" not in html
    assert site.winz_baak.url not in html
    assert get_json(client, f"/api/v2/pages/{site.lunch.pk}/")["conference"] is None


def body_with(page, *blocks):
    page.body = list(blocks)
    page.save_revision().publish()
    return page


def test_a_call_to_action_to_a_draft_reveals_nothing(client, site):
    draft = meeting(site.welper, title="Geheimer Termin", slug="geheim", live=False)
    body_with(site.index, ("call_to_action", {"text": "Jetzt ansehen", "page": draft}))
    html = client.get(site.index.url).content.decode()
    assert "/geheim/" not in html and "Geheimer Termin" not in html
    assert "Jetzt ansehen" not in html


def test_a_call_to_action_to_a_public_page_links_it(client, site):
    body_with(site.index, ("call_to_action", {"text": "Jetzt ansehen", "page": site.next_date}))
    html = client.get(site.index.url).content.decode()
    assert f'<a href="{site.next_date.url}">Jetzt ansehen</a>' in html


def test_a_call_to_action_to_an_expired_page_disappears(client, site):
    body_with(site.index, ("call_to_action", {"text": "Jetzt ansehen", "page": site.next_date}))
    expire(site.next_date)
    assert "Jetzt ansehen" not in client.get(site.index.url).content.decode()


def test_a_rich_text_link_to_a_draft_keeps_its_text_but_loses_its_address(client, site):
    draft = meeting(site.welper, title="Geheimer Termin", slug="geheim", live=False)
    paragraph = (
        f'<p><a linktype="page" id="{draft.pk}">Mehr dazu</a> und '
        f'<a linktype="page" id="{site.next_date.pk}">der nächste Termin</a></p>'
    )
    body_with(site.index, ("paragraph", paragraph))
    html = client.get(site.index.url).content.decode()
    assert "<a>Mehr dazu</a>" in html
    assert "/geheim/" not in html
    assert f'<a href="{site.next_date.url}">der nächste Termin</a>' in html


@pytest.mark.parametrize("way", ["draft", "expired"])
def test_a_redirect_to_a_hidden_page_answers_404(client, site, way):
    Redirect.objects.create(old_path="/alter-termin", redirect_page=site.next_date)
    response = client.get("/alter-termin/")
    assert response.status_code == 301
    assert response["Location"].endswith(site.next_date.url)
    (unpublish if way == "draft" else expire)(site.next_date)
    response = client.get("/alter-termin/")
    assert response.status_code == 404
    assert site.next_date.slug not in response.content.decode()
    assert "Location" not in response


def test_api_v3_names_no_hidden_page_as_a_redirect_target(client, site):
    redirect = Redirect.objects.create(old_path="/alter-termin", redirect_page=site.next_date)
    listing = get_json(client, "/api/v3/redirects/")["items"]
    assert [item["redirect_page_id"] for item in listing] == [site.next_date.pk]
    unpublish(site.next_date)
    listing = get_json(client, "/api/v3/redirects/")["items"]
    assert [item["redirect_page_id"] for item in listing] == [None]
    detail = get_json(client, f"/api/v3/redirects/{redirect.pk}/")
    assert detail["redirect_page_id"] is None
    assert detail["old_path"] == "/alter-termin"


def test_a_redirect_to_an_address_still_works(client, site):
    Redirect.objects.create(old_path="/stadt", redirect_link="https://www.hattingen.de/")
    response = client.get("/stadt")
    assert response.status_code == 301
    assert response["Location"] == "https://www.hattingen.de/"


def test_the_api_body_names_no_hidden_page_in_a_call_to_action(client, site):
    draft = meeting(site.welper, title="Geheimer Termin", slug="geheim", live=False)
    body_with(
        site.index,
        ("call_to_action", {"text": "Entwurf", "page": draft}),
        ("call_to_action", {"text": "Termin", "page": site.next_date}),
    )
    for url in (f"/api/v2/pages/{site.index.pk}/", f"/api/v3/pages/{site.index.pk}/"):
        values = [block["value"] for block in get_json(client, url)["body"]]
        assert [value["page"] for value in values] == [None, site.next_date.pk]
