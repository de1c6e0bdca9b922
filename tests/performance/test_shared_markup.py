"""Markup rendered from the content alone is rendered once per content state.

``publication.remember_rendered`` and the ``{% shared %}`` tag keep the main
content of the district, index and archive pages, the Atom feed and the
sitemap index for the anonymous requests of one content state; editors,
previews and a change always get it rendered anew.
"""

from django.contrib.auth import get_user_model
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

import pytest

from stadtteil_pages import publication
from stadtteil_pages.models import DistrictConferencePage
from tests.performance.test_shared_answers import Counter, anonymous

DISTRICT = "/stadtteilkonferenzen/welper/"
ARCHIVE = "/stadtteilkonferenzen/protokolle/"


def test_markup_is_shared_within_a_state_and_rendered_anew_after_it():
    render = Counter()
    assert publication.remember_rendered(anonymous("s1"), "k", render) == "answer 1"
    assert publication.remember_rendered(anonymous("s1"), "k", render) == "answer 1"
    assert publication.remember_rendered(anonymous("s2"), "k", render) == "answer 2"
    # Without a state (editors, previews) it is rendered every time.
    assert publication.remember_rendered(anonymous(), "k", render) == "answer 3"
    assert publication.remember_rendered(anonymous(), "k", render) == "answer 4"


def test_markup_that_follows_the_clock_is_not_shared_without_a_time_bucket(settings):
    settings.STADTTEIL_CACHE_SECONDS = 0
    render = Counter()
    for _ in range(2):
        publication.remember_rendered(anonymous("s1"), "k", render, follows_clock=True)
    assert render.calls == 2


def test_kept_markup_is_bounded_by_its_size(monkeypatch):
    monkeypatch.setattr(publication, "RENDERED_LIMIT", 25)
    render = Counter()
    for key in ("a", "b", "c", "d", "e"):
        publication.remember_rendered(anonymous("s1"), key, render)
    assert sum(len(text) for text in publication._rendered[1].values()) <= 25
    assert publication.remember_rendered(anonymous("s1"), "a", render) == "answer 6"


@pytest.mark.django_db
def test_the_shared_tag_keys_by_its_values():
    template = Template(
        "{% load stadtteil_shared %}{% shared 'x' value %}{{ value }}{% endshared %}"
    )
    request = anonymous("s1")
    first = template.render(Context({"request": request, "value": 1}))
    second = template.render(Context({"request": anonymous("s1"), "value": 2}))
    assert (first, second) == ("1", "2")


@pytest.mark.django_db
def test_a_district_page_renders_its_content_once_per_state(client, hattingen):
    with CaptureQueriesContext(connection) as queries:
        first = client.get(DISTRICT).content
    assert len(queries) > 10
    with CaptureQueriesContext(connection) as queries:
        again = client.get(DISTRICT).content
    assert again == first
    # Only the content state (two queries without Redis) and Wagtail's
    # view-restriction check remain.
    assert len(queries) <= 4


@pytest.mark.django_db
def test_a_change_and_editors_see_the_content_rendered_anew(client, hattingen):
    client.get(DISTRICT)
    page = DistrictConferencePage.objects.get(locale__language_code="de", slug="welper")
    page.introduction = "Neu eingeleitet."
    page.save_revision().publish()
    assert "Neu eingeleitet." in client.get(DISTRICT).content.decode()
    # A change behind Wagtail's back (no signal, no log entry) keeps the
    # shared markup for visitors, but an editor's request renders anew.
    DistrictConferencePage.objects.filter(pk=page.pk).update(introduction="Leise geändert.")
    assert "Neu eingeleitet." in client.get(DISTRICT).content.decode()
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    assert "Leise geändert." in client.get(DISTRICT).content.decode()


@pytest.mark.django_db
def test_the_archive_keeps_one_rendering_per_filter(client, hattingen):
    unfiltered = client.get(ARCHIVE).content.decode()
    filtered = client.get(ARCHIVE, {"year": "1999"}).content.decode()
    assert filtered != unfiltered
    assert client.get(ARCHIVE).content.decode() == unfiltered
    assert client.get(ARCHIVE, {"year": "1999"}).content.decode() == filtered
