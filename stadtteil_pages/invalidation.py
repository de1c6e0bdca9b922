"""Forgetting cached answers when public content changes.

Two caches hold answers: the response cache of ``stadtteil_pages.caching``
(shared by all app servers through Redis) and, optionally, a CDN or Varnish
in front (``wagtail.contrib.frontend_cache``, configured with
``WAGTAILFRONTENDCACHE``).

Wagtail records every editorial action in its log (page and snippet
history). Each logged action that can change what visitors see starts a new
cache generation, after the transaction commits, so that no app server
serves an answer computed before the change. Publishing, unpublishing,
moving and deleting pages, scheduled go-live and expiry (logged by
``publish_scheduled``), publishing or unpublishing a contact and saving a
venue, a district, a document or a site setting all count; saving a draft,
locking or commenting do not.

For the CDN, the changed page, its ancestors (whose listings and feeds show
it) and, for a contact or a venue, every page that Wagtail's reference
index names as using it are purged by URL.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import DraftStateMixin, ModelLogEntry, Page, PageLogEntry, ReferenceIndex
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from .caching import bump_generation

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


def invalidate():
    """Start a new cache generation once the current transaction has committed."""
    transaction.on_commit(bump_generation)


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
    if created and changes_public_content(instance):
        invalidate()


def page_changed(sender, instance, **kwargs):
    invalidate()
    if frontend_cache_configured():
        transaction.on_commit(lambda: purge_frontend_pages([instance]))


def page_moved(sender, instance, **kwargs):
    page_changed(sender, instance)


def page_deleted(sender, instance, **kwargs):
    invalidate()


def snippet_changed(sender, instance, **kwargs):
    """A contact or a venue: every page that uses it shows the change."""
    invalidate()
    if frontend_cache_configured():
        transaction.on_commit(lambda: purge_frontend_pages(pages_using(instance)))


def pages_using(instance):
    """The pages whose content refers to an object, by Wagtail's reference index."""
    page_ids = (
        ReferenceIndex.get_references_to(instance)
        .filter(base_content_type=ReferenceIndex._get_base_content_type(Page))
        .values_list("object_id", flat=True)
    )
    return list(Page.objects.filter(pk__in=[int(pk) for pk in page_ids if pk.isdigit()]))


def frontend_urls(pages):
    """The addresses a CDN may hold for pages: each page, its ancestors, their feeds."""
    urls = set()
    for page in pages:
        for item in [*page.get_ancestors().filter(depth__gt=1).specific(), page.specific]:
            url = item.get_full_url()
            if not url:
                continue
            urls.add(url)
            for route in FEED_ROUTES:
                try:
                    urls.add(url + item.reverse_subpage(route))
                except Exception:  # noqa: BLE001, S112 - the page has no such feed
                    continue
    return urls


def frontend_cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_frontend_pages(pages):
    """Tell the configured CDN or Varnish to forget the pages."""
    if not pages:
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache(sorted(frontend_urls(pages)))


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
    post_page_move.connect(page_moved, dispatch_uid=f"{uid}_moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid=f"{uid}_deleted")
    published.connect(snippet_changed, dispatch_uid=f"{uid}_snippet_published")
    unpublished.connect(snippet_changed, dispatch_uid=f"{uid}_snippet_unpublished")
    from .models import Venue

    post_save.connect(snippet_changed, sender=Venue, dispatch_uid=f"{uid}_venue")
