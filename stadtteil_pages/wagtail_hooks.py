"""Admin registration of the plugin's snippets."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ContactPerson, District, Venue


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
