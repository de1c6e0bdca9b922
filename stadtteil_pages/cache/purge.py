"""The CDN or Varnish in front (``wagtail.contrib.frontend_cache``), told what changed.

A consumer of the change flow: the addresses of the pages whose answers a
change invalidates, each with the addresses its model names in
``get_cached_paths()`` (the feeds of a page), and the old addresses of pages
moved or deleted. A change of the site's structure purges every page.
"""

from django.conf import settings

from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache, purge_urls_from_cache
from wagtail.models import Page, Site

from .. import changes
from . import tags


@changes.register
def purge(change):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    if change.structure:
        pages = Page.objects.live().filter(depth__gt=1)
    else:
        paths = [tag.removeprefix("page:") for tag in tags.change_tags(change) if "page:" in tag]
        pages = Page.objects.filter(path__in=paths, depth__gt=1)
    purge_pages_from_cache(pages.specific())
    gone = [*change.moved.values(), *change.deleted.values()]
    if gone:
        purge_urls_from_cache(old_urls(gone))


def old_urls(url_paths):
    """The addresses pages had at these ``url_path``s, on every site that held them."""
    urls = []
    for site in Site.objects.select_related("root_page"):
        root = site.root_page.url_path
        urls += [
            site.root_url + path[len(root) - 1 :] for path in url_paths if path.startswith(root)
        ]
    return urls
