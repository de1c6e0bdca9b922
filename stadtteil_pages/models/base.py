"""What the plugin's page types have in common."""

import hashlib
import json
import operator
import uuid
from functools import reduce
from itertools import accumulate

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, Revision
from wagtail.search import index
from wagtail.url_routing import RouteResult

from wagtail_localize.fields import SynchronizedField

from .. import conf
from ..blocks import BodyBlock
from .locales import default_locale


def base_content_type(model):
    """The content type Wagtail files a model's revisions and references under: its first
    concrete model (``Page`` for every page type)."""
    parents = model._meta.get_parent_list()
    return ContentType.objects.get_for_model(parents[-1] if parents else model)


def at_or_below(paths):
    """The condition for tree nodes (pages, collections) at or below any of ``paths``.

    No paths, no node.
    """
    return reduce(operator.or_, (Q(path__startswith=path) for path in paths), Q(pk__in=[]))


def related(condition, name):
    """``condition`` on a model as a condition on the objects that relate to it as ``name``.

    Filtering through the relation joins its table once; ``name__in=queryset``
    would read it a second time in a subquery.
    """
    children = [
        related(child, name) if isinstance(child, Q) else (f"{name}__{child[0]}", child[1])
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def going_live(model, now):
    """An ``Exists`` for objects (pages or draftable snippets) whose scheduled publication is due.

    Wagtail makes them live when ``publish_scheduled`` runs; until then the
    row holds the scheduled revision's content with ``live=False``. Visitors
    see them from the moment itself (the publication rule asks the same of
    pages in its written-out statement, ``publication.RULE_SQL``).
    """
    scheduled = Revision.objects.filter(
        base_content_type=base_content_type(model),
        object_id=Cast(OuterRef("pk"), CharField()),
        approved_go_live_at__isnull=False,
        approved_go_live_at__lte=now,
    )
    return Exists(scheduled)


def is_going_live(instance):
    """Whether one page's or snippet's scheduled publication is due (``going_live``)."""
    now = timezone.now()
    if instance.live or instance.go_live_at is None or instance.go_live_at > now:
        return False
    model = type(instance)
    return model.objects.filter(pk=instance.pk).filter(going_live(model, now)).exists()


# Where a page routed through keeps the child the rest of the address names,
# and where that child keeps the page it was routed from.
_ROUTED_CHILD = "_stadtteil_routed_child"
_ROUTED_FROM = "_stadtteil_routed_from"


def routed_child(page, path_components):
    """The child of ``page`` named by ``path_components[0]`` (specific), or None.

    The first call reads every page along the rest of the address with one
    query (by ``url_path``, below ``page``), gives each the child that
    follows it, and loads the deepest one with its own fields: the page
    that is served. Pages in between are only routed through and get their
    own fields only when asked (``specific_deferred``). Like Wagtail's
    ``Page.route``, a child is found whether live or not.
    """
    known = page.__dict__.get(_ROUTED_CHILD)
    if known is not None and known[0] == path_components[0]:
        return known[1]
    addresses = list(accumulate((f"{c}/" for c in path_components), initial=page.url_path))[1:]
    found = {
        candidate.url_path: candidate
        for candidate in Page.objects.filter(
            # The slug is indexed: the pages are found without reading the subtree.
            slug__in=set(path_components),
            path__startswith=page.path,
            depth__gt=page.depth,
            depth__lte=page.depth + len(addresses),
            url_path__in=addresses,
        )
    }
    chain, parent = [], page
    for address in addresses:
        child = found.get(address)
        if child is None or child.path[: -Page.steplen] != parent.path:
            break
        chain.append(child)
        parent = child
    chain = [node.specific_deferred for node in chain[:-1]] + [node.specific for node in chain[-1:]]
    steps = zip([page, *chain], path_components, [*chain, None], strict=False)
    for parent, component, child in steps:
        parent.__dict__[_ROUTED_CHILD] = (component, child)
        if child is not None:
            child.__dict__[_ROUTED_FROM] = parent
    return page.__dict__[_ROUTED_CHILD][1]


def routed_parent(page):
    """The parent of a page served through ``routed_child``, or None."""
    return page.__dict__.get(_ROUTED_FROM)


def routed_ancestors(page):
    """The ancestors of a page served through ``routed_child``, root first, or None.

    Known without a query when routing passed through every one of them
    from the tree root's child (the site's root page) down; None otherwise.
    """
    ancestors = []
    current = page.__dict__.get(_ROUTED_FROM)
    while current is not None:
        ancestors.append(current)
        current = current.__dict__.get(_ROUTED_FROM)
    if not ancestors or ancestors[-1].depth != 2 or len(ancestors) != page.depth - 2:
        return None
    return ancestors[::-1]


def api_fields_named(names):
    """An ``APIField`` for each name in ``names`` (separated by white space), in the API's order."""
    return [APIField(name) for name in names.split()]


def optional_link(to, verbose_name, **options):
    """A link to a snippet or page that editors may leave empty; deleting the target empties it."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


class ContactLink(Orderable):
    """A contact person on a page, in the editors' order (``page`` names the page)."""

    contact = models.ForeignKey(
        "stadtteil_pages.ContactPerson",
        verbose_name=_("contact person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("contact")]

    class Meta(Orderable.Meta):
        abstract = True


# What a page shows beyond its own fields (its template's dates, lists,
# contacts and filters, its feeds) is read through the publication rule, a
# layer above the models. Those layers register their functions here when
# the app is ready, so that the models import nothing from above them:
# ``stadtteil_pages.pages.context`` by page type, the feeds by route name.
PROVIDERS = {}


def provides(key):
    """Register what ``key`` gets: a page type its template's context
    (``function(page, request) -> dict``), a route name its view
    (``view(request, page)``, ``models.routes.feed_route``)."""

    def register(function):
        PROVIDERS[key] = function
        return function

    return register


class StadtteilPage(Page):
    """A page with a short introduction and the shared body."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown at the top and in listings."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    api_fields = api_fields_named("introduction body")

    # wagtail-localize translates texts and the links to translatable snippets
    # (a venue, a contact: their translation where one exists), and keeps
    # everything else (dates, choices, numbers, child relations, districts) the
    # German source's on every sync. The exception: one address scheme in every
    # language, /en/stadtteilkonferenzen/welper/.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    class Meta:
        abstract = True

    # Search engines show about this many characters of a description.
    DESCRIPTION_LENGTH = 160

    @property
    def meta_description(self):
        """The page's description for search engines and link previews.

        The editors' search description, else the introduction (shortened
        at a word), else empty: the host's frame then supplies its default.
        """
        text = (self.search_description or self.introduction or "").strip()
        return Truncator(" ".join(text.split())).chars(self.DESCRIPTION_LENGTH)

    def route(self, request, path_components):
        """Fall back to the German page where a translation has no such child page.

        ``/tr/stadtteilkonferenzen/welper/`` finds the German Welper page when
        the Turkish tree has none yet; the page is then served in German with
        a visible notice (``stadtteil_pages.public.languages.fallback_notice``)
        instead of a 404 or a silent switch of language.

        The pages along the rest of the address are read together
        (``routed_child``), not two queries per level as Wagtail's own
        ``Page.route`` does.
        """
        if path_components:
            child = routed_child(self, path_components)
            default = default_locale(request)
            if self.locale_id != default.pk and (child is None or not child.live):
                source = self.get_translation_or_none(default)
                if source is not None and source.live:
                    return source.specific.route(request, path_components)
            if child is None:
                raise Http404
            return child.route(request, path_components[1:])
        if not self.live and is_going_live(self):
            # Due but not yet published by publish_scheduled: the publication
            # rule decides in the before_serve_page hook.
            return RouteResult(self)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Host sites choose the frame of the plugin's pages (STADTTEIL_BASE_TEMPLATE).
        context["base_template"] = conf.base_template()
        # A host's subclass of a page type gets what its page type gets.
        provider = next((PROVIDERS[cls] for cls in type(self).__mro__ if cls in PROVIDERS), None)
        if provider is not None:
            context.update(provider(self, request))
        return context


class CalendarEntryMixin(models.Model):
    """A stable calendar identity for pages that appear in iCalendar feeds.

    Calendar programs recognise an event by its UID and take a change only
    when SEQUENCE grows; both are kept here. ``calendar_fingerprint`` names
    what a subscriber must be told about (date, time, place, status).
    """

    ical_uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, editable=False)
    ical_sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    ical_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    # A copy is a new event.
    exclude_fields_in_copy = ["ical_uid", "ical_sequence", "ical_fingerprint"]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Drafts save only some columns; the published state is a full save.
        if kwargs.get("update_fields") is None:
            fingerprint = self.calendar_fingerprint()
            rows = type(self).objects.filter(pk=self.pk).values("ical_sequence", "ical_fingerprint")
            stored = self.pk and rows.first()
            if stored:
                self.ical_sequence = stored["ical_sequence"]
                if stored["ical_fingerprint"] and stored["ical_fingerprint"] != fingerprint:
                    self.ical_sequence += 1
            self.ical_fingerprint = fingerprint
        return super().save(*args, **kwargs)

    def calendar_fingerprint(self):
        data = json.dumps(self.calendar_fingerprint_data(), sort_keys=True, default=str)
        return hashlib.sha256(data.encode()).hexdigest()
