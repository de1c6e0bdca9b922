"""The editorial roles: groups, their permissions, collections and the workflow.

Everything here is idempotent: running it again repairs what is missing and
changes nothing else. A district conference page gets its own group and
collection as soon as it is saved, and both follow the page when it is renamed.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from ..models import (
    ConferenceIndexPage,
    ContactPerson,
    DistrictConferencePage,
    TwoPersonApprovalTask,
)

EDITORS = "Redaktion"
APPROVERS = "Freigabe"
WORKFLOW = "Vier-Augen-Prinzip"
APPROVAL_TASK = "Freigabe durch eine zweite Person"
DISTRICT_GROUP_PREFIX = "Stadtteil "
CONFERENCE_TITLE_PREFIX = "Stadtteilkonferenz "

# Page permissions of editors on every conference index and of a district
# team on its conference. Nobody but superusers gets "publish" through a page
# form: approvers publish by approving.
PAGE_PERMISSIONS = ["wagtailcore.add_page", "wagtailcore.change_page", "wagtailcore.lock_page"]
APPROVER_PAGE_PERMISSIONS = ["wagtailcore.publish_page"]

EDITOR_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "stadtteil_pages.add_contactperson",
    "stadtteil_pages.change_contactperson",
    "stadtteil_pages.view_contactperson",
    "stadtteil_pages.add_venue",
    "stadtteil_pages.change_venue",
    "stadtteil_pages.view_venue",
    # Start translations of pages and snippets (wagtail-localize).
    "wagtail_localize.submit_translation",
]
APPROVER_MODEL_PERMISSIONS = [
    "wagtailadmin.access_admin",
    "stadtteil_pages.publish_contactperson",
    "stadtteil_pages.view_contactperson",
    "stadtteil_pages.view_venue",
]
DISTRICT_MODEL_PERMISSIONS = ["wagtailadmin.access_admin", "wagtail_localize.submit_translation"]

# Documents (protocols) and images (photos) in a collection.
MEDIA_PERMISSIONS = [
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
]
APPROVER_MEDIA_PERMISSIONS = ["wagtaildocs.choose_document", "wagtailimages.choose_image"]


def permissions(names):
    """Permission objects for "app_label.codename" names, in one query."""
    wanted = Q()
    for app_label, codename in (name.split(".") for name in names):
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def grant(group, names, **place):
    """Grant permissions on a page (``page=``) or in a collection (``collection=``)."""
    model = GroupPagePermission if "page" in place else GroupCollectionPermission
    for permission in permissions(names):
        model.objects.get_or_create(group=group, permission=permission, **place)


def root_collection():
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def role_group(name, model_permissions):
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(*permissions(model_permissions))
    return group


@transaction.atomic
def setup_editorial_roles():
    """Create or repair the groups, their permissions and the workflow."""
    editors = role_group(EDITORS, EDITOR_MODEL_PERMISSIONS)
    approvers = role_group(APPROVERS, APPROVER_MODEL_PERMISSIONS)
    grant(editors, MEDIA_PERMISSIONS, collection=root_collection())
    grant(approvers, APPROVER_MEDIA_PERMISSIONS, collection=root_collection())

    workflow = review_workflow(approvers)
    for index in ConferenceIndexPage.objects.all():
        grant(editors, PAGE_PERMISSIONS, page=index)
        grant(approvers, APPROVER_PAGE_PERMISSIONS, page=index)
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(ContactPerson),
        defaults={"workflow": workflow},
    )
    for conference in DistrictConferencePage.objects.all():
        ensure_district_group(conference)


def review_workflow(approvers):
    """The workflow "Vier-Augen-Prinzip" with its single two-person approval."""
    tasks = TwoPersonApprovalTask.objects
    task = tasks.filter(name=APPROVAL_TASK).first() or tasks.create(name=APPROVAL_TASK)
    task.groups.add(approvers)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def district_group_name(conference):
    """The group of "Stadtteilkonferenz Welper" is "Stadtteil Welper"."""
    title = conference.title.removeprefix(CONFERENCE_TITLE_PREFIX).strip()
    return (DISTRICT_GROUP_PREFIX + title)[: Group._meta.get_field("name").max_length]


def district_group_of(conference):
    """The group that holds the page permissions on one district conference."""
    return (
        Group.objects.filter(page_permissions__page=conference)
        .exclude(name__in=[EDITORS, APPROVERS])
        .order_by("pk")
        .first()
    )


def ensure_district_group(conference):
    """Create or rename the group and collection of one district conference.

    A translation belongs to the district team of its German source: the
    team edits and submits its translations too, and no second group is
    named after the translated title.
    """
    source = conference.get_translation_or_none(Locale.get_default())
    if source is not None and source.pk != conference.pk:
        group = district_group_of(source)
        if group is not None:
            grant(group, PAGE_PERMISSIONS, page=conference)
        return group
    name = district_group_name(conference)
    group = district_group_of(conference)
    if group is not None and group.name != name:
        shared = GroupPagePermission.objects.filter(group=group).exclude(page=conference)
        if shared.exists() or Group.objects.filter(name=name).exists():
            # A copied page shares its original's group until it is renamed.
            GroupPagePermission.objects.filter(group=group, page=conference).delete()
            group = None
        else:
            group.name = name
            group.save(update_fields=["name"])
    if group is None:
        group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(*permissions(DISTRICT_MODEL_PERMISSIONS))
    grant(group, PAGE_PERMISSIONS, page=conference)

    root = root_collection()
    collection = (
        Collection.objects.filter(group_permissions__group=group)
        .exclude(pk=root.pk)
        .order_by("pk")
        .first()
    )
    if collection is None:
        collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
    elif collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    grant(group, MEDIA_PERMISSIONS, collection=collection)
    return group


def conference_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Keep a district conference's group in step with the page's title."""
    if raw or (update_fields is not None and "title" not in update_fields):
        return
    ensure_district_group(instance)
