"""Grow a database with the Hattingen content into a large one, quickly.

50 district conferences, 20,000 meetings (a third of them past, with a
protocol), 500 contacts and 200 weekly projects, inserted in bulk: page rows
through treebeard's path arithmetic, one revision per page, the search index
and the reference index (which decides which documents are public). Saving
one page after another through Wagtail would take a quarter of an hour.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.generate [--meetings 20000]
"""

import argparse
import datetime
import os
import random
import sys
import time
import uuid

BATCH = 1000


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()


def chunks(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def bulk_add_children(parent, pages, now):
    """Insert specific pages below ``parent`` without one save per page.

    The ``wagtailcore_page`` rows go in with ``bulk_create``; the rows of the
    page type's own table with the same primary keys; then one published
    revision per page and the parent's child count.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from wagtail.models import Page, Revision

    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    page_type = ContentType.objects.get_for_model(Page)
    parent.refresh_from_db()
    depth = parent.depth + 1
    bases = []
    for number, page in enumerate(pages, start=parent.numchild + 1):
        page.path = Page._get_path(parent.path, depth, number)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.last_published_at = now
        page.latest_revision_created_at = now
        bases.append(
            Page(**{field.attname: getattr(page, field.attname) for field in Page._meta.fields})
        )
    for batch in chunks(bases):
        Page.objects.bulk_create(batch)
    local_fields = [
        field for field in model._meta.local_concrete_fields if field.attname != "page_ptr_id"
    ]
    for base, page in zip(bases, pages, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
    ptr = model._meta.get_field("page_ptr")
    for batch in chunks(pages):
        model._base_manager._insert(batch, fields=[ptr, *local_fields], raw=True)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=page_type,
            object_id=str(page.pk),
            content=page.serializable_data(),
            created_at=now,
            object_str=page.title,
        )
        for page in pages
    ]
    for batch in chunks(revisions):
        Revision.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wagtailcore_page AS page "
            "SET latest_revision_id = revision.id, live_revision_id = revision.id "
            "FROM wagtailcore_revision AS revision "
            "WHERE revision.base_content_type_id = %s AND revision.object_id = page.id::text "
            "AND page.path LIKE %s AND page.depth = %s",
            [page_type.pk, parent.path + "%", depth],
        )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    return pages


def index_references(pages, field, to_model, model_path):
    """Reference index rows for a foreign key of the pages (venue, documents)."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    target = ContentType.objects.get_for_model(to_model)
    rows = []
    for page, target_id, position in pages:
        content_path = model_path.format(position=position)
        rows.append(
            ReferenceIndex(
                content_type=ContentType.objects.get_for_model(type(page)),
                base_content_type=page_type,
                object_id=str(page.pk),
                to_content_type=target,
                to_object_id=str(target_id),
                model_path=model_path.format(position="item"),
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
        )
    for batch in chunks(rows):
        ReferenceIndex.objects.bulk_create(batch, ignore_conflicts=True)


def generate(conferences=50, meetings=20_000, contacts=500, projects=200, seed=13):
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from wagtail.documents import get_document_model
    from wagtail.models import Locale
    from wagtail.search.backends import get_search_backend

    from stadtteil_pages.models import (
        ConferenceIndexPage,
        ContactPerson,
        District,
        DistrictConferenceContact,
        DistrictConferencePage,
        MeetingDocument,
        MeetingPage,
        ProjectContact,
        ProjectPage,
        ProjectScheduleRule,
        Venue,
    )

    # Reproducible data, not secrets.
    rng = random.Random(seed)  # noqa: S311
    now = timezone.now()
    locale = Locale.get_default()
    index = ConferenceIndexPage.objects.get(locale=locale)
    began = time.monotonic()

    def say(message):
        print(f"{time.monotonic() - began:6.1f} s  {message}", flush=True)

    with transaction.atomic():
        districts = District.objects.bulk_create(
            [District(name=f"Bezirk {n}", slug=f"bezirk-{n}") for n in range(conferences)]
        )
        venues = Venue.objects.bulk_create(
            [
                Venue(
                    name=f"Treffpunkt {n}",
                    street=f"Hauptstraße {n}",
                    postal_code="45525",
                    city="Hattingen",
                    district=districts[n % conferences],
                    latitude="51.39",
                    longitude="7.18",
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
                for n in range(conferences * 2)
            ]
        )
        people = ContactPerson.objects.bulk_create(
            [
                ContactPerson(
                    name=f"Kontakt {n}",
                    role="Koordination",
                    organisation="Stadt Hattingen",
                    phone="+492324204" + f"{n:04d}",
                    email=f"kontakt{n}@example.org",
                    live=True,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
                for n in range(contacts)
            ]
        )
        say(f"{len(districts)} districts, {len(venues)} venues, {len(people)} contacts")

        pages = [
            DistrictConferencePage(
                title=f"Stadtteilkonferenz Bezirk {n}",
                slug=f"bezirk-{n}",
                introduction="Die Stadtteilkonferenz trifft sich viermal im Jahr.",
            )
            for n in range(conferences)
        ]
        pages = bulk_add_children(index, pages, now)
        DistrictConferencePage.districts.through.objects.bulk_create(
            [
                DistrictConferencePage.districts.through(
                    districtconferencepage_id=page.pk, district_id=districts[n].pk
                )
                for n, page in enumerate(pages)
            ]
        )
        DistrictConferenceContact.objects.bulk_create(
            [
                DistrictConferenceContact(
                    page_id=page.pk, contact=people[(n * 3 + k) % contacts], sort_order=k
                )
                for n, page in enumerate(pages)
                for k in range(3)
            ]
        )
        say(f"{len(pages)} district conferences")

        documents = []
        meeting_pages = []
        first = now - datetime.timedelta(days=3 * 365)
        span = 6 * 365 * 24 * 3600
        for number in range(meetings):
            conference = pages[number % conferences]
            start = first + datetime.timedelta(seconds=rng.randrange(span))
            start = start.replace(minute=0, second=0, microsecond=0)
            meeting = MeetingPage(
                title=f"{conference.title}, Termin {number // conferences + 1}",
                slug=f"termin-{number // conferences + 1}",
                introduction="Tagesordnung: Berichte aus dem Stadtteil, Projekte, Verschiedenes.",
                status=MeetingPage.Status.SCHEDULED,
                start=start,
                end=start + datetime.timedelta(hours=2),
                venue=venues[number % len(venues)],
            )
            meeting.documents = []
            meeting.ical_fingerprint = meeting.calendar_fingerprint()
            meeting_pages.append((conference, meeting))
        created = []
        for conference in pages:
            children = [meeting for parent, meeting in meeting_pages if parent is conference]
            created += bulk_add_children(conference, children, now)
        say(f"{len(created)} meetings")

        Document = get_document_model()
        past = [meeting for meeting in created if meeting.start < now]
        documents = Document.objects.bulk_create(
            [
                Document(
                    title=f"Protokoll {meeting.title}",
                    file=f"documents/protokoll-{meeting.pk}.pdf",
                    file_size=120_000,
                    collection_id=1,
                    created_at=meeting.start + datetime.timedelta(days=14),
                )
                for meeting in past
            ],
            batch_size=BATCH,
        )
        links = MeetingDocument.objects.bulk_create(
            [
                MeetingDocument(
                    meeting_id=meeting.pk,
                    document_id=document.pk,
                    kind=MeetingDocument.Kind.PROTOCOL,
                    sort_order=0,
                )
                for meeting, document in zip(past, documents, strict=True)
            ],
            batch_size=BATCH,
        )
        index_references(
            [
                (meeting, link.document_id, link.pk)
                for meeting, link in zip(past, links, strict=True)
            ],
            "document",
            Document,
            "documents.{position}.document",
        )
        index_references(
            [(meeting, meeting.venue_id, "") for meeting in created],
            "venue",
            Venue,
            "venue",
        )
        say(f"{len(documents)} protocols")

        projects_below = [pages[n % conferences] for n in range(projects)]
        project_pages = []
        for conference in pages:
            children = [
                ProjectPage(
                    title=f"Mittagstisch {conference.title} {n}",
                    slug=f"projekt-{n}",
                    tagline="Gemeinsam essen",
                    venue=venues[n % len(venues)],
                    price="3.50",
                    conference_id=conference.pk,
                )
                for n, parent in enumerate(projects_below)
                if parent is conference
            ]
            for child in children:
                child.schedule_rules = []
                child.closures = []
                child.contact_links = []
                child.ical_fingerprint = child.calendar_fingerprint()
            if children:
                project_pages += bulk_add_children(conference, children, now)
        ProjectScheduleRule.objects.bulk_create(
            [
                ProjectScheduleRule(
                    page_id=page.pk,
                    weekday=n % 5,
                    start_time=datetime.time(12),
                    end_time=datetime.time(13, 30),
                    sort_order=0,
                )
                for n, page in enumerate(project_pages)
            ]
        )
        ProjectContact.objects.bulk_create(
            [
                ProjectContact(page_id=page.pk, contact=people[n % contacts], sort_order=0)
                for n, page in enumerate(project_pages)
            ]
        )
        say(f"{len(project_pages)} projects")

    backend = get_search_backend()
    for model, items in (
        (DistrictConferencePage, pages),
        (MeetingPage, created),
        (ProjectPage, project_pages),
        (ContactPerson, people),
    ):
        for batch in chunks(list(model.objects.filter(pk__in=[item.pk for item in items]))):
            backend.add_bulk(model, batch)
    say("search index")
    ContentType.objects.clear_cache()
    # Bulk inserts leave the planner's statistics behind (autovacuum catches
    # up later): without them PostgreSQL plans for the small site.
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        say("statistics")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conferences", type=int, default=50)
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--contacts", type=int, default=500)
    parser.add_argument("--projects", type=int, default=200)
    options = parser.parse_args()
    setup()
    generate(options.conferences, options.meetings, options.contacts, options.projects)
    return 0


if __name__ == "__main__":
    sys.exit(main())
