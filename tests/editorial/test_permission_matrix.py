"""Who may do what, and where: every role × action × place through the admin views.

Each case performs the action as the user would in the admin and then checks
the outcome in the database, so a permission that only hides a button but
still lets the request through counts as "allowed".
"""

import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, WorkflowState
from wagtail.test.utils.form_data import rich_text

import pytest

from stadtteil_pages.models import ContactPerson, Venue
from tests.factories import ContactPersonFactory, VenueFactory, meeting, project

from .admin_forms import approve, edit_url, post_edit, submit_as, title_field

ROLES = ["admin", "redaktion", "freigabe", "welper"]
ACTIONS = ["view", "edit", "submit", "publish", "approve", "delete", "upload"]
PLACES = ["own district", "other district", "index", "contacts"]

# fmt: off
ALLOWED = {
    #             view  edit   submit publish approve delete upload
    "admin": {
        "own district":   (1, 1, 1, 1, 1, 1, 1),
        "other district": (1, 1, 1, 1, 1, 1, 1),
        "index":          (1, 1, 1, 1, 1, 1, 1),
        "contacts":       (1, 1, 1, 1, 1, 1, None),
    },
    "redaktion": {
        "own district":   (1, 1, 1, 0, 0, 1, 1),
        "other district": (1, 1, 1, 0, 0, 1, 1),
        "index":          (1, 1, 1, 0, 0, 1, 1),
        "contacts":       (1, 1, 1, 0, 0, 0, None),
    },
    "freigabe": {
        "own district":   (1, 0, 0, 0, 1, 0, 0),
        "other district": (1, 0, 0, 0, 1, 0, 0),
        "index":          (1, 0, 0, 0, 1, 0, 0),
        "contacts":       (1, 0, 0, 0, 1, 0, None),
    },
    "welper": {
        "own district":   (1, 1, 1, 0, 0, 1, 1),
        "other district": (0, 0, 0, 0, 0, 0, 0),
        "index":          (0, 0, 0, 0, 0, 0, 0),
        "contacts":       (0, 0, 0, 0, 0, 0, None),
    },
}
# fmt: on

CASES = [
    pytest.param(role, action, place, bool(allowed), id=f"{role}-{action}-{place}")
    for role, place, (action, allowed) in (
        (role, place, pair)
        for role, place in itertools.product(ROLES, PLACES)
        for pair in zip(ACTIONS, ALLOWED[role][place], strict=True)
    )
    if allowed is not None
]


def target(tree, place):
    """The object the action is tried on in each place."""
    return {
        "own district": tree.welper_meeting,
        "other district": tree.winz_baak_meeting,
        "index": tree.protocols,
        "contacts": tree.contact,
    }[place]


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def latest_author(obj):
    revision = reload(obj).get_latest_revision()
    return revision and revision.user


def try_view(client, tree, place, user):
    obj = target(tree, place)
    if place == "contacts":
        url = reverse(ContactPerson.snippet_viewset.get_url_name("list"))
    else:
        url = reverse("wagtailadmin_explore", args=[obj.pk])
    return client.get(url).status_code == 200


def try_edit(client, tree, place, user):
    obj = target(tree, place)
    post_edit(client, obj, **{title_field(obj): "Geänderter Titel"})
    return latest_author(obj) == user


def try_submit(client, tree, place, user):
    obj = target(tree, place)
    post_edit(client, obj, action="action-submit")
    return WorkflowState.objects.for_instance(obj).filter(requested_by=user).exists()


def try_publish(client, tree, place, user):
    obj = target(tree, place)
    post_edit(client, obj, action="action-publish", **{title_field(obj): "Sofort live"})
    return str(reload(obj)) == "Sofort live"


def try_approve(client, tree, place, user, author):
    obj = target(tree, place)
    submit_as(author, obj, **{title_field(obj): "Freigegeben"})
    approve(client, reload(obj))
    return str(reload(obj)) == "Freigegeben"


def draft_in(tree, place):
    """A draft that can be deleted without unpublishing anything."""
    if place == "own district":
        return meeting(tree.welper, live=False, title="Entwurf", slug="entwurf")
    if place == "other district":
        return meeting(tree.winz_baak, live=False, title="Entwurf", slug="entwurf")
    if place == "index":
        return project(tree.index, live=False, slug="entwurf")
    return ContactPersonFactory(name="Entwurf", live=False)


def try_delete(client, tree, place, user):
    obj = draft_in(tree, place)
    if isinstance(obj, Page):
        url = reverse("wagtailadmin_pages:delete", args=[obj.pk])
    else:
        url = reverse(ContactPerson.snippet_viewset.get_url_name("delete"), args=[obj.pk])
    client.post(url)
    return not type(obj).objects.filter(pk=obj.pk).exists()


def collection_for(place):
    if place == "index":
        return Collection.get_first_root_node()
    name = {"own district": "Stadtteil Welper", "other district": "Stadtteil Winz-Baak"}[place]
    return Collection.objects.get(name=name)


def try_upload(client, tree, place, user):
    collection = collection_for(place)
    client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Protokoll",
            "file": SimpleUploadedFile("protokoll.txt", b"Protokoll der Sitzung"),
            "collection": collection.pk,
        },
    )
    return get_document_model().objects.filter(title="Protokoll", collection=collection).exists()


ATTEMPTS = {
    "view": try_view,
    "edit": try_edit,
    "submit": try_submit,
    "publish": try_publish,
    "delete": try_delete,
    "upload": try_upload,
}


def test_matrix_covers_every_role_action_and_place():
    assert len(CASES) == len(ROLES) * len(ACTIONS) * len(PLACES) - len(ROLES)


@pytest.mark.parametrize(("role", "action", "place", "allowed"), CASES)
def test_permission_matrix(role, action, place, allowed, tree, users, login):
    user = getattr(users, role)
    client = login(user)
    if action == "approve":
        outcome = try_approve(client, tree, place, user, author=users.redaktion2)
    else:
        outcome = ATTEMPTS[action](client, tree, place, user)
    assert outcome is allowed


def test_anonymous_visitors_are_sent_to_the_login(client, tree):
    response = client.get(edit_url(tree.welper_meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize(("role", "allowed"), [("redaktion", True), ("welper", False)])
def test_venues_are_edited_by_the_editorial_team_only(role, allowed, tree, users, login):
    venue = VenueFactory(name="Bürgertreff")
    url = reverse(Venue.snippet_viewset.get_url_name("edit"), args=[venue.pk])
    data = {
        "name": "Bürgertreff Welper",
        "street": venue.street,
        "postal_code": venue.postal_code,
        "city": venue.city,
        "district": "",
        "latitude": "",
        "longitude": "",
        "accessibility": rich_text("<p>Stufenloser Zugang</p>"),
    }
    login(getattr(users, role)).post(url, data)
    assert (Venue.objects.get(pk=venue.pk).name == "Bürgertreff Welper") is allowed
