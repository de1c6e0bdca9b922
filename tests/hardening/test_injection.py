"""Injected markup stays text in every channel: HTML, JSON-LD, iCal, Atom, API.

The editors' text fields hold script tags, event handlers, ``</script>``,
``javascript:`` links and line breaks (see ``payloads``); each output escapes
them for its own format and still says what the editor wrote.
"""

import json
import re

from django.utils.html import escape

import feedparser
import icalendar
import pytest

from tests.hardening import payloads

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


@pytest.fixture
def injected(site):
    return payloads.fill(site)


def pages(site):
    return [site.index, site.welper, site.next_date, site.lunch]


def test_html_shows_the_payloads_as_text(client, injected):
    for page in pages(injected):
        html = client.get(page.url).content.decode()
        for raw in payloads.RAW_MARKUP:
            assert raw not in html, (page.url, raw)
        assert escape("<script>alert('script')</script>") in html
        # The only scripts on a page are its JSON-LD blocks.
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert set(scripts) <= {'<script type="application/ld+json">'}, scripts


def test_the_page_title_keeps_its_line_break_inside_the_heading(client, injected):
    html = client.get(injected.next_date.url).content.decode()
    [heading] = re.findall(r"<h1>(.*?)</h1>", html, re.DOTALL)
    assert "X-Injected: yes" in heading
    assert "<" not in heading.replace("<br>", "")


def test_json_ld_stays_one_script_and_keeps_the_text(client, injected):
    for page in pages(injected):
        html = client.get(page.url).content.decode()
        blocks = JSON_LD.findall(html)
        assert blocks, page.url
        for block in blocks:
            assert "<" not in block and ">" not in block
            data = json.loads(block)
            assert "X-Injected" not in json.dumps(data) or payloads.BREAK in json.dumps(
                data, ensure_ascii=False
            ).replace("\\r\\n", "\r\n")
        texts = json.dumps([json.loads(block) for block in blocks], ensure_ascii=False)
        assert "alert('script')" in texts


def test_ical_escapes_line_breaks_and_keeps_the_text(client, injected):
    ics = client.get(injected.index.url + "termine.ics").getvalue()
    assert b"\r\nX-Injected" not in ics
    calendar = icalendar.Calendar.from_ical(ics)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any(summary.endswith(payloads.TITLE.replace("\r\n", "\n")) for summary in summaries)
    assert "X-INJECTED" not in calendar.walk("VEVENT")[0]


def test_atom_is_well_formed_and_keeps_the_text(client, injected):
    response = client.get(injected.index.url + "feed.atom")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    titles = [entry.title for entry in feed.entries]
    assert any("alert('script')" in title for title in titles)
    assert b"<script>" not in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*",
        "/api/v2/pages/{id}/",
        "/api/v2/contacts/?fields=*",
        "/api/v2/venues/?fields=*",
        "/api/v3/pages/{id}/",
    ],
)
def test_the_api_gives_the_text_as_data_with_a_json_content_type(client, injected, url):
    response = client.get(url.format(id=injected.next_date.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.json()
    text = json.dumps(body, ensure_ascii=False)
    assert "alert('script')" in text
    assert "javascript:alert" not in text


def test_rich_text_in_the_api_is_the_editors_sanitised_html(client, injected):
    venue = client.get(f"/api/v2/venues/{injected.venue.pk}/").json()
    assert "<b>fett</b>" in venue["accessibility"]
    for raw in payloads.RAW_MARKUP:
        assert raw not in venue["accessibility"]


def test_a_javascript_call_to_action_gets_no_link(client, injected):
    html = client.get(injected.index.url).content.decode()
    assert "javascript:" not in html
    assert escape("Los <script>") not in html
