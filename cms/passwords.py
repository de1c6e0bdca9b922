"""Password rules of the city's installation."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What an attacker tries first against this site: the city, its districts,
# the product and the password of the demo users.
DEFAULT_SITE_WORDS = (
    "hattingen",
    "stadtteil",
    "stadtteilkonferenz",
    "welper",
    "holthausen",
    "niederwenigern",
    "blankenstein",
    "bredenscheid",
    "wagtail",
    "passwort",
    "password",
)


def normalise(text):
    """Lower case without digits, separators and common letter substitutions."""
    text = text.lower().translate(str.maketrans("013457@$", "oieastas"))
    return re.sub(r"[^a-zäöüß]", "", text)


class SiteWordsValidator:
    """Refuse passwords built around a word of this site (``stadtteil-demo``,
    ``Hattingen2026``): such passwords fall to the first guesses of an attack
    on the city's admin. Extra words come from ``PASSWORD_SITE_WORDS``."""

    def __init__(self, words=None):
        configured = getattr(settings, "PASSWORD_SITE_WORDS", ())
        self.words = {normalise(word) for word in (words or DEFAULT_SITE_WORDS)}
        self.words |= {normalise(word) for word in configured}
        self.words.discard("")

    def found_word(self, password):
        plain = normalise(password)
        return next((word for word in sorted(self.words) if word in plain), None)

    def validate(self, password, user=None):
        word = self.found_word(password)
        if word is not None:
            raise ValidationError(
                _("This password contains “%(word)s”, a word attackers try first on this site."),
                code="password_site_word",
                params={"word": word},
            )

    def get_help_text(self):
        return _(
            "Your password must not contain the name of the city, its districts or the product."
        )
