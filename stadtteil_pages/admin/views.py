"""Admin view with which a translator submits a finished translation for review.

wagtail-localize's translation editor offers "Publish" only to people who may
publish; translators in "Redaktion" or a district team may not, so they
submit here, and an approver publishes by approving.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from wagtail_localize.models import Translation

from . import review, translating


def can_edit(user, obj):
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    return ModelPermissionPolicy(type(obj)).user_has_permission(user, "change")


def submit_translation(request, translation_id):
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), pk=translation_id
    )
    target = translating.target_of(translation)
    if target is None or not can_edit(request.user, target):
        raise PermissionDenied
    edit_url = AdminURLFinder(request.user).get_edit_url(target)
    language = translation.target_locale.get_display_name()
    if request.method == "POST":
        state = translating.submit_translation(translation, request.user)
        message = translating.SUBMITTED if state is not None else translating.PUBLISHED
        messages.success(request, message % {"language": language})
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "stadtteil_pages/admin/submit_translation.html",
        {
            "object": target,
            "language": language,
            "edit_url": edit_url,
            "page_title": review.SUBMIT_FOR_REVIEW,
            "outdated": translating.outdated_after_sync(translation),
        },
    )
