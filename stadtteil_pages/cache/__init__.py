"""The one response cache and the change flow that keeps it fresh.

- ``changes``: what a transaction changed (pages published, unpublished,
  moved, deleted; snippets, files and settings), handed on commit to the
  registered consumers.
- ``tags``: what a kept answer shows, and which tags a change invalidates.
- ``clock``: until when an answer that shows dates is correct.
- ``middleware``: anonymous GETs kept whole, with their ETag.
- ``purge``: the CDN in front (``wagtail.contrib.frontend_cache``).

docs/architecture.md shows how a request and a publish pass through them.
"""
