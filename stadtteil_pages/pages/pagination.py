"""Page-by-page listings whose links keep the visitor's filters."""

from django.core.paginator import Paginator


class PageOfItems:
    """One page of a listing with the addresses of its neighbours."""

    def __init__(self, request, paginator, number):
        self.paginator = paginator
        self.page = paginator.get_page(number)
        self.request = request

    def __iter__(self):
        return iter(self.page.object_list)

    def __len__(self):
        return len(self.page.object_list)

    def __bool__(self):
        return bool(self.page.object_list)

    @property
    def count(self):
        return self.paginator.count

    @property
    def number(self):
        return self.page.number

    @property
    def num_pages(self):
        return self.paginator.num_pages

    @property
    def has_other_pages(self):
        return self.page.has_other_pages()

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
        return self._url(self.page.previous_page_number()) if self.page.has_previous() else None

    @property
    def next_url(self):
        return self._url(self.page.next_page_number()) if self.page.has_next() else None


def paginate(request, queryset, per_page, count=None):
    """The page the visitor asked for (``?page=``); a bad number gives the nearest page.

    ``count``, when the caller knows it, saves counting the queryset.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property
    return PageOfItems(request, paginator, request.GET.get("page"))
