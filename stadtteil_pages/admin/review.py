"""The two-person rule in the admin views: clear refusals instead of silent ones.

The rule itself lives in `models.workflow.TwoPersonApprovalTask`; the hooks in
`wagtail_hooks.py` call these functions so that editors learn why an action is
missing or refused.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import WorkflowState

from ..models.workflow import SELF_APPROVAL_REFUSED, TwoPersonApprovalTask
from . import translating

DIRECT_PUBLISH_REFUSED = _(
    "Content under the two-person rule is published by approval only: "
    "submit it for review, and another person will approve and publish it."
)


UNTRANSLATED_AFTER_SYNC = _(
    "%(count)s text(s) of the German source changed since they were translated "
    "into %(language)s and are shown in German until translated again; your "
    "earlier translation of the other texts is kept."
)
SUBMIT_FOR_REVIEW = _("Submit translation for review")


def _edit_url(request, obj):
    return AdminURLFinder(request.user).get_edit_url(obj) or "wagtailadmin_home"


def is_under_review_rule(obj):
    """Whether a page, snippet or snippet model (when creating) has a workflow."""
    if isinstance(obj, type):
        return hasattr(obj, "get_default_workflow") and obj.get_default_workflow() is not None
    return bool(getattr(obj, "has_workflow", False))


def self_approval(request, obj):
    """Explain a missing "Approve" action, and refuse a forged one."""
    task = getattr(obj, "current_workflow_task", None)
    user = request.user
    if not (
        isinstance(task, TwoPersonApprovalTask)
        and task.is_reviewer(user)
        and task.is_own_work(obj, user)
    ):
        return None
    if request.method == "GET":
        messages.warning(request, SELF_APPROVAL_REFUSED)
        return None
    if request.POST.get("action-workflow-action") and (
        request.POST.get("workflow-action-name") == "approve"
    ):
        messages.error(request, SELF_APPROVAL_REFUSED)
        return redirect(_edit_url(request, obj))
    return None


def publishes_by_approval_only(request, obj):
    """Whether the user may publish obj only by a second person's approval."""
    return not request.user.is_superuser and is_under_review_rule(obj)


def direct_publish(request, obj):
    """Refuse publishing past the review, except for superusers."""
    if publishes_by_approval_only(request, obj):
        messages.error(request, DIRECT_PUBLISH_REFUSED)
        return redirect(_edit_url(request, obj))
    return None


def submit_translation(request, translation, edit_url):
    """Submit a translation for review, say so and go back to its editor.

    Without a workflow (a page outside the conference tree), it is published.
    """
    state = translating.submit_translation(translation, request.user)
    message = translating.SUBMITTED if state is not None else translating.PUBLISHED
    language = translation.target_locale.get_display_name()
    messages.success(request, message % {"language": language})
    return redirect(edit_url)


def translation_publish(request, obj):
    """In wagtail-localize's translation editor, "Publish" submits for review.

    Superusers publish directly, as in the page editor. On opening the editor,
    translators learn how to submit and which texts a sync left untranslated.
    """
    translation = translating.translation_for(obj) if is_under_review_rule(obj) else None
    if translation is None:
        return None
    if request.method == "POST" and request.POST.get("action") == "publish":
        if request.user.is_superuser:
            return None
        return submit_translation(request, translation, _edit_url(request, obj))
    language = translation.target_locale.get_display_name()
    if request.method == "GET":
        untranslated = translating.outdated_after_sync(translation)
        if untranslated:
            messages.warning(
                request,
                UNTRANSLATED_AFTER_SYNC % {"count": len(untranslated), "language": language},
            )
        state = obj.current_workflow_state
        under_review = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
        if not under_review and not request.user.is_superuser:
            url = reverse("stadtteil_pages_submit_translation", args=[translation.pk])
            messages.info(
                request,
                translating.FINISHED_HINT,
                buttons=[messages.button(url, SUBMIT_FOR_REVIEW)],
            )
    return None


def bulk_publish(request, action_type, objects, bulk_action):
    """Refuse publishing several objects at once past the review, except for superusers."""
    if action_type == "publish" and any(publishes_by_approval_only(request, o) for o in objects):
        messages.error(request, DIRECT_PUBLISH_REFUSED)
        return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")
    return None


def hide_publish_item(menu_items, request, context):
    """Offer no "Publish" button where only an approval may publish.

    A create view knows only the parent page or the snippet model, whose
    workflow the new object gets.
    """
    page = context.get("page") or context.get("parent_page")
    obj = page or context.get("instance") or context.get("model")
    if publishes_by_approval_only(request, obj):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]
