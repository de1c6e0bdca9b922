"""Browser tests: Playwright drives Debian's Chromium against the live server.

Without Chromium the tests skip locally, with the reason; in CI (the
environment variable CI is set) a missing browser is a failure.
"""

import itertools
import os
from pathlib import Path

from django.db import connections

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def chromium(transactional_db):
    """A browser for one test, started after the test database is ready.

    Django's connection handling does not see the test database's serialized
    initial data from inside Playwright's event loop, so the database must be
    set up (and restored after other transactional tests) before the browser.
    """
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM}; install Debian's chromium to run browser tests"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (they must run in CI)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, and Django
    # refuses database queries from a thread with a running loop.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        # While Playwright's loop runs in this thread, Django keeps the
        # thread's database connections per async context (asgiref's Local),
        # out of reach of the test database's teardown: close the ones the
        # test opened here, or one stays open and the test database cannot
        # be dropped ("being accessed by other users").
        connections.close_all()
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot per step into test-artifacts/<test name>/."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    steps = itertools.count(1)

    def take(page, name):
        page.screenshot(path=folder / f"{next(steps):02d}-{name}.png", full_page=True)

    return take
