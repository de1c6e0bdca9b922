"""Dates, times and prices as visitors read them, in the active language.

The one formatter of the site: every page, block, feed text and message
takes its dates, times and time ranges from here, so that one language shows
one format ("12:00–13:30 Uhr", "12:00 pm–1:30 pm", "12:00–13:30"). Django's
locale formats are written for forms and tables ("Nov. 15, 2018"); visitors
read dates the way their newspaper prints them, so each language of the site
gets its own Django date pattern here. A language not listed falls back to
Django's own formats.
"""

from decimal import Decimal

from django.utils import dateformat, formats, numberformat, timezone, translation


class Style:
    """How one language writes a date, a time of day and a price."""

    def __init__(
        self,
        date,
        time,
        time_suffix="",
        twelve_hour=False,
        price="{amount} €",
        comma=", ",
        short_date=None,
    ):
        self.date = date
        self.short_date = short_date or date
        self.comma = comma
        self.time = time
        self.time_suffix = time_suffix
        self.twelve_hour = twelve_hour
        self.price = price

    def format_time(self, value):
        text = dateformat.time_format(value, self.time)
        if self.twelve_hour:
            text += " am" if value.hour < 12 else " pm"
        return text


# "Donnerstag, 15. November 2018, 17:00 Uhr" / "Thursday, 15 November 2018, 5:00 pm".
# Ukrainian uses the genitive month name ("E"): "15 листопада 2018".
STYLES = {
    "de": Style(date="l, j. F Y", short_date="j. F Y", time="H:i", time_suffix=" Uhr"),
    "en": Style(
        date="l, j F Y", short_date="j F Y", time="g:i", twelve_hour=True, price="€{amount}"
    ),
    "tr": Style(date="j F Y l", short_date="j F Y", time="H:i"),
    "ar": Style(date="l، j F Y", short_date="j F Y", time="H:i", comma="، "),
    "uk": Style(date="l, j E Y", short_date="j E Y", time="H:i"),
}


def current_style():
    language = (translation.get_language() or "de").split("-")[0]
    return STYLES.get(language)


def format_date(value):
    """E.g. “Donnerstag, 15. November 2018” or “Thursday, 15 November 2018”."""
    style = current_style()
    if style is None:
        return formats.date_format(value, "l") + ", " + formats.date_format(value, "DATE_FORMAT")
    return dateformat.format(value, style.date)


def format_short_date(value):
    """A date without its weekday, e.g. “15. November 2018”, “15 November 2018”."""
    style = current_style()
    if style is None:
        return formats.date_format(value, "DATE_FORMAT")
    return dateformat.format(value, style.short_date)


# Unicode's left-to-right isolate: a range of Western digits inside right-to-
# left text would otherwise be shown backwards ("13:30–12:00").
LTR_ISOLATE = "\u2066{}\u2069"


def format_time_range(start, end):
    """Two times of one day, e.g. “12:00–13:30 Uhr”, “12:00 pm–1:30 pm”."""
    style = current_style()
    if style is None:
        text = f"{format_time(start)}–{format_time(end)}"
    else:
        # The suffix ("Uhr") once, after the end.
        text = f"{style.format_time(start)}–{style.format_time(end)}{style.time_suffix}"
    return LTR_ISOLATE.format(text) if translation.get_language_bidi() else text


def format_time(value):
    """E.g. “17:00 Uhr” or “5:00 pm”."""
    style = current_style()
    if style is None:
        return formats.time_format(value, "TIME_FORMAT")
    return style.format_time(value) + style.time_suffix


def format_range(start, end=None):
    """E.g. “Montag, 7. Dezember 2026, 12:00–13:30 Uhr”."""
    style = current_style()
    comma = style.comma if style is not None else ", "
    start = timezone.localtime(start)
    if not end:
        return f"{format_date(start)}{comma}{format_time(start)}"
    end = timezone.localtime(end)
    if end.date() != start.date():
        return (
            f"{format_date(start)}{comma}{format_time(start)} – "
            f"{format_date(end)}{comma}{format_time(end)}"
        )
    return f"{format_date(start)}{comma}{format_time_range(start.time(), end.time())}"


def format_price(value):
    """E.g. “3,50 €” in German, “€3.50” in English; empty for no price."""
    if value is None:
        return ""
    amount = numberformat.format(
        Decimal(value),
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=2,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        grouping=formats.get_format("NUMBER_GROUPING"),
        force_grouping=False,
    )
    style = current_style()
    pattern = style.price if style is not None else "{amount} €"
    return pattern.format(amount=amount)
