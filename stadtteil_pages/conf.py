"""The plugin's options, read from the host's settings with defaults."""

from zoneinfo import ZoneInfo

from django.conf import settings


def event_timezone():
    """The zone in which conference dates and project schedules are kept."""
    return ZoneInfo(getattr(settings, "STADTTEIL_TIME_ZONE", settings.TIME_ZONE))


def holidays_country():
    return getattr(settings, "STADTTEIL_HOLIDAYS_COUNTRY", "DE")


def holidays_subdivision():
    return getattr(settings, "STADTTEIL_HOLIDAYS_SUBDIVISION", "NW")


def index_parent_page_types():
    return getattr(settings, "STADTTEIL_INDEX_PARENT_PAGE_TYPES", None)
