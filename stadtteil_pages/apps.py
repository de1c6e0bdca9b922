from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StadtteilPagesConfig(AppConfig):
    name = "stadtteil_pages"
    verbose_name = _("District conferences")
    default_auto_field = "django.db.models.BigAutoField"
