"""Reading feeds and structured data the way their consumers do."""

import json
import re

import icalendar

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def fetch_calendar(client, url):
    """GET a feed and parse it; every feed must be valid iCalendar."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.getvalue())


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def structured_data(client, url):
    """The page's one JSON-LD block, parsed, as lists of items by @type."""
    response = client.get(url)
    assert response.status_code == 200, url
    blocks = JSONLD.findall(response.content.decode())
    assert len(blocks) == 1, url
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    graph = {}
    for item in data["@graph"]:
        graph.setdefault(item["@type"], []).append(item)
    return graph


def republish(page, **changes):
    """Change a page's fields and publish the change, as an editor would."""
    page = type(page).objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)
