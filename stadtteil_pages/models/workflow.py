"""The review step of the "Vier-Augen-Prinzip": a second person must approve."""

from itertools import pairwise

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.models import GroupApprovalTask, Revision

SELF_APPROVAL_REFUSED = _(
    "You submitted or edited this version yourself, so you cannot approve it: "
    "the two-person rule needs another member of the reviewing group."
)


# Revision content that records the state of an object rather than an edit,
# besides the fields editors cannot edit at all (live, locked, url_path, …).
BOOKKEEPING = {
    "content_type",
    "depth",
    "first_published_at",
    "numchild",
    "owner",
    "path",
    "pk",
    "wagtail_admin_comments",
}


def edited_content(revision):
    """What editors can change in a revision, without bookkeeping and comments."""
    model = revision.content_type.model_class()
    computed = {field.name for field in model._meta.concrete_fields if not field.editable}
    ignored = BOOKKEEPING | computed
    return {key: value for key, value in revision.content.items() if key not in ignored}


def editors_since(reviewed):
    """Who changed the content in the revisions saved after the reviewed one.

    Saving a comment or saving without a change creates a revision too; that
    does not make a reviewer an author.
    """
    later = Revision.objects.filter(
        base_content_type_id=reviewed.base_content_type_id,
        object_id=reviewed.object_id,
        pk__gt=reviewed.pk,
    ).order_by("pk")
    revisions = [reviewed, *later]
    contents = [edited_content(revision) for revision in revisions]
    changes = zip(revisions[1:], pairwise(contents), strict=True)
    return {revision.user_id for revision, (before, after) in changes if after != before}


class TwoPersonApprovalTask(GroupApprovalTask):
    """An approval by the chosen groups that nobody may give to their own work.

    Reviewers see no "Approve" action for a version they submitted or edited,
    even when they belong to the author's group and the reviewing group at
    once; an approval that reaches the server anyway is refused.
    """

    class Meta:
        verbose_name = _("two-person approval")
        verbose_name_plural = _("two-person approvals")

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups can approve, but never a version "
            "they submitted or edited themselves."
        )

    def is_reviewer(self, user):
        return user.is_superuser or self.groups.filter(pk__in=user.groups.values("pk")).exists()

    def is_own_work(self, obj, user):
        """Whether the version of obj under review is (partly) the user's.

        It is when they submitted the workflow, wrote the revision under review
        or changed the content since then (the latest revision is the one that
        goes live on approval).
        """
        task_state = obj.current_workflow_task_state
        if task_state is None or task_state.task_id != self.pk:
            return False
        revision = task_state.revision
        authors = {task_state.workflow_state.requested_by_id, revision.user_id}
        return user.pk in (authors | editors_since(revision)) - {None}

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and self.is_own_work(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            reviewed = task_state.workflow_state
            if user.pk in {reviewed.requested_by_id, task_state.revision.user_id}:
                raise PermissionDenied(str(SELF_APPROVAL_REFUSED))
            if user.pk in editors_since(task_state.revision):
                # The reviewer changed the content while approving: what they
                # reviewed is approved, their own changes need a second person.
                task_state.approve(user=user, update=False, **kwargs)
                reviewed.refresh_from_db()
                reviewed.update(user=user, next_task=self)
                return None
        return super().on_action(task_state, user, action_name, **kwargs)
