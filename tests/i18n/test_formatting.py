"""Dates, times and prices as each language writes them."""

import datetime
from decimal import Decimal

from django.utils import timezone, translation

import pytest

from stadtteil_pages.formatting import format_range
from stadtteil_pages.models import ProjectPage

TZ = timezone.get_default_timezone()
START = datetime.datetime(2018, 11, 15, 17, 0, tzinfo=TZ)
END = datetime.datetime(2018, 11, 15, 19, 30, tzinfo=TZ)


@pytest.mark.parametrize(
    ("language", "single", "span", "price"),
    [
        (
            "de",
            "Donnerstag, 15. November 2018, 17:00 Uhr",
            "Donnerstag, 15. November 2018, 17:00–19:30 Uhr",
            "3,50 €",
        ),
        (
            "en",
            "Thursday, 15 November 2018, 5:00 pm",
            "Thursday, 15 November 2018, 5:00 pm–7:30 pm",
            "€3.50",
        ),
        ("tr", "15 Kasım 2018 Perşembe, 17:00", "15 Kasım 2018 Perşembe, 17:00–19:30", "3,50 €"),
        (
            "uk",
            "Четвер, 15 листопада 2018, 17:00",
            "Четвер, 15 листопада 2018, 17:00–19:30",
            "3,50 €",
        ),
        (
            "ar",
            "الخميس، 15 نوفمبر 2018، 17:00",
            "الخميس، 15 نوفمبر 2018، \u206617:00–19:30\u2069",
            None,
        ),
    ],
)
def test_dates_and_prices_per_language(language, single, span, price):
    with translation.override(language):
        assert format_range(START) == single
        assert format_range(START, END) == span
        if price is not None:
            assert ProjectPage(price=Decimal("3.50")).price_label == price


@pytest.mark.parametrize(
    "language, expected, foreign",
    [
        ("", "12:00–13:30 Uhr", ["12 Uhr", "pm"]),
        ("en", "12:00 pm–1:30 pm", ["noon", "p.m.", "12:00–13:30"]),
        ("tr", "12:00–13:30", ["ÖÖ", "ÖS", "pm"]),
        ("ar", "12:00–13:30", ["12:00 م", "1:30 م", "pm"]),
        ("uk", "12:00–13:30", ["12:00 пп", "1:30 пп", "pm"]),
    ],
)
def test_one_time_format_per_language_on_the_project_page(
    client, hattingen, language, expected, foreign
):
    prefix = f"/{language}" if language else ""
    html = client.get(f"{prefix}/stadtteilkonferenzen/welper/mittagstisch/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    # The weekly rule and every date ahead show the same range.
    assert main.count(expected) >= 3
    assert not [text for text in foreign if text in main]


def test_an_arabic_time_range_reads_left_to_right_inside_arabic_text():
    with translation.override("ar"):
        text = format_range(
            timezone.make_aware(datetime.datetime(2026, 12, 7, 12)),
            timezone.make_aware(datetime.datetime(2026, 12, 7, 13, 30)),
        )
    assert "\u206612:00–13:30\u2069" in text
