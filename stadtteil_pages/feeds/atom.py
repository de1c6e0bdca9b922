"""The Atom feed of the conference index: new or changed dates, new protocols."""

import uuid
from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .. import conf
from ..api.serializers import page_url
from ..http import public_response
from ..models import MeetingDocument, MeetingPage
from ..models.meetings import announced_in_advance
from ..models.routes import route_view
from ..public.publication import public_pages, published_attachments
from .ical import feed_url


class Entry(NamedTuple):
    title: str
    link: str
    description: str
    guid: str
    published: object
    updated: object


def _field(name):
    """A feed method that reads one field of an ``Entry``."""
    return lambda feed, entry: getattr(entry, name)


class ConferenceAtomFeed(Feed):
    """What partner sites and feed readers follow to hear about new dates.

    Entries are dated by when they became public, never by when the meeting
    took place. A meeting is an entry only if it became public before it was
    over (an archive loaded later is not news); it is updated whenever it is
    republished (a new time, a cancellation). A protocol is an entry of its
    own, dated when it could first have been public: not before its meeting's
    first publication nor before the document was uploaded. It is left out
    only when it came with a meeting that is not news itself.
    """

    feed_type = Atom1Feed
    item_guid_is_permalink = False

    def get_object(self, request, index):
        self.request = request
        return index

    def title(self, index):
        return index.title

    def subtitle(self, index):
        return _("New and changed dates and new protocols")

    def link(self, index):
        return index.get_full_url(self.request)

    def feed_url(self, index):
        return feed_url(index, self.request, "atom_feed")

    def feed_guid(self, index):
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, self.feed_url(index))}"

    def author_name(self, index):
        organizer = conf.organizer(self.request) or {}
        return organizer.get("name") or index.get_site().site_name or index.title

    def items(self, index):
        """The newest entries only: the database picks them, however many there are."""
        limit = conf.feed_entries()
        meetings = public_pages(self.request) & MeetingPage.objects.descendant_of_q(index)
        recent = (
            MeetingPage.objects.filter(meetings)
            .announced_in_advance()
            .listed()
            .select_related("venue")
            .annotate(changed=Coalesce("last_published_at", "first_published_at"))
            .order_by(F("changed").desc(nulls_last=True), "-pk")[:limit]
        )
        entries = [self.meeting_entry(meeting) for meeting in recent]
        protocols = (
            published_attachments(
                MeetingDocument.objects.filter(kind=MeetingDocument.Kind.PROTOCOL),
                meetings,
                self.request,
            )
            .filter(
                announced_in_advance(prefix="meeting__")
                | Q(document__created_at__gt=F("meeting__first_published_at"))
            )
            .listed()
            .annotate(moment=Greatest("document__created_at", "meeting__first_published_at"))
            .order_by(F("moment").desc(nulls_last=True), "-pk")[:limit]
        )
        entries += [self.protocol_entry(item) for item in protocols]
        return sorted(entries, key=lambda entry: entry.updated, reverse=True)[:limit]

    def meeting_entry(self, meeting):
        facts = [meeting.date_label]
        if meeting.has_date and meeting.status != MeetingPage.Status.SCHEDULED:
            facts.append(meeting.get_status_display())
        if meeting.venue:
            facts.append(meeting.venue.full_address)
        if meeting.introduction:
            facts.append(meeting.introduction)
        return Entry(
            title=meeting.title,
            link=page_url(meeting, self.request),
            description=" – ".join(facts),
            guid=f"urn:uuid:{meeting.ical_uid}",
            published=meeting.first_published_at,
            updated=meeting.last_published_at or meeting.first_published_at,
        )

    def protocol_entry(self, item):
        meeting = item.meeting
        moment = max(m for m in (item.document.created_at, meeting.first_published_at) if m)
        return Entry(
            title=_("Protocol: %(title)s") % {"title": item.display_title},
            link=self.request.build_absolute_uri(item.document.url),
            description=_("Protocol of “%(meeting)s” (%(date)s)")
            % {"meeting": meeting.title, "date": meeting.date_label},
            guid=f"urn:uuid:{uuid.uuid5(meeting.ical_uid, f'protocol-{item.document_id}')}",
            published=moment,
            updated=moment,
        )

    item_title = _field("title")
    item_link = _field("link")
    item_description = _field("description")
    item_guid = _field("guid")
    item_pubdate = _field("published")
    item_updateddate = _field("updated")


@route_view("atom_feed")
def atom_feed(request, index):
    """``…/feed.atom`` of the conference index."""
    return public_response(request, ConferenceAtomFeed()(request, index=index))
