"""Log lines that can be matched with a request: the request id in every record."""

import contextvars
import logging

# Set by cms.middleware.RequestIdMiddleware for the duration of a request.
request_id_var = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every record ("-" outside a request, e.g. in commands)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True
