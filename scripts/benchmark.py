"""Measure response times, query counts and memory of the public pages.

Runs against a throw-away test database (SQLite, or PostgreSQL when
DATABASE_URL is set) filled with the Hattingen content plus generated
meetings, and compares the results with the targets below.

    .venv/bin/python scripts/benchmark.py [--meetings 300] [--rounds 30]
"""

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

# Median milliseconds per request that a visitor or consumer should not wait
# longer than, on the 2-core reference machine.
TARGETS_MS = {"html": 150, "feed": 400, "api": 150}
URLS = [
    ("html", "/"),
    ("html", "/stadtteilkonferenzen/"),
    ("html", "/stadtteilkonferenzen/welper/"),
    ("html", "/stadtteilkonferenzen/welper/mittagstisch/"),
    ("html", "/stadtteilkonferenzen/winz-baak/"),
    ("html", "/stadtteilkonferenzen/protokolle/"),
    ("feed", "/stadtteilkonferenzen/termine.ics"),
    ("feed", "/stadtteilkonferenzen/welper/mittagstisch/termine.ics"),
    ("feed", "/stadtteilkonferenzen/feed.atom"),
    ("api", "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*&limit=20"),
    ("api", "/api/v2/pages/?type=stadtteil_pages.MeetingPage&district=winz-baak&upcoming=true"),
    ("api", "/api/v2/contacts/?fields=*"),
]


def add_meetings(count):
    from stadtteil_pages.models import DistrictConferencePage, MeetingPage, Venue

    conferences = list(DistrictConferencePage.objects.all())
    venue = Venue.objects.first()
    start = timezone.now() - datetime.timedelta(days=365)
    for number in range(count):
        conference = conferences[number % len(conferences)]
        meeting = MeetingPage(
            title=f"Stadtteilkonferenz {number}",
            slug=f"termin-{number}",
            start=start + datetime.timedelta(days=3 * number, hours=17),
            venue=venue,
            live=False,
        )
        conference.add_child(instance=meeting)
        meeting.save_revision().publish()


def measure(client, url, rounds):
    timings = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), sorted(timings)[int(len(timings) * 0.95) - 1], len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=30)
    options = parser.parse_args()

    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    failures = 0
    try:
        call_command("load_hattingen", "--no-demo-users", stdout=StringIO())
        add_meetings(options.meetings)
        client = Client()
        print(f"database: {connection.vendor}, extra meetings: {options.meetings}")
        print(f"{'kind':5} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  url")
        for kind, url in URLS:
            median, p95, queries = measure(client, url, options.rounds)
            verdict = "ok" if median <= TARGETS_MS[kind] else "SLOW"
            failures += verdict != "ok"
            print(f"{kind:5} {median:10.1f} {p95:8.1f} {queries:8d}  {url}  {verdict}")
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of the process: {peak_mib:.0f} MiB")
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    print("targets (median ms):", TARGETS_MS, "->", "met" if not failures else f"{failures} missed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
