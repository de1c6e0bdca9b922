from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StadtteilPagesConfig(AppConfig):
    name = "stadtteil_pages"
    verbose_name = _("District conferences")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from . import translating
        from .editorial import conference_saved
        from .models import DistrictConferencePage

        post_save.connect(
            conference_saved,
            sender=DistrictConferencePage,
            dispatch_uid="stadtteil_pages_district_group",
        )
        # Publishing a translation goes through the review like any change.
        translating.install()
