from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StadtteilPagesConfig(AppConfig):
    name = "stadtteil_pages"
    verbose_name = _("District conferences")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks
        from django.db.models.signals import post_save

        from . import changes
        from . import checks as stadtteil_checks
        from .admin import translating
        from .admin.editorial import conference_saved
        from .api.serializers import declare_serializers

        # The consumers of the change flow: the response cache, the CDN purge.
        from .cache import middleware, purge  # noqa: F401
        from .models import DistrictConferencePage

        post_save.connect(
            conference_saved,
            sender=DistrictConferencePage,
            dispatch_uid="stadtteil_pages_district_group",
        )
        # What the layers above the models add to them: the API's serializers
        # for the fields the models name, the feeds behind the pages' routes,
        # the context of the pages' templates.
        declare_serializers()
        from .feeds import atom, ical  # noqa: F401
        from .pages import context  # noqa: F401

        checks.register(stadtteil_checks.check_settings)
        checks.register(stadtteil_checks.check_apps)
        checks.register(stadtteil_checks.check_base_template, checks.Tags.templates)
        # The change flow: the signals of content models, and OParl's
        # history written in the change's own transaction.
        changes.connect()
        from .oparl import history

        changes.during(history.on_change)

        # Publishing a translation goes through the review like any change.
        translating.install()
        # An approved translation of an alias stops following the German page.
        from wagtail.signals import page_published

        page_published.connect(
            translating.page_published, dispatch_uid="stadtteil_pages_locale_trees"
        )
