"""The one response cache, kept fresh by the change flow (``stadtteil_pages.changes``).

- ``tags``: what a kept answer shows, and which tags a change invalidates.
- ``clock``: until when an answer that shows dates is correct.
- ``middleware``: anonymous GETs kept whole, with their ETag; a consumer
  of the change flow (``invalidate``).
- ``purge``: the CDN in front (``wagtail.contrib.frontend_cache``), the
  other consumer.

docs/architecture.md shows how a request and a publish pass through them.
"""
