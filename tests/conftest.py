import datetime
import decimal
from io import StringIO
from types import SimpleNamespace

from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.backends.postgresql.operations import DatabaseOperations as PostgreSQLOperations
from django.utils import translation

import pytest

from home.models import HomePage
from stadtteil_pages import changes


def _flush_by_deleting(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    """Empty the tables after a transactional test with DELETE, not TRUNCATE.

    PostgreSQL's TRUNCATE of the hundred tables replaces their files, which
    costs seconds after every browser and live-server test; deleting their
    few rows costs milliseconds. Foreign keys are checked when flush's
    transaction commits (Django makes them deferred), so the order does not
    matter. Sequences are reset only where a test asks for it.
    """
    if reset_sequences:
        return _truncate(self, style, tables, reset_sequences=True, allow_cascade=allow_cascade)
    delete = style.SQL_KEYWORD("DELETE FROM")
    return [f"{delete} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]


_truncate = PostgreSQLOperations.sql_flush
PostgreSQLOperations.sql_flush = _flush_by_deleting


def _model_tables():
    """Every table behind a model, with its model (auto-created M2M included)."""
    models = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            models.setdefault(model._meta.db_table, model)
    return models


def _dump(tables):
    rows = {}
    with connection.cursor() as cursor:
        for table, model in tables.items():
            # SQLite's full-text table keys its rows by the hidden rowid, which
            # `*` leaves out; without it the index loses its entries' ids.
            hidden = "rowid, " if model._meta.pk.column == "rowid" else ""
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT {hidden}* FROM {quoted}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            rows[table] = (columns, sorted(cursor.fetchall(), key=repr))
    return rows


def take_snapshot(load):
    """The rows that `load` writes, as (changed tables' rows, their models).

    The load runs in a transaction that is rolled back afterwards.
    """
    tables = _model_tables()
    with transaction.atomic():
        before = _dump(tables)
        load()
        after = _dump(tables)
        transaction.set_rollback(True)
    # The load was rolled back: what the change flow collected from it would
    # otherwise be handed on with the test's own next commit.
    changes.discard()
    changed = {table: rows for table, rows in after.items() if rows != before[table]}
    return changed, [tables[table] for table in changed]


_snapshots = {}


def hattingen_snapshot(*options):
    """The rows that `load_hattingen *options` writes, taken once per test process.

    Loading through Wagtail's publishing takes seconds; restoring the rows
    takes milliseconds, so the many tests on the real content stay fast.
    Taken inside the first asking test's database setup, not by a
    session-scoped fixture: that would run before the setup, on the empty
    database an earlier transactional test leaves behind. With options
    (`--demo-users`), the command runs again on the restored content and
    adds what they add.
    """
    if options not in _snapshots:

        def load():
            if options:
                restore_snapshot(hattingen_snapshot())
            call_command("load_hattingen", *options, stdout=StringIO())

        _snapshots[options] = take_snapshot(load)
    return _snapshots[options]


def _adapt(value):
    """Values as the database driver takes them (SQLite needs strings)."""
    ops = connection.ops
    if isinstance(value, datetime.datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return ops.adapt_datefield_value(value)
    if isinstance(value, datetime.time):
        return ops.adapt_timefield_value(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def restore_snapshot(snapshot):
    changed, models = snapshot
    with connection.cursor() as cursor:
        # Foreign keys are checked at the end of the transaction, so the order
        # of tables does not matter.
        for table, (columns, rows) in changed.items():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"DELETE FROM {quoted}")  # noqa: S608
            if rows:
                names = ", ".join(connection.ops.quote_name(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                values = [[_adapt(value) for value in row] for row in rows]
                cursor.executemany(f"INSERT INTO {quoted} ({names}) VALUES ({marks})", values)  # noqa: S608
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    cache.clear()


_built = {}


def restored(build):
    """The objects ``build()`` returns (a dict), built once per test process and
    restored from their rows for every test.

    Building publishes pages and snippets through Wagtail, which takes a
    good part of a second; restoring the rows takes milliseconds. Each test
    gets the objects freshly read from the database.
    """
    if build not in _built:
        objects = {}
        snapshot = take_snapshot(lambda: objects.update(build()))
        _built[build] = snapshot, {name: (type(obj), obj.pk) for name, obj in objects.items()}
    snapshot, keys = _built[build]
    with transaction.atomic():  # foreign keys checked once, at its end
        restore_snapshot(snapshot)
    return SimpleNamespace(**{name: model.objects.get(pk=pk) for name, (model, pk) in keys.items()})


@pytest.fixture
def hattingen(db):
    """The Hattingen content as `make run` loads it; returns the home page."""
    restore_snapshot(hattingen_snapshot())
    return HomePage.objects.get(locale__language_code="de")


@pytest.fixture
def committed_hattingen(transactional_db):
    """The Hattingen content committed, for a live server's or another
    connection's requests; returns the home page.

    One transaction, so that foreign keys are checked once at its end; the
    transactional test's flush removes the content afterwards.
    """
    with transaction.atomic():
        restore_snapshot(hattingen_snapshot())
    return HomePage.objects.get(locale__language_code="de")


@pytest.fixture
def committed_hattingen_with_demo_users(transactional_db):
    """As `committed_hattingen`, with the demo users of `make run` (`--demo-users`)."""
    with transaction.atomic():
        restore_snapshot(hattingen_snapshot("--demo-users"))
    return HomePage.objects.get(locale__language_code="de")


@pytest.fixture(autouse=True)
def _site_language_from_the_start():
    """Each test starts in the site's language, whatever the test before it served.

    Serving a page activates its language for the thread (LocaleMiddleware,
    home's before_serve_page hook) and nothing switches it back; code called
    without a request, such as ``overview(index)``, asks the active language.
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_changes_from_earlier_tests():
    """Each test starts with no collected change: the tests before it were rolled back."""
    changes.discard()


@pytest.fixture
def response_cache(settings):
    """The response cache on, in this process's memory, empty."""
    from django.core.cache import cache

    settings.STADTTEIL_CACHE = True
    cache.clear()
    yield
    cache.clear()
