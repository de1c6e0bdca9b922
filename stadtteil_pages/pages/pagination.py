"""Page-by-page listings whose links keep the visitor's filters."""

from django.core.paginator import Page, Paginator


class PageOfItems(Page):
    """One page of a listing with the addresses of its neighbours."""

    def __init__(self, request, page):
        super().__init__(page.object_list, page.number, page.paginator)
        self.request = request

    # Properties, so that templates read them as ``protocols.count``.
    @property
    def count(self):
        return self.paginator.count

    @property
    def num_pages(self):
        return self.paginator.num_pages

    def _url(self, number):
        query = self.request.GET.copy()
        if number == 1:
            query.pop("page", None)
        else:
            query["page"] = number
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else self.request.path

    @property
    def previous_url(self):
        return self._url(self.previous_page_number()) if self.has_previous() else None

    @property
    def next_url(self):
        return self._url(self.next_page_number()) if self.has_next() else None


def paginate(request, queryset, per_page, count=None):
    """The page the visitor asked for (``?page=``); a bad number gives the nearest page.

    ``count``, when the caller knows it, saves counting the queryset.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property
    return PageOfItems(request, paginator.get_page(request.GET.get("page")))
