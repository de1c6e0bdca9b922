from django.utils import translation

from wagtail import hooks


@hooks.register("before_serve_page")
def speak_the_language_of_the_page(page, request, serve_args, serve_kwargs):
    """Render a page in its own language.

    A page that has no translation yet is served in its source language even
    under another language's prefix, so that content, interface strings and
    `lang` agree.
    """
    language = page.locale.language_code
    if translation.get_language() != language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
