"""Log lines that can be matched with a request; noise an attacker could
trigger at will kept out of the administrators' mail; a dependency's outage
as a few warnings instead of a traceback per request."""

import contextvars
import logging
import threading
import time

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


class Outage:
    """An outage of one dependency (Redis …) in this process, logged at
    WARNING once when it starts, at most every ``interval`` seconds while it
    lasts (with the number of failures), and once when it ends."""

    def __init__(self, dependency, interval=60, clock=time.monotonic):
        self.dependency = dependency
        self.interval = interval
        self.clock = clock
        self.lock = threading.Lock()
        self.logger = None
        self.since = None

    def failed(self, error, logger):
        """Report a failed use of the dependency (an exception or a text)."""
        now = self.clock()
        with self.lock:
            if self.since is None:
                self.since, self.reported, self.failures = now, now, 1
                self.logger = logger
                message = "%s unavailable, working without it until it is back: %s"
                args = (self.dependency, describe(error))
            else:
                self.failures += 1
                if now - self.reported < self.interval:
                    return
                self.reported = now
                message = "%s still unavailable after %d s (%d failures), last: %s"
                args = (self.dependency, now - self.since, self.failures, describe(error))
        logger.warning(message, *args, extra={"outage_report": True})

    def succeeded(self):
        """Report a successful use; ends an outage. Cheap when there is none."""
        if self.since is None:
            return
        now = self.clock()
        with self.lock:
            if self.since is None:
                return
            duration, failures, logger = now - self.since, self.failures, self.logger
            self.since = None
        logger.warning(
            "%s available again after %d s (%d failures).",
            self.dependency,
            duration,
            failures,
            extra={"outage_report": True},
        )


def describe(error):
    """One line about a failure: its type and text, or those of the error it
    wraps (django-redis wraps redis' ``ConnectionError``, which names the server)."""
    if isinstance(error, BaseException):
        error = error.__cause__ or error
        return f"{type(error).__name__}: {error}"
    return str(error)


OUTAGES = {}
OUTAGES_LOCK = threading.Lock()


def outage(dependency, interval=60):
    """The process's one ``Outage`` of a dependency."""
    with OUTAGES_LOCK:
        if dependency not in OUTAGES:
            OUTAGES[dependency] = Outage(dependency, interval)
        return OUTAGES[dependency]


class OutageFilter(logging.Filter):
    """Turn a logger's failure records (WARNING and above, e.g. django-redis'
    "Exception ignored" with its traceback) into the reports of one outage.

    Configured on a logger in ``LOGGING``:
    ``{"()": "cms.logging.OutageFilter", "dependency": "Redis"}``. The end of
    the outage is reported by ``outage("Redis").succeeded()`` (for Redis:
    ``cms.cache.ReportingConnectionPool``).
    """

    def __init__(self, dependency, interval=60):
        super().__init__()
        self.outage = outage(dependency, interval)

    def filter(self, record):
        if record.levelno < logging.WARNING or getattr(record, "outage_report", False):
            return True
        error = record.exc_info[1] if record.exc_info else record.getMessage()
        self.outage.failed(error, logging.getLogger(record.name))
        return False
