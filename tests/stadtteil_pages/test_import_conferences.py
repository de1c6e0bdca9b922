"""`manage.py import_conferences`: a data file becomes the conference tree."""

import datetime
import json
import tomllib
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.models import Page, Revision, Site

import pytest

from home.models import HomePage
from stadtteil_pages.models import (
    ConferenceIndexPage,
    ContactPerson,
    District,
    DistrictConferencePage,
    MeetingPage,
    ProjectPage,
    ProtocolIndexPage,
    Venue,
)
from stadtteil_pages.queries.pages import contacts
from tests.factories import berlin

pytestmark = pytest.mark.django_db

DATA = """
[[districts]]
name = "Altstadt"
slug = "altstadt"

[[districts]]
name = "Nordviertel"
slug = "nordviertel"

[[contacts]]
name = "Maria Muster"
role = "Quartiersmanagement"
phone = "(0 23 24) 204 3010"
email = "maria.muster@example.org"

[[venues]]
name = "Bürgerhaus Altstadt"
street = "Marktplatz 1"
postal_code = "45525"
city = "Hattingen"
district = "altstadt"

[index]
title = "Stadtteilkonferenzen"
slug = "stadtteilkonferenzen"
introduction = "Wo Nachbarschaft und Stadt gemeinsam planen."
project_lead = "Maria Muster"

[[index.body]]
type = "heading"
value = { text = "Wer wird eingeladen?", level = "h2" }

[[index.body]]
type = "call_to_action"
value = { text = "Alle Protokolle", page = "stadtteilkonferenzen/protokolle" }

[protocols]
title = "Protokolle"
slug = "protokolle"

[[conferences]]
title = "Stadtteilkonferenz Altstadt, Nordviertel"
slug = "altstadt-nordviertel"
districts = ["altstadt", "nordviertel"]
contacts = ["Maria Muster"]

[[conferences.meetings]]
title = "Frühjahrskonferenz"
slug = "fruehjahr"
start = "2030-03-14T18:00"
end = "2030-03-14T20:00"
venue = "Bürgerhaus Altstadt"

[[conferences.meetings]]
title = "Herbstkonferenz"
slug = "herbst"

[[conferences.projects]]
title = "Mittagstisch Altstadt"
slug = "mittagstisch"
venue = "Bürgerhaus Altstadt"
price = "3.50"
conference = "altstadt-nordviertel"
contacts = ["Maria Muster"]
schedule = [{ weekday = 0, start_time = "12:00", end_time = "13:30" }]
closures = [{ start_date = "2030-07-01", end_date = "2030-07-31", reason = "Sommerpause" }]
"""


@pytest.fixture
def home():
    """A site whose root is a home page, as the host's settings demand."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Stadt", slug="stadt"))
    Site.objects.filter(is_default_site=True).update(root_page=home)
    return home


def run(path, **options):
    out = StringIO()
    call_command("import_conferences", str(path), stdout=out, **options)
    return out.getvalue()


def data_file(tmp_path, text=DATA, name="conferences.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "contacts": ContactPerson.objects.count(),
        "venues": Venue.objects.count(),
        "districts": District.objects.count(),
    }


def test_the_file_becomes_a_published_tree_below_the_site_root(home, tmp_path):
    output = run(data_file(tmp_path))
    assert "Created 10 objects" in output
    index = ConferenceIndexPage.objects.get(locale__language_code="de")
    assert index.get_parent().specific == home
    assert index.live and index.project_lead.name == "Maria Muster"
    [cta] = [block for block in index.body if block.block_type == "call_to_action"]
    assert cta.value["page"].specific == ProtocolIndexPage.objects.get(locale__language_code="de")

    conference = DistrictConferencePage.objects.get(locale__language_code="de")
    assert conference.live
    assert conference.district_names == "Altstadt, Nordviertel"
    assert [contact.name for contact in contacts(conference)] == ["Maria Muster"]

    spring = MeetingPage.objects.get(locale__language_code="de", slug="fruehjahr")
    assert (spring.start, spring.end) == (berlin(2030, 3, 14, 18), berlin(2030, 3, 14, 20))
    assert spring.status == MeetingPage.Status.SCHEDULED
    assert spring.venue.name == "Bürgerhaus Altstadt"
    autumn = MeetingPage.objects.get(locale__language_code="de", slug="herbst")
    assert (autumn.status, autumn.start) == (MeetingPage.Status.TO_BE_ANNOUNCED, None)

    project = ProjectPage.objects.get(locale__language_code="de")
    assert project.conference.specific == conference
    assert str(project.price) == "3.50"
    assert [rule.as_rule()[:3] for rule in project.schedule_rules.all()] == [
        (0, datetime.time(12), datetime.time(13, 30))
    ]
    assert project.closures.get().reason == "Sommerpause"

    contact = ContactPerson.objects.get()
    assert str(contact.phone) == "+4923242043010"
    assert contact.live and contact.revisions.exists()
    assert Venue.objects.get().district.slug == "altstadt"


def test_importing_again_changes_nothing(home, tmp_path):
    path = data_file(tmp_path)
    run(path)
    before = counts()
    assert "nothing changed" in run(path)
    assert counts() == before


def test_what_editors_changed_is_kept(home, tmp_path):
    path = data_file(tmp_path)
    run(path)
    contact = ContactPerson.objects.get()
    contact.role = "Leitung des Quartiersbüros"
    contact.save()
    meeting = MeetingPage.objects.get(locale__language_code="de", slug="fruehjahr")
    meeting.title = "Frühjahrskonferenz (verlegt)"
    meeting.save_revision().publish()
    run(path)
    assert ContactPerson.objects.get().role == "Leitung des Quartiersbüros"
    assert (
        MeetingPage.objects.get(locale__language_code="de", slug="fruehjahr").title
        == "Frühjahrskonferenz (verlegt)"
    )


def test_json_works_like_toml(home, tmp_path):
    data = json.dumps(tomllib.loads(DATA))
    run(data_file(tmp_path, data, "conferences.json"))
    assert MeetingPage.objects.live().count() == 2
    assert ContactPerson.objects.get().email == "maria.muster@example.org"


def test_parent_by_path(home, tmp_path):
    home.add_child(instance=HomePage(title="Leben", slug="leben"))
    run(data_file(tmp_path), parent="/leben/")
    assert (
        ConferenceIndexPage.objects.get(locale__language_code="de").url_path
        == "/stadt/leben/stadtteilkonferenzen/"
    )
    with pytest.raises(CommandError, match="--parent /nirgends/: no such page"):
        run(data_file(tmp_path), parent="/nirgends/")


def test_an_aware_start_keeps_its_offset(home, tmp_path):
    path = data_file(tmp_path, DATA.replace('"2030-03-14T18:00"', '"2030-03-14T17:00:00+00:00"'))
    run(path)
    start = MeetingPage.objects.get(locale__language_code="de", slug="fruehjahr").start
    assert timezone.localtime(start) == berlin(2030, 3, 14, 18)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("[index]\n", "[index\n"), r"not valid TOML: .*\(at line \d+, column \d+\)"),
        (
            ('slug = "fruehjahr"', 'slug = "fruehjahr"\nstrat = "x"'),
            "conferences\\[0\\]"
            r"\.meetings\[0\]\.strat: unknown key",
        ),
        (
            ('"2030-03-14T20:00"', '"14.03.2030 20 Uhr"'),
            r"conferences\[0\]\.meetings\[0\]\.end: "
            "expected a date and time such as 2026-03-18T18:00, got '14.03.2030 20 Uhr'",
        ),
        (
            ('districts = ["altstadt", "nordviertel"]', 'districts = ["altstadt", "sued"]'),
            r"conferences\[0\]\.districts\[1\]: no district 'sued' in the file or the site",
        ),
        (
            ('phone = "(0 23 24) 204 3010"', 'phone = "12"'),
            r"contacts\[0\]\.phone: not a valid phone number: '12'",
        ),
        (
            ('phone = "(0 23 24) 204 3010"', 'phone = "abc"'),
            r"contacts\[0\]\.phone: not a valid phone number: 'abc'",
        ),
        (
            ('type = "heading"', 'type = "marquee"'),
            r"index\.body\[0\]\.type: unknown block 'marquee'",
        ),
        (
            ("weekday = 0", "weekday = 7"),
            r"conferences\[0\]\.projects\[0\]\.schedule\[0\]"
            r"\.weekday: expected a weekday from 0 \(Monday\) to 6 \(Sunday\), got 7",
        ),
        (
            ('slug = "herbst"', 'slug = "herbst"\nstatus = "scheduled"'),
            r"conferences\[0\]\.meetings\[1\]: start: \w+",
        ),
        (("[index]\n", "[other]\n"), "other: unknown key"),
        (
            ('text = "Alle Protokolle", page = "stadtteilkonferenzen/protokolle"', 'text = "Los"'),
            r"index\.body\[1\]\.value\.url: Wählen Sie entweder eine Seite oder eine externe",
        ),
    ],
)
def test_errors_name_their_place_and_store_nothing(home, tmp_path, change, message):
    old, new = change
    assert old in DATA
    before = counts()
    with pytest.raises(CommandError, match=message):
        run(data_file(tmp_path, DATA.replace(old, new, 1)))
    assert counts() == before


def test_a_bad_file_leaves_earlier_content_alone(home, tmp_path):
    run(data_file(tmp_path))
    before = counts()
    broken = DATA.replace('slug = "herbst"', 'slug = "herbst"\nvenue = "Nirgendwo"')
    broken = broken.replace('slug = "herbst"', 'slug = "winter"')
    with pytest.raises(CommandError, match=r"meetings\[1\]\.venue: no venue 'Nirgendwo'"):
        run(data_file(tmp_path, broken))
    assert counts() == before
    assert not MeetingPage.objects.filter(slug="winter").exists()


def test_missing_file(home, tmp_path):
    with pytest.raises(CommandError, match="cannot read .*missing.toml"):
        run(tmp_path / "missing.toml")
