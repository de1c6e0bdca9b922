"""OParl external lists: walking the pages sees every object exactly once."""

import pytest

from tests.factories import meeting
from tests.oparl.helpers import SYSTEM, body, get, walk

pytestmark = pytest.mark.django_db


def test_walking_the_meeting_list_loses_and_repeats_nothing(client, oparl):
    for number in range(7):
        meeting(oparl.welper, title=f"Weitere {number}", slug=f"weitere-{number}")
    city = body(client)
    everything = walk(client, city["meeting"], limit=1000)
    assert len(everything) == 10
    paged = walk(client, city["meeting"], limit=3)
    assert [item["id"] for item in paged] == [item["id"] for item in everything]
    assert len({item["id"] for item in paged}) == 10


def test_pagination_and_links_describe_the_list(client, oparl):
    url = body(client)["meeting"]
    first = get(client, url, limit=2)
    assert first["pagination"] == {
        "totalElements": 3,
        "elementsPerPage": 2,
        "currentPage": 1,
        "totalPages": 2,
    }
    assert "prev" not in first["links"]
    assert first["links"]["first"] == f"{url}?limit=2"
    assert first["links"]["next"] == f"{url}?limit=2&page=2"
    assert first["links"]["last"] == f"{url}?limit=2&page=2"
    last = get(client, first["links"]["next"])
    assert len(last["data"]) == 1
    assert last["links"]["prev"] == f"{url}?limit=2"
    assert "next" not in last["links"]


def test_links_keep_the_filters(client, oparl):
    url = body(client)["meeting"]
    page = get(client, url, limit=1, created_since="2020-01-01T00:00:00+01:00")
    assert "created_since=2020-01-01T00%3A00%3A00%2B01%3A00" in page["links"]["next"]
    assert page["pagination"]["totalElements"] == 3


def test_limit_beyond_the_maximum_gets_the_maximum(client, oparl, settings):
    settings.STADTTEIL_OPARL_MAX_PAGE_SIZE = 2
    page = get(client, body(client)["meeting"], limit=500)
    assert page["pagination"]["elementsPerPage"] == 2
    assert len(page["data"]) == 2


def test_empty_paper_list_is_a_valid_list(client, oparl):
    page = get(client, body(client)["paper"])
    assert page["data"] == []
    assert page["pagination"]["totalElements"] == 0
    assert page["pagination"]["totalPages"] == 1


def test_system_leads_to_the_one_body(client, oparl):
    system = get(client, SYSTEM)
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = get(client, system["body"])
    assert bodies["pagination"]["totalElements"] == 1
    assert get(client, bodies["data"][0]["id"]) == bodies["data"][0]
