"""Requests against the OParl interface and walks through its lists."""

import json

BASE = "http://localhost"
SYSTEM = "/oparl/v1.1/"


def get(client, url, status=200, **params):
    response = client.get(url.removeprefix(BASE), params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def walk(client, url, **params):
    """Every object of an external list, following ``next`` to the end."""
    page = get(client, url, **params)
    items = list(page["data"])
    pages = 1
    while "next" in page["links"]:
        page = get(client, page["links"]["next"])
        items += page["data"]
        pages += 1
    assert pages == page["pagination"]["totalPages"]
    return items


def body(client):
    system = get(client, SYSTEM)
    bodies = get(client, system["body"])
    return bodies["data"][0]
