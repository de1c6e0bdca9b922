from django.utils import translation

from wagtail import hooks

from stadtteil_pages.models.locales import locale_by_id


@hooks.register("before_serve_page")
def speak_the_language_of_the_page(page, request, serve_args, serve_kwargs):
    """Render a page in its own language.

    A page that has no translation yet is served in its source language even
    under another language's prefix, so that content, interface strings and
    `lang` agree.
    """
    # The locales are read once per request; ``page.locale`` would cost a query.
    language = locale_by_id(request, page.locale_id).language_code
    if translation.get_language() != language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
