#!/usr/bin/env python3
"""Print the next dates of a district: conference dates and project dates.

A consumer of the Stadtteilkonferenzen API for another city website, with
nothing but the Python standard library. Copy it and adapt the output.

    python3 next_dates.py --api https://www.hattingen.de/api/v2/ --district welper

Exit status: 0 with the dates (possibly none), 2 when the API refuses a
parameter (its message is printed), 1 when the API cannot be reached.
"""

import argparse
import datetime
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

WEEKDAYS = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."]
STATUS_NOTES = {"cancelled": " (fällt aus)", "postponed": " (verschoben)"}


class APIError(Exception):
    """The API answered 4xx: ``message`` says what is wrong, ``parameter`` where."""

    def __init__(self, message, parameter):
        super().__init__(message)
        self.parameter = parameter


def get(api, path, **params):
    url = urllib.parse.urljoin(api, path) + "?" + urllib.parse.urlencode(params)
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"not a web address: {url}")
    # The scheme is checked just above, which is what ruff's S310 asks for.
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.load(response)
    except urllib.error.HTTPError as error:
        if 400 <= error.code < 500:
            body = json.load(error)
            raise APIError(body.get("message", error.reason), body.get("parameter")) from error
        raise


def next_dates(api, district, count):
    """The next ``count`` dates in the district, soonest first, as dicts."""
    meetings = get(
        api,
        "pages/",
        type="stadtteil_pages.MeetingPage",
        district=district,
        upcoming="true",
        limit=count,
        fields="start,end,status,venue",
    )["items"]
    projects = get(
        api,
        "pages/",
        type="stadtteil_pages.ProjectPage",
        district=district,
        fields="next_occurrences,venue",
    )["items"]
    dates = [
        {
            "title": item["title"],
            "start": item["start"],
            "end": item["end"],
            "status": item["status"],
            "venue": item["venue"],
            "url": item["meta"]["html_url"],
        }
        for item in meetings
    ]
    for item in projects:
        for occurrence in item["next_occurrences"]:
            dates.append(
                {
                    "title": item["title"],
                    "start": occurrence["start"],
                    "end": occurrence["end"],
                    "status": "scheduled",
                    "venue": item["venue"],
                    "url": item["meta"]["html_url"],
                }
            )
    dates.sort(key=lambda date: datetime.datetime.fromisoformat(date["start"]))
    return dates[:count]


def format_date(date):
    start = datetime.datetime.fromisoformat(date["start"])
    when = f"{WEEKDAYS[start.weekday()]} {start:%d.%m.%Y, %H:%M}"
    if date["end"]:
        when += f"–{datetime.datetime.fromisoformat(date['end']):%H:%M}"
    where = f" – {date['venue']['address']}" if date["venue"] else ""
    return f"{when} Uhr: {date['title']}{STATUS_NOTES.get(date['status'], '')}{where}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, help="base address, e.g. https://…/api/v2/")
    parser.add_argument("--district", required=True, help="district slug, e.g. welper")
    parser.add_argument("--count", type=int, default=5, help="how many dates (1 to 20)")
    args = parser.parse_args(argv)
    api = args.api if args.api.endswith("/") else args.api + "/"
    try:
        dates = next_dates(api, args.district, args.count)
    except APIError as error:
        print(f"The API refused “{error.parameter}”: {error}", file=sys.stderr)
        return 2
    except (urllib.error.URLError, OSError, ValueError) as error:
        print(f"The API cannot be reached: {error}", file=sys.stderr)
        return 1
    if not dates:
        print(f"Keine Termine in {args.district} angekündigt.")
    for date in dates:
        print(format_date(date))
    return 0


if __name__ == "__main__":
    sys.exit(main())
