"""Admin view with which a translator submits a finished translation for review.

wagtail-localize's translation editor offers "Publish" only to people who may
publish; translators in "Redaktion" or a district team may not, so they
submit here, and an approver publishes by approving.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from wagtail.admin.admin_url_finder import AdminURLFinder

from wagtail_localize.models import Translation

from . import review, translating


def submit_translation(request, translation_id):
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), pk=translation_id
    )
    target = translating.target_of(translation)
    # The admin offers an edit URL only to users who may edit the object.
    edit_url = target and AdminURLFinder(request.user).get_edit_url(target)
    if not edit_url:
        raise PermissionDenied
    if request.method == "POST":
        return review.submit_translation(request, translation, edit_url)
    return TemplateResponse(
        request,
        "stadtteil_pages/admin/submit_translation.html",
        {
            "object": target,
            "language": translation.target_locale.get_display_name(),
            "edit_url": edit_url,
            "page_title": review.SUBMIT_FOR_REVIEW,
            "outdated": translating.outdated_after_sync(translation),
        },
    )
