"""Translations go through the same "Vier-Augen-Prinzip" as the German source.

wagtail-localize publishes a translation directly (``Translation.save_target``
with ``publish=True``: the translation editor's "Publish" button and "Publish
immediately" when updating translations). Under the review rule, that would
let one person put a text live alone. Here the translation is saved as a
draft instead and submitted to the object's workflow; a second person
approves and publishes it as any other change.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.models import DraftStateMixin, Locale, Page

from wagtail_localize.models import (
    LocaleSynchronization,
    StringSegment,
    StringTranslation,
    Translation,
)

SUBMITTED = _("The translation into %(language)s was saved and submitted for review.")
PUBLISHED = _("The translation into %(language)s was published.")
FINISHED_HINT = _(
    "Translations are published after a second person's review: when the "
    "translation is complete, submit it for review."
)

_library_save_target = Translation.save_target


def target_of(translation):
    """The translated page or snippet, or ``None`` when it does not exist yet."""
    try:
        return translation.get_target_instance()
    except translation.source.specific_content_type.model_class().DoesNotExist:
        return None


@transaction.atomic
def save_draft(translation, user=None):
    """Save the translation as a new draft revision without touching what is live.

    wagtail-localize writes a draft's texts into the page's own row, which is
    what visitors see; for a translation that is live, the live version is put
    back so that only the revision holds the draft.
    """
    before = target_of(translation)
    live_revision = before.live_revision if before is not None and before.live else None
    _library_save_target(translation, user=user, publish=False)
    if before is not None and before.live and getattr(before, "alias_of_id", None) is not None:
        # An alias of the German page: visitors keep the German text (still
        # an alias) until the translation's draft is approved and published.
        restored = before
    elif live_revision is None:
        return
    else:
        restored = live_revision.as_object()
    draft = translation.get_target_instance()
    restored.latest_revision = draft.latest_revision
    restored.has_unpublished_changes = True
    if isinstance(restored, Page):
        restored.draft_title = draft.draft_title
        restored.save(clean=False)
    else:
        # wagtail-localize took the snippet offline to save its draft.
        restored.live = True
        restored.save()


@transaction.atomic
def submit_translation(translation, user):
    """Save the translation as a draft and submit it to its workflow.

    Returns the workflow state, or ``None`` when no workflow applies and the
    translation was published (e.g. a standard page outside the conference tree).
    A submission still waiting for review is replaced by the new one, so that
    the reviewer sees the latest text.
    """
    save_draft(translation, user)
    target = translation.get_target_instance()
    workflow = target.get_workflow()
    if workflow is None:
        target.get_latest_revision().publish(user=user)
        return None
    current = target.current_workflow_state
    if current is not None:
        current.cancel(user=user)
        target = type(target).objects.get(pk=target.pk)
    return workflow.start(target, user)


def is_untouched_alias(page):
    """An alias of the German page that nobody has started to translate yet."""
    return getattr(page, "alias_of_id", None) is not None and page.latest_revision_id is None


def save_target_through_review(self, user=None, publish=True):
    """``Translation.save_target`` that never publishes past the review.

    A draft is saved as before; a new translation starts as a draft; and
    "publish" becomes "submit for review" for every page and snippet with
    drafts (objects without drafts, such as venues, have no review and are
    saved directly).
    """
    source_model = self.source.specific_content_type.model_class()
    # Superusers may publish directly, as they may in the page editor.
    superuser = user is not None and user.is_superuser
    if not issubclass(source_model, DraftStateMixin) or (publish and superuser):
        return _library_save_target(self, user=user, publish=publish)
    target = target_of(self)
    if not publish or target is None or is_untouched_alias(target):
        # Starting a translation copies the German text: a draft for the
        # translator, not something to review (or to publish) yet.
        return save_draft(self, user)
    submit_translation(self, user)
    return None


def install():
    """Route every ``save_target(publish=True)`` through the review (called at start-up)."""
    Translation.save_target = save_target_through_review


def translation_for(obj):
    """The wagtail-localize translation record that produced a page or snippet."""
    return (
        Translation.objects.filter(
            source__object_id=obj.translation_key,
            target_locale_id=obj.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )


def outdated_after_sync(translation):
    """Texts a translator translated whose German original changed since.

    A sync keeps the translator's text for a changed original in the database
    but no longer uses it: the page shows the new German text there until
    somebody translates it. Returns ``(new German text, earlier translation)``
    pairs, so that the translator sees what to look at again.
    """
    missing = (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(translation.target_locale)
        .filter(translation__isnull=True)
        .select_related("string", "context")
        .order_by("order")
    )
    earlier = {
        item.context_id: item.data
        for item in StringTranslation.objects.filter(
            locale=translation.target_locale,
            context__in=[segment.context_id for segment in missing],
        ).order_by("updated_at")
    }
    return [
        (segment.string.data, earlier[segment.context_id])
        for segment in missing
        if segment.context_id in earlier
    ]


def synchronise_locale_trees():
    """Keep every content language's page tree complete, following the German one.

    Each language gets wagtail-localize's "synchronise content from" setting
    (the source language), so that a page an editor creates in German appears
    at once in every other tree as an alias of the German page, and every
    German page without a translation gets its alias now. Translators later
    turn an alias into a translation (docs/translation.md). Returns the
    aliases created.
    """
    source = Locale.get_default()
    before = set(Page.objects.filter(alias_of__isnull=False).values_list("pk", flat=True))
    for locale in Locale.objects.exclude(pk=source.pk):
        # Saving the setting synchronises that tree (wagtail-localize's signal).
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": source})
    synchronised = Locale.objects.filter(
        pk__in=LocaleSynchronization.objects.filter(sync_from=source).values("locale_id")
    )
    german_pages = Page.objects.filter(locale=source, depth__gt=1, alias_of__isnull=True)
    for page in german_pages.order_by("path"):
        present = Page.objects.filter(translation_key=page.translation_key).values("locale_id")
        for locale in synchronised.exclude(pk__in=present):
            page.copy_for_translation(locale, copy_parents=True, alias=True)
    return list(
        Page.objects.filter(alias_of__isnull=False)
        .exclude(pk__in=before)
        .select_related("locale")
        .order_by("path")
    )


def page_published(sender, instance, alias=False, **kwargs):
    """An alias whose own revision is published (a translation approved in the
    review) stops following the German page."""
    if instance.alias_of_id is not None and not alias:
        instance.alias_of = None
        instance.save(update_fields=["alias_of"], clean=False)
