"""Page-by-page listings whose links keep the visitor's filters."""

from django.core.paginator import Page, Paginator


class PageOfItems(Page):
    """One page of a listing with the addresses of its neighbours."""

    def __init__(self, request, page):
        super().__init__(page.object_list, page.number, page.paginator)
        self.request = request
        # For templates, as ``protocols.count`` (a sequence's count() otherwise).
        self.count, self.num_pages = page.paginator.count, page.paginator.num_pages

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


def paginate(request, queryset, per_page, count):
    """The page the visitor asked for (``?page=``); a bad number gives the nearest page.

    ``count``, which the caller knows, saves counting the queryset.
    """
    paginator = Paginator(queryset, per_page)
    paginator.count = count  # Paginator.count is a cached property
    return PageOfItems(request, paginator.get_page(request.GET.get("page")))
