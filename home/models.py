"""The models of the host site, each kind in a module of its own, gathered for Django."""

from .easy_language import EasyLanguagePage, easy_language_page
from .legal import AccessibilityPage, ImprintPage, LegalPage, PrivacyPage
from .pages import CityContactSettings, HomePage, StandardPage

__all__ = [
    "AccessibilityPage",
    "CityContactSettings",
    "EasyLanguagePage",
    "HomePage",
    "ImprintPage",
    "LegalPage",
    "PrivacyPage",
    "StandardPage",
    "easy_language_page",
]
