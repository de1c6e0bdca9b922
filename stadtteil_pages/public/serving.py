"""The publication rule where Wagtail itself answers: pages, files, links, redirects.

Wagtail serves a live page even below a draft or an expired page (expiry
takes effect only when ``publish_scheduled`` runs), serves every document
file to anyone who guesses its address, renders rich-text links to drafts
and follows redirects to them. These hooks and the redirect middleware ask
``stadtteil_pages.public.publication`` instead.
"""

from urllib.parse import urlparse

from django.http import Http404
from django.utils.html import escape

from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.permissions import policy_registry
from wagtail.rich_text.pages import PageLinkHandler

from . import publication


def refuse_hidden_page(page, request):
    """404 for a page that is expired or lies below a draft or expired page.

    Checked at request time, for the page and all its routes (``termine.ics``,
    ``feed.atom``), which then show the page. View restrictions are left to
    Wagtail's login and password forms, which check the restrictions of the
    page and its ancestors themselves.
    """
    if not publication.page_rule(request).admits(page, serving=True):
        raise Http404
    publication.show(request, pages=[page.path])


def refuse_hidden_document(document, request):
    """404 for a file that no public page uses, unless an editor may see it."""
    if publication.media_is_published(document, request):
        return
    user = getattr(request, "user", None)
    policy = policy_registry.get_by_type(type(document))
    if user is not None and policy.user_has_any_permission_for_instance(
        user, ["change", "choose"], document
    ):
        return
    raise Http404


class PublicPageLinkHandler(PageLinkHandler):
    """Rich-text links to pages: a page visitors may not see gets no address."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        rule = publication.page_rule()
        tags = []
        for page in cls.get_many(attrs_list):
            target = page.localized if page is not None else None
            if target is not None and not rule.admits(target):
                target = page if rule.admits(page) else None
            url = target.url if target is not None else None
            tags.append(f'<a href="{escape(url)}">' if url else "<a>")
        return tags


class PublicRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, except to a page visitors may not see.

    Following such a redirect would give away the draft's address; the
    visitor gets the 404 the old address would have given.
    """

    def process_response(self, request, response):
        redirected = super().process_response(request, response)
        if redirected is response:
            return response
        # The redirect Wagtail followed, found as it finds it.
        path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
        redirect = get_redirect(request, path) or get_redirect(request, urlparse(path).path)
        target = redirect.redirect_page if redirect is not None else None
        if target is not None and not publication.is_published(target, request):
            return response
        return redirected
