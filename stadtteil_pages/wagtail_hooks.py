"""Admin registration of the plugin's snippets."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin import dashboard, review
from .admin import views as admin_views
from .models import ContactPerson, District, Venue
from .public import serving


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "globe"
    menu_label = _("Districts")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    menu_label = _("Contact people")
    list_display = ["name", "role", "organisation", "display_phone", "email"]
    list_filter = ["live", "organisation"]
    search_fields = ["name", "role", "organisation"]
    ordering = ["name"]
    copy_view_enabled = False


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Venues")
    list_display = ["name", "street", "postal_code", "city", "district"]
    list_filter = ["district", "city"]
    search_fields = ["name", "street"]
    ordering = ["name"]


class ConferenceSnippetGroup(SnippetViewSetGroup):
    items = (ContactPersonViewSet, VenueViewSet, DistrictViewSet)
    menu_icon = "group"
    menu_label = _("Conferences")
    menu_name = "conferences"
    menu_order = 250


register_snippet(ConferenceSnippetGroup)


# The editorial workflow: dashboard panels and the two-person rule in the admin.


@hooks.register("construct_homepage_panels")
def add_meeting_panels(request, panels):
    panels.extend(dashboard.homepage_panels(request.user))


@hooks.register("register_admin_urls")
def register_translation_review_urls():
    return [
        path(
            "stadtteil/translations/<int:translation_id>/submit/",
            admin_views.submit_translation,
            name="stadtteil_pages_submit_translation",
        )
    ]


for hook in ("before_edit_page", "before_edit_snippet"):
    hooks.register(hook, review.self_approval)
    # Before wagtail-localize's own hooks, which take over editing translations.
    hooks.register(hook, review.translation_publish, order=-1)
hooks.register("before_publish_page", review.direct_publish)
hooks.register("before_publish", review.direct_publish)
hooks.register("before_bulk_action", review.bulk_publish)
hooks.register("construct_page_action_menu", review.hide_publish_item)
hooks.register("construct_snippet_action_menu", review.hide_publish_item)


# The publication rule where Wagtail serves pages, files and rich-text links.


# Before Wagtail's own check, which would ask for a password on an expired page.
@hooks.register("before_serve_page", order=-10)
def refuse_hidden_pages(page, request, serve_args, serve_kwargs):
    return serving.refuse_hidden_page(page, request)


hooks.register("before_serve_document", serving.refuse_hidden_document, order=-10)


# After Wagtail's own registration, which this replaces.
@hooks.register("register_rich_text_features", order=10)
def link_only_public_pages(features):
    features.register_link_type(serving.PublicPageLinkHandler)
