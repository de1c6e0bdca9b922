"""A memo for one request: what the rule and the queries read once per answer.

A page with breadcrumbs, footer links, listings and structured data asks the
publication rule many times: it reads the database once. Nothing is kept
beyond the request: between requests, whole answers are kept by the response
cache (``stadtteil_pages.cache``), which knows when they change.
"""

# Where the memo lives on the request (and dies with it).
_REQUEST_MEMO = "_stadtteil_memo"


def memo(request, key, compute):
    """``compute()`` once per request for ``key``; without a request, every time."""
    if request is None:
        return compute()
    store = request.__dict__.setdefault(_REQUEST_MEMO, {})
    if key not in store:
        store[key] = compute()
    return store[key]
