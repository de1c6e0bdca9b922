"""The Atom feed of the conference index: new or changed dates, new protocols."""

import uuid

from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import conf
from ..api.serializers import page_url
from ..http import public_response
from ..models import MeetingDocument, MeetingPage
from ..models.base import provides
from ..models.meetings import announced_in_advance
from ..public.publication import public_pages, published_attachments
from .ical import feed_url


@provides("atom_feed")
def atom_feed(request, index):
    """``…/feed.atom`` of the conference index: what partner sites and feed
    readers follow to hear about new dates.

    Entries are dated by when they became public, never by when the meeting
    took place. A meeting is an entry only if it became public before it was
    over (an archive loaded later is not news); it is updated whenever it is
    republished (a new time, a cancellation). A protocol is an entry of its
    own, dated when it could first have been public: not before its meeting's
    first publication nor before the document was uploaded. It is left out
    only when it came with a meeting that is not news itself.
    """
    url = feed_url(index, request, "atom_feed")
    organizer = conf.organizer(request) or {}
    feed = Atom1Feed(
        title=index.title,
        subtitle=_("New and changed dates and new protocols"),
        link=index.get_full_url(request),
        description=None,
        language=get_language(),
        feed_url=url,
        author_name=organizer.get("name") or index.get_site().site_name or index.title,
        feed_guid=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}",
    )
    for entry in entries(request, index):
        feed.add_item(**entry, unique_id_is_permalink=False)
    response = HttpResponse(content_type=feed.content_type)
    # What ConditionalGetMiddleware answers If-Modified-Since with.
    response["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
    feed.write(response, "utf-8")
    return public_response(request, response)


def entries(request, index):
    """The newest entries only: the database picks them, however many there are."""
    limit = conf.feed_entries()
    meetings = public_pages(request) & MeetingPage.objects.descendant_of_q(index)
    recent = (
        MeetingPage.objects.filter(meetings)
        .announced_in_advance()
        .listed()
        .select_related("venue")
        .annotate(changed=Coalesce("last_published_at", "first_published_at"))
        .order_by(F("changed").desc(nulls_last=True), "-pk")[:limit]
    )
    protocols = (
        published_attachments(
            MeetingDocument.objects.filter(kind=MeetingDocument.Kind.PROTOCOL),
            meetings,
            request,
        )
        .filter(
            announced_in_advance(prefix="meeting__")
            | Q(document__created_at__gt=F("meeting__first_published_at"))
        )
        .listed()
        .annotate(moment=Greatest("document__created_at", "meeting__first_published_at"))
        .order_by(F("moment").desc(nulls_last=True), "-pk")[:limit]
    )
    found = [meeting_entry(meeting, request) for meeting in recent]
    found += [protocol_entry(item, request) for item in protocols]
    return sorted(found, key=lambda entry: entry["updateddate"], reverse=True)[:limit]


def meeting_entry(meeting, request):
    facts = [meeting.date_label]
    if meeting.has_date and meeting.status != MeetingPage.Status.SCHEDULED:
        facts.append(meeting.get_status_display())
    if meeting.venue:
        facts.append(meeting.venue.full_address)
    if meeting.introduction:
        facts.append(meeting.introduction)
    return {
        "title": meeting.title,
        "link": page_url(meeting, request),
        "description": " – ".join(facts),
        "unique_id": f"urn:uuid:{meeting.ical_uid}",
        "pubdate": meeting.first_published_at,
        "updateddate": meeting.last_published_at or meeting.first_published_at,
    }


def protocol_entry(item, request):
    meeting = item.meeting
    moment = max(m for m in (item.document.created_at, meeting.first_published_at) if m)
    return {
        "title": _("Protocol: %(title)s") % {"title": item.display_title},
        "link": request.build_absolute_uri(item.document.url),
        "description": _("Protocol of “%(meeting)s” (%(date)s)")
        % {"meeting": meeting.title, "date": meeting.date_label},
        "unique_id": f"urn:uuid:{uuid.uuid5(meeting.ical_uid, f'protocol-{item.document_id}')}",
        "pubdate": moment,
        "updateddate": moment,
    }
