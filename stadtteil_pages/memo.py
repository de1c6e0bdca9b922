"""A memo for one request: what the rule and the queries read once per answer.

A page with breadcrumbs, footer links, listings and structured data asks the
publication rule many times: it reads the database once. The memo is kept
beside the request, not on it: a weak mapping from the request to its memo,
which goes when the request goes. Nothing is kept beyond the request:
between requests, whole answers are kept by the response cache
(``stadtteil_pages.cache``), which knows when they change.
"""

import weakref

_memos = weakref.WeakKeyDictionary()


def _memo_of(request):
    # A Django REST framework request wraps Django's: both share one memo.
    return _memos.setdefault(getattr(request, "_request", request), {})


def memo(request, key, compute):
    """``compute()`` once per request for ``key``; without a request, every time."""
    if request is None:
        return compute()
    store = _memo_of(request)
    if key not in store:
        store[key] = compute()
    return store[key]


def memoized(request, key, default=None):
    """What the memo holds for ``key``, without computing it."""
    if request is None:
        return default
    return _memo_of(request).get(key, default)
