"""Translations of the Hattingen demo content into English, Turkish, Arabic, Ukrainian.

Stored through wagtail-localize's own records (TranslationSource, Translation,
StringTranslation) exactly as a translator's work in the admin would be, so
that editors see them in the translation editor and a later sync of the German
source updates them. A page that already has a translation in a language is
left alone, so loading again changes nothing.
"""

import tomllib
from pathlib import Path

from django.db import transaction

from wagtail.models import Locale

from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from stadtteil_pages.models import ContactPerson

DATA_FILE = Path(__file__).resolve().parent / "data" / "translations.toml"


def load_data(path=DATA_FILE):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def source_pages(home, paths):
    """The German pages to translate, parents first (a path of "" is the home page)."""
    pages = []
    for path in paths:
        page = home
        for slug in filter(None, path.split("/")):
            page = page.get_children().get(slug=slug)
        pages.append(page.specific)
    return pages


def source_contacts(names):
    """The German contact people whose texts are translated."""
    default = Locale.get_default()
    return [ContactPerson.objects.get(name=name, locale=default) for name in names]


@transaction.atomic
def translate_page(page, locale, strings):
    """Create and publish the translation of one page or snippet from German → translated texts.

    An alias of the German page in that language (from the locale
    synchronisation) becomes the translation, as it does in the translation
    editor. Returns the translated page, or ``None`` when a translation
    existed already.
    """
    existing = page.get_translation_or_none(locale)
    if existing is not None and getattr(existing, "alias_of_id", None) is None:
        return None
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = strings.get(segment.string.data)
        if text is None:
            # Left to the translator; the page shows the German text meanwhile.
            continue
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
        )
    # Saved as a draft and published here, not by wagtail-localize: it defers
    # publishing to the end of the transaction with an outdated copy of the
    # page, which would reset the tree data of the pages translated after it.
    # A data import, not a person's edit: published without the review.
    translation.save_target(publish=False)
    page.get_translation(locale).get_latest_revision().publish()
    return page.get_translation(locale)


def label(obj):
    return getattr(obj, "url_path", None) or f"{type(obj)._meta.verbose_name} {obj}"


def load_translations(home, created, path=DATA_FILE):
    """Translate the demo pages and contacts into every language the data file has texts for."""
    data = load_data(path)
    objects = source_contacts(data.get("contacts", [])) + source_pages(home, data["pages"])
    for language_code, strings in data["strings"].items():
        locale = Locale.objects.get(language_code=language_code)
        for obj in objects:
            translated = translate_page(obj, locale, strings)
            if translated is not None:
                created.append(f"translation {language_code} {label(translated)}")
