"""Log lines that can be matched with a request, and noise an attacker
could trigger at will kept out of the administrators' mail."""

import contextvars
import logging

# Set by cms.middleware.RequestIdMiddleware for the duration of a request.
request_id_var = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every record ("-" outside a request, e.g. in commands).

    Django logs each 4xx answer on ``django.request`` after the middleware
    has finished, with the request in the record: its id comes from there.
    """

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        return True


class AsWarningFilter(logging.Filter):
    """Log a record at WARNING without its traceback.

    For loggers whose errors a visitor can cause at will (a foreign ``Host``
    header): one warning line, no mail to ``ADMINS``, no traceback flood.
    """

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        return True
