"""Every test starts in the site's language, whatever the test before it served.

Serving a page activates its language for the thread (``LocaleMiddleware``,
home's ``before_serve_page`` hook) and nothing switches it back after the
response. Code called without a request (``overview(index)``, say) asks the
active language, so a test after a request to ``/en/`` would otherwise run in
English (``tests/conftest.py`` resets it). The two tests run in this order.
"""

from django.conf import settings
from django.utils import translation


def test_serving_an_english_page_leaves_english_active(client, hattingen):
    client.get("/en/")
    assert translation.get_language() == "en"


def test_the_next_test_starts_in_the_site_language():
    assert translation.get_language() == settings.LANGUAGE_CODE == "de"
