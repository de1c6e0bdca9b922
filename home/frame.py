"""The site frame around every page: navigation, title, description.

The header, the footer and the document head of ``base.html`` take their
facts from here (through ``home.templatetags.site_frame``), so that templates
only lay them out. Every link comes from the publication rule.
"""

from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from wagtail.models import Page

from stadtteil_pages.memo import memo
from stadtteil_pages.models import ConferenceIndexPage, ProtocolIndexPage
from stadtteil_pages.public.publication import (
    active_locale,
    default_locale,
    public_links,
    published,
    request_site,
)

from .pages import CityContactSettings

# The page visitors reach through the header's "Leichte Sprache" link.
EASY_LANGUAGE_SLUG = "leichte-sprache"
# The fragment of the conference index where its projects are listed.
PROJECTS_FRAGMENT = "projekte"


class NavItem(NamedTuple):
    label: str
    url: str
    current: bool


def site_name(request):
    """The city's name as the site calls itself, e.g. “Stadt Hattingen”.

    In another language, the title of the translated home page (“City of
    Hattingen”): the contact block's name is the German postal one.
    """
    site = request_site(request)
    if site is None:
        return ""
    home = frame_pages(request)["home"]
    if (
        home is not None
        and home.alias_of_id is None
        and home.locale_id == active_locale(request).pk
        and home.locale_id != default_locale(request).pk
    ):
        return home.title
    return city_contact(request).organisation or site.site_name or ""


def city_contact(request):
    """The city's contact settings for the request's site (footer, title, imprint)."""
    site = request_site(request)
    if site is None:
        return None
    return memo(request, ("city-contact", site.pk), lambda: CityContactSettings.for_site(site))


def legal_links(request):
    """The public imprint, privacy and accessibility pages the footer links to."""
    contact = city_contact(request)
    if contact is None:
        return []

    def read():
        pages = (contact.imprint_page, contact.privacy_page, contact.accessibility_page)
        return public_links(pages, request)

    key = ("legal-links", contact.pk, active_locale(request).pk)
    return memo(request, key, read)


def site_title():
    """What this site is about, shown beside the city's name."""
    return _("District conferences")


def document_title(request, page=None, heading=None):
    """The ``<title>``: “Stadtteilkonferenz Welper – Stadt Hattingen”.

    The home page, whose title is usually the city's name, becomes
    “Stadtteilkonferenzen – Stadt Hattingen” instead of repeating the name.
    """
    name = site_name(request)
    if heading is None and page is not None:
        heading = getattr(page, "seo_title", "") or page.title
    if not heading or heading == name:
        heading = site_title()
    return f"{heading} – {name}" if name else str(heading)


def meta_description(request, page=None):
    """The page's own description, else a description of the whole site."""
    own = getattr(page, "meta_description", "") if page is not None else ""
    if own:
        return own
    name = site_name(request)
    if name:
        return _(
            "Dates, venues, contacts and protocols of the district conferences of %(city)s, "
            "and the projects that grew out of them."
        ) % {"city": name}
    return _("Dates, venues, contacts and protocols of the district conferences.")


def search_url():
    """The address of the site search (``/suche/``)."""
    try:
        return reverse("search")
    except NoReverseMatch:
        return "/suche/"


def frame_pages(request):
    """The public pages the frame links to, from one query.

    ``home``, ``index`` (the conference index), ``protocols`` (the archive)
    and ``easy_language`` (the Leichte-Sprache page), each in the visitor's
    language where it exists, else in the original; missing ones are None.
    """
    site = request_site(request)
    if site is None:
        return dict.fromkeys(("home", "index", "protocols", "easy_language"))
    active = active_locale(request)
    return memo(request, ("frame", site.pk, active.pk), lambda: _frame_pages(request, site, active))


def _frame_pages(request, site, active):
    found = dict.fromkeys(("home", "index", "protocols", "easy_language"))
    root = site.root_page
    index_type = ContentType.objects.get_for_model(ConferenceIndexPage)
    archive_type = ContentType.objects.get_for_model(ProtocolIndexPage)
    # In the visitor's language, else in the original; never a third language.
    languages = [active.pk, default_locale(request).pk]
    candidates = (
        published(Page, request, locale=None)
        .filter(locale_id__in=languages)
        .filter(
            Q(depth=root.depth)
            | Q(depth__lte=root.depth + 2, content_type__in=[index_type, archive_type])
            | Q(depth__lte=root.depth + 2, slug=EASY_LANGUAGE_SLUG)
        )
    )
    for candidate in candidates.order_by("path"):
        if candidate.depth == root.depth:
            key = "home" if candidate.translation_key == root.translation_key else None
        elif candidate.content_type_id == index_type.pk:
            key = "index"
        elif candidate.content_type_id == archive_type.pk:
            key = "protocols"
        else:
            key = "easy_language"
        if key is None:
            continue
        chosen = found[key]
        if chosen is None or (candidate.locale_id == active.pk and chosen.locale_id != active.pk):
            found[key] = candidate
    return found


def _is_current(page, target):
    return page is not None and target is not None and page.path.startswith(target.path)


def main_navigation(request, page=None):
    """The main navigation: home, conferences, projects, protocols, search."""
    pages = frame_pages(request)
    items = []
    home, index, protocols = pages["home"], pages["index"], pages["protocols"]
    in_protocols = _is_current(page, protocols)
    if home is not None:
        at_home = page is not None and page.pk == home.pk
        items.append(NavItem(_("Home"), home.get_url(request), at_home))
    if index is not None:
        index_url = index.get_url(request)
        in_index = _is_current(page, index) and not in_protocols
        items.append(NavItem(_("District conferences"), index_url, in_index))
        items.append(NavItem(_("Projects"), f"{index_url}#{PROJECTS_FRAGMENT}", False))
    if protocols is not None:
        items.append(NavItem(_("Protocols"), protocols.get_url(request), in_protocols))
    items.append(NavItem(_("Search"), search_url(), False))
    return {"items": items, "easy_language": pages["easy_language"], "home": home}
