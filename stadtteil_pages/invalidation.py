"""Forgetting cached answers when public content changes.

Two caches hold answers: the response cache of ``stadtteil_pages.caching``
(shared by all app servers through Redis) and, optionally, a CDN or Varnish
in front (``wagtail.contrib.frontend_cache``, configured with
``WAGTAILFRONTENDCACHE``).

Wagtail records every editorial action in its log (page and snippet
history), and sends signals for publishing, unpublishing, moving and
deleting. Each change that can alter what visitors see is collected during
its transaction and, once it commits, renews exactly the kept answers that
show it (``stadtteil_pages.cache_tags`` says which): publishing,
unpublishing, moving and deleting pages, scheduled go-live and expiry
(logged by ``publish_scheduled``), a changed view restriction, publishing or
unpublishing a contact, and saving a venue, a district or a file. A change
to anything else that is logged (a site setting, say) renews every answer.
Saving a draft, locking or commenting change nothing.

A CDN in front is told to purge the addresses of the same pages and their
feeds (``purge_frontend``).
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import DraftStateMixin, ModelLogEntry, Page, PageLogEntry
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
    published,
    unpublished,
)

from . import cache_tags

# Logged actions that never change what visitors see.
PRIVATE_ACTIONS = (
    "wagtail.lock",
    "wagtail.unlock",
    "wagtail.workflow",
    "wagtail.comments",
    "wagtail.schedule",
    "wagtail.revert",
    "wagtail.copy",
)
# On pages and draftable snippets these only write a draft.
DRAFT_ACTIONS = ("wagtail.edit", "wagtail.create")
FEED_ROUTES = ("calendar", "atom_feed")


def shown_through_pages(model):
    """Whether visitors see objects of a model only on the pages that use them.

    Contacts, venues, districts, documents and images: a change renews the
    pages that Wagtail's reference index names (and the listings of their
    kind). Anything else may show anywhere.
    """
    from .models import ContactPerson, District, Venue

    return issubclass(model, (ContactPerson, District, Venue, AbstractDocument, AbstractImage))


def object_changed(model, object_id):
    """Renew what shows one object: the pages using it, or everything for an unknown kind."""
    if model is not None and shown_through_pages(model) and str(object_id).isdigit():
        cache_tags.objects_changed(model, [int(object_id)])
    else:
        cache_tags.everything_changed()


def changes_public_content(entry):
    action = entry.action
    if action.startswith(PRIVATE_ACTIONS):
        return False
    if action in DRAFT_ACTIONS:
        if isinstance(entry, PageLogEntry):
            return False
        model = entry.content_type.model_class() if entry.content_type_id else None
        return not (model and issubclass(model, DraftStateMixin))
    return True


def log_entry_saved(sender, instance, created, **kwargs):
    if not created or not changes_public_content(instance):
        return
    if isinstance(instance, PageLogEntry):
        cache_tags.pages_changed([instance.page_id])
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    object_changed(model, instance.object_id)


def page_changed(sender, instance, **kwargs):
    cache_tags.page_changed(instance)


def page_moved(sender, instance, **kwargs):
    # Read the new place from the database when the move has committed.
    cache_tags.pages_changed([instance.pk])


def page_deleted(sender, instance, **kwargs):
    cache_tags.page_deleted(instance)


def snippet_changed(sender, instance, **kwargs):
    """A contact or a venue: every page that uses it shows the change."""
    if isinstance(instance, Page):
        return  # Wagtail sends the snippet signals for pages too; page_changed handles them
    object_changed(type(instance), instance.pk)


def frontend_urls(pages):
    """The addresses a CDN may hold for pages: each page and its feeds."""
    urls = set()
    for page in pages:
        url = page.get_full_url()
        if not url:
            continue
        urls.add(url)
        for route in FEED_ROUTES:
            try:
                urls.add(url + page.reverse_subpage(route))
            except Exception:  # noqa: BLE001, S112 - the page has no such feed
                continue
    return urls


def frontend_cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_frontend(tags):
    """Tell the configured CDN or Varnish to forget the pages a change renewed.

    Every page named by a ``page:`` tag of the change (the changed page, its
    ancestors, the pages that link to it or use the changed contact or
    venue), with its feeds.
    """
    if not frontend_cache_configured():
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    paths = [tag.removeprefix("page:") for tag in tags if tag.startswith("page:")]
    pages = Page.objects.filter(path__in=paths, depth__gt=1).specific()
    urls = frontend_urls(pages)
    if urls:
        purge_urls_from_cache(sorted(urls))


def connect():
    """Called from the app's ``ready()``."""
    uid = "stadtteil_pages_cache"
    from .publication import forget

    post_save.connect(forget, dispatch_uid=f"{uid}_forget_saved")
    post_delete.connect(forget, dispatch_uid=f"{uid}_forget_deleted")
    post_save.connect(log_entry_saved, sender=PageLogEntry, dispatch_uid=f"{uid}_page_log")
    post_save.connect(log_entry_saved, sender=ModelLogEntry, dispatch_uid=f"{uid}_model_log")
    page_published.connect(page_changed, dispatch_uid=f"{uid}_published")
    page_unpublished.connect(page_changed, dispatch_uid=f"{uid}_unpublished")
    # Before a move, the answers at the old place show the page too.
    pre_page_move.connect(page_changed, dispatch_uid=f"{uid}_moving")
    post_page_move.connect(page_moved, dispatch_uid=f"{uid}_moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid=f"{uid}_deleted")
    published.connect(snippet_changed, dispatch_uid=f"{uid}_snippet_published")
    unpublished.connect(snippet_changed, dispatch_uid=f"{uid}_snippet_unpublished")
    from .models import Venue

    post_save.connect(snippet_changed, sender=Venue, dispatch_uid=f"{uid}_venue")
