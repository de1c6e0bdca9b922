"""The groups, their grants and the workflow are created once and kept in step."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    WorkflowContentType,
    WorkflowPage,
)

import pytest

from home.management.commands.load_hattingen import DEMO_PASSWORD, DEMO_USERS
from stadtteil_pages.admin import editorial
from stadtteil_pages.models import ConferenceIndexPage, DistrictConferencePage
from tests.factories import DistrictFactory, add_page


def grants():
    return (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        Collection.objects.count(),
        WorkflowPage.objects.count(),
        WorkflowContentType.objects.count(),
    )


def page_codenames(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def test_setting_up_twice_changes_nothing(tree):
    before = grants()
    out = StringIO()
    call_command("setup_editorial_roles", stdout=out)
    assert grants() == before
    assert "already set up" in out.getvalue()


def test_the_roles_get_their_page_permissions(tree):
    editors = Group.objects.get(name=editorial.EDITORS)
    approvers = Group.objects.get(name=editorial.APPROVERS)
    district = Group.objects.get(name="Stadtteil Welper")
    assert page_codenames(editors, tree.index) == {"add_page", "change_page", "lock_page"}
    assert page_codenames(approvers, tree.index) == {"publish_page"}
    assert page_codenames(district, tree.welper) == {"add_page", "change_page", "lock_page"}
    assert not GroupPagePermission.objects.filter(group=district).exclude(page=tree.welper)


def test_a_new_district_conference_gets_its_group_and_collection(tree):
    page = DistrictConferencePage(title="Stadtteilkonferenz Blankenstein", slug="blankenstein")
    page.districts = [DistrictFactory(name="Blankenstein", slug="blankenstein")]
    add_page(tree.index, page)

    group = Group.objects.get(name="Stadtteil Blankenstein")
    assert page_codenames(group, page) == {"add_page", "change_page", "lock_page"}
    collection = Collection.objects.get(name="Stadtteil Blankenstein")
    assert set(
        GroupCollectionPermission.objects.filter(group=group, collection=collection).values_list(
            "permission__codename", flat=True
        )
    ) == {
        "add_document",
        "change_document",
        "choose_document",
        "add_image",
        "change_image",
        "choose_image",
    }


def test_renaming_a_conference_renames_its_group_and_collection(tree, users):
    revision = tree.welper.get_latest_revision_as_object()
    revision.title = "Stadtteilkonferenz Welper-Blankenstein"
    revision.save_revision().publish()

    group = Group.objects.get(name="Stadtteil Welper-Blankenstein")
    assert not Group.objects.filter(name="Stadtteil Welper").exists()
    assert users.welper.groups.get() == group, "members keep their rights"
    assert Collection.objects.filter(name="Stadtteil Welper-Blankenstein").exists()
    assert not Collection.objects.filter(name="Stadtteil Welper").exists()


def test_a_draft_title_does_not_rename_the_group(tree):
    draft = tree.welper.get_latest_revision_as_object()
    draft.title = "Stadtteilkonferenz Irgendwas"
    draft.save_revision()
    assert Group.objects.filter(name="Stadtteil Welper").exists()


def test_a_second_conference_index_is_covered_after_setup(tree):
    other = add_page(tree.home, ConferenceIndexPage(title="Archiv", slug="archiv"))
    editorial.setup_editorial_roles()
    assert WorkflowPage.objects.get(page=other).workflow.name == editorial.WORKFLOW


@pytest.mark.django_db
def test_load_hattingen_leaves_a_demo_user_per_role():
    call_command("load_hattingen", "--demo-users", stdout=StringIO())
    User = get_user_model()
    for username, _first, _last, _group in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.email
    assert {
        username: list(User.objects.get(username=username).groups.values_list("name", flat=True))
        for username in ("redaktion", "freigabe", "freigabe2", "welper")
    } == {
        "redaktion": ["Redaktion"],
        "freigabe": ["Freigabe"],
        "freigabe2": ["Freigabe"],
        "welper": ["Stadtteil Welper"],
    }
    assert Group.objects.filter(name__startswith="Stadtteil ").count() == 6

    user = User.objects.get(username="welper")
    user.set_password("changed-by-the-person")
    user.save()
    out = StringIO()
    call_command("load_hattingen", "--demo-users", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert User.objects.get(username="welper").check_password("changed-by-the-person")


def test_load_hattingen_creates_no_demo_users_outside_debug(hattingen):
    assert not get_user_model().objects.filter(username="redaktion").exists()
    assert Group.objects.filter(name="Stadtteil Welper").exists()


def test_renaming_a_copy_leaves_the_original_group_alone(tree, users):
    copy = tree.welper.copy(update_attrs={"slug": "welper-kopie"})
    assert Group.objects.get(name="Stadtteil Welper").page_permissions.filter(page=copy)

    copy.title = "Stadtteilkonferenz Kopie"
    copy.save()

    assert page_codenames(Group.objects.get(name="Stadtteil Welper"), tree.welper)
    assert not Group.objects.get(name="Stadtteil Welper").page_permissions.filter(page=copy)
    assert page_codenames(Group.objects.get(name="Stadtteil Kopie"), copy)
    assert Collection.objects.filter(name="Stadtteil Welper").exists()
    assert Collection.objects.filter(name="Stadtteil Kopie").exists()
