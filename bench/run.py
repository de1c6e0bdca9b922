"""The benchmark: gunicorn on PostgreSQL, driven by wrk, per endpoint and mode.

    make bench                      # everything, about 10 minutes on 2 cores
    .venv/bin/python -m bench.run --duration 3 --only district,api_meetings

Creates ``<db>`` (migrate, the Hattingen content) and ``<db>_large`` (a copy
grown by ``bench.generate``) unless they exist, serves each with gunicorn
under production settings (2 sync workers, persistent connections, the
response cache in Redis when ``--redis`` is given), and runs wrk against
every endpoint in turn, interleaved with a trivial JSON view that passes the
same middleware. Per endpoint and mode it reports requests per second, p50
and p99 latency, worker and PostgreSQL CPU per request (from /proc), the
queries of one cold request, and requests per second as a share of the
trivial view. Modes: ``cold`` (nothing kept), ``cached`` (the shared
response cache), ``conditional`` (a 304 for a client that has the ETag).
Prints Markdown tables and writes JSON (``--output``).
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = "/bench/trivial/"
# (name, small-site address, large-site address)
ENDPOINTS = [
    ("district", "/stadtteilkonferenzen/welper/", "/stadtteilkonferenzen/bezirk-7/"),
    ("index", "/stadtteilkonferenzen/", None),
    ("project", "/stadtteilkonferenzen/welper/mittagstisch/", None),
    ("meeting", "/stadtteilkonferenzen/winz-baak/2018-11-15/", None),
    ("archive", "/stadtteilkonferenzen/protokolle/", None),
    ("api_meetings", "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*&limit=20", None),
    (
        "api_conferences",
        "/api/v2/pages/?type=stadtteil_pages.DistrictConferencePage&fields=*",
        None,
    ),
    ("api_search", "/api/v2/pages/?search=Stadtteilkonferenz", None),
    ("index_ics", "/stadtteilkonferenzen/termine.ics", None),
    ("atom", "/stadtteilkonferenzen/feed.atom", None),
    ("sitemap", "/sitemap.xml", None),
    # A whole file of the sitemap: the only one of the small site, one of 21 of the large.
    ("sitemap_file", "/sitemap-pages.xml", "/sitemap-pages.xml?p=12"),
]
# What the targets of the cold rows stand on, measured cold beside them: a page of
# the host site that shows only the site's frame (header, navigation, footer,
# languages) around a short text, and twenty single-row reads through the ORM
# with no template at all.
REFERENCES = [("frame_only", "/impressum/"), ("twenty_reads", "/bench/twenty-reads/")]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def log(message):
    print(message, file=sys.stderr, flush=True)


def env_for(database_url, options, *, store):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret"),
        "DATABASE_URL": database_url,
        "STATIC_ROOT": options.static_root,
        # Cold: the response cache off, nothing kept between requests.
        "STADTTEIL_CACHE": "1" if store else "0",
        "CACHE_DIR": os.path.join(options.static_root, "cache"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    if options.redis:
        env["REDIS_URL"] = options.redis
    return env


def manage(env, *args):
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True
    )


@contextlib.contextmanager
def admin_cursor(options):
    """A cursor on the maintenance database, outside any transaction.

    (psycopg2's ``with connection`` would open one, which ``CREATE DATABASE``
    refuses.)
    """
    import psycopg2

    connection = psycopg2.connect(options.server + "postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def database_exists(options, name):
    with admin_cursor(options) as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def prepare_databases(options):
    """The small database (Hattingen) and the large one (grown from a copy)."""
    small, large = options.db, f"{options.db}_large"
    env = env_for(options.server + small, options, store=False)
    if not database_exists(options, small):
        log(f"creating {small} with the Hattingen content")
        with admin_cursor(options) as cursor:
            cursor.execute(f'CREATE DATABASE "{small}"')
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_hattingen", "--no-demo-users")
        manage(env, "configure_site", "--hostname", "127.0.0.1", "--port", str(options.port))
    if not options.small_only and not database_exists(options, large):
        log(f"creating {large}: a copy of {small}, grown by bench.generate")
        with admin_cursor(options) as cursor:
            cursor.execute(f'CREATE DATABASE "{large}" TEMPLATE "{small}"')
        began = time.monotonic()
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.generate"],
            env=env_for(options.server + large, options, store=False),
            cwd=ROOT,
            check=True,
        )
        log(f"generated in {time.monotonic() - began:.0f} s")
    manage(env, "collectstatic", "--noinput", "-v0")
    return small, large


class Server:
    """gunicorn with two sync workers, as in production."""

    def __init__(self, database, options, port, *, store):
        self.database = database
        self.port = port
        self.options = options
        self.env = env_for(options.server + database, options, store=store)

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=ROOT,
        )
        for _ in range(100):
            try:
                self.get(TRIVIAL)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn on port {self.port} did not start")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, headers=None):
        request = urllib.request.Request(self.url(path), headers=headers or {})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.options.timeout) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), b""

    def worker_pids(self):
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids

    def backend_pids(self):
        with admin_cursor(self.options) as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            )
            return [row[0] for row in cursor.fetchall()]


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def cpu_snapshot(server):
    workers, backends = server.worker_pids(), server.backend_pids()
    return workers, backends, cpu_seconds(workers), cpu_seconds(backends)


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(server, path, options, connections, headers=()):
    """Run wrk once; requests per second, p50 and p99 in ms, CPU ms per request."""
    workers, backends, worker_before, pg_before = cpu_snapshot(server)
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{options.duration}s",
        "--timeout",
        "30s",
        "--latency",
    ]
    for header in headers:
        command += ["--header", header]
    output = subprocess.run(  # noqa: S603
        [*command, server.url(path)], capture_output=True, text=True, check=True
    ).stdout
    worker_after = cpu_seconds(workers)
    pg_after = cpu_seconds(set(backends) | set(server.backend_pids()))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    latency = {pct: float(value) * UNITS[unit] for pct, value, unit in LATENCY.findall(output)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    per_request = 1000 / requests if requests else 0
    return {
        "requests": requests,
        "rps": requests / options.duration,
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "worker_cpu_ms": (worker_after - worker_before) * per_request,
        "pg_cpu_ms": (pg_after - pg_before) * per_request,
        "errors": int(errors.group(1)) if errors else 0,
    }


def count_queries(database, options, paths):
    """Queries of one cold request per address, in a process of its own.

    The first request warms the framework's own caches (content types, the
    site); the second is counted. Nothing else is kept between requests.
    """
    script = (
        "import json, sys\n"
        "import django\n"
        "django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "counts = {}\n"
        "client = Client()\n"
        "def count(path):\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        client.get(path, HTTP_HOST='127.0.0.1')\n"
        "    return len(queries)\n"
        "for path in json.loads(sys.argv[1]):\n"
        "    client.get(path, HTTP_HOST='127.0.0.1')\n"
        "    counts[path] = count(path)\n"
        "print(json.dumps(counts))\n"
    )
    env = env_for(options.server + database, options, store=False)
    counts = {}
    for path in paths:  # one process per address, so that a slow one cannot stop the rest
        try:
            output = subprocess.run(  # noqa: S603
                [sys.executable, "-c", script, json.dumps([path])],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
                timeout=options.timeout * 3,
            ).stdout
        except (subprocess.SubprocessError, OSError):
            log(f"no query count for {path}")
            continue
        counts.update(json.loads(output.strip().splitlines()[-1]))
    return counts


def measure_modes(database, endpoints, options):
    """Uncached, cached and conditional, each interleaved with the trivial view.

    Each endpoint runs in ``--slices`` short wrk runs, each right after one of
    the trivial view on the same server, so that load from elsewhere on the
    machine hits both alike; the ratio is of the summed request counts.
    """
    results = []
    cold = Server(database, options, options.port, store=False)
    cached = Server(database, options, options.port + 1, store=True)
    with cold, cached:
        for mode, server in (("cold", cold), ("cached", cached), ("conditional", cached)):
            for name, path in endpoints + (REFERENCES if mode == "cold" else []):
                status, headers, _ = server.get(path)
                if status != 200:
                    raise SystemExit(f"{path} answered {status}")
                extra = []
                if mode == "conditional":
                    # Fetched right before: the ETag of the answer the cache keeps now.
                    if not headers.get("ETag"):
                        continue
                    extra = [f"If-None-Match: {headers['ETag']}"]
                trivial = combine([wrk(server, TRIVIAL, options, options.connections)])
                runs = []
                trivials = [trivial]
                for _ in range(options.slices):
                    runs.append(wrk(server, path, options, options.connections, extra))
                    trivials.append(wrk(server, TRIVIAL, options, options.connections))
                result, trivial = combine(runs), combine(trivials)
                result.update(
                    mode=mode,
                    endpoint=name,
                    path=path,
                    trivial_rps=trivial["rps"],
                    ratio=result["rps"] / trivial["rps"] if trivial["rps"] else None,
                )
                log(
                    f"{mode:11} {name:16} {result['rps']:8.1f} req/s "
                    f"({100 * (result['ratio'] or 0):5.1f} % of trivial)"
                )
                results.append(result)
                save_partial(options, results, "modes")
    return results


def combine(runs):
    """Several wrk runs as one: summed requests, mean latencies and CPU per request."""
    requests = sum(run["requests"] for run in runs)

    def mean(key):
        values = [run[key] for run in runs if run[key] is not None]
        return sum(values) / len(values) if values else None

    def weighted(key):
        return sum(run[key] * run["requests"] for run in runs) / requests if requests else None

    return {
        "requests": requests,
        "rps": sum(run["rps"] for run in runs) / len(runs),
        "p50_ms": mean("p50_ms"),
        "p99_ms": mean("p99_ms"),
        "worker_cpu_ms": weighted("worker_cpu_ms"),
        "pg_cpu_ms": weighted("pg_cpu_ms"),
        "errors": sum(run["errors"] for run in runs),
    }


def save_partial(options, rows, phase):
    Path(f"{options.output}.{phase}.partial").write_text(json.dumps(rows, indent=2))


def measure_growth(small, large, options):
    """p50 at one connection on the small and the large data set, cold and cached.

    Both data sets are served at once (cold: nothing kept; cached: the
    response cache on, each answer kept by a first request) and each
    endpoint is measured on them in turn, ``--slices`` times, so that a
    machine that speeds up or slows down during the run tilts neither side.
    """
    rows = []
    for mode, store, ports in (("cold", False, (0, 2)), ("cached", True, (3, 4))):
        with (
            Server(small, options, options.port + ports[0], store=store) as small_server,
            Server(large, options, options.port + ports[1], store=store) as large_server,
        ):
            servers = {"small": small_server, "large": large_server}
            for name, small_path, large_path in selected(options):
                paths = {"small": small_path, "large": large_path or small_path}
                rows += measure_growth_of(mode, name, servers, paths, options)
                save_partial(options, rows, "growth")
    return rows


def measure_growth_of(mode, name, servers, paths, options):
    first = {}
    for label, server in servers.items():
        began = time.monotonic()
        try:
            status, _, body = server.get(paths[label])
        except TimeoutError:
            status, body = None, b""
        first[label] = (status, body, (time.monotonic() - began) * 1000)
    runs = {label: [] for label in servers}
    for _ in range(options.slices):
        for label, server in servers.items():
            if first[label][0] == 200:
                runs[label].append(wrk(server, paths[label], options, 1))
    rows = []
    for label in servers:
        status, body, single = first[label]
        result = combine(runs[label]) if runs[label] else empty_run()
        result.update(
            mode=mode,
            dataset=label,
            endpoint=name,
            path=paths[label],
            status=status,
            bytes=len(body),
            single_request_ms=single,
        )
        log(f"{mode:6} {label:6} {name:16} p50 {result['p50_ms'] or 0:8.1f} ms")
        rows.append(result)
    return rows


def empty_run():
    return {
        "requests": 0,
        "rps": 0,
        "p50_ms": None,
        "p99_ms": None,
        "worker_cpu_ms": None,
        "pg_cpu_ms": None,
        "errors": 0,
    }


def selected(options):
    if not options.only:
        return ENDPOINTS
    wanted = set(options.only.split(","))
    return [endpoint for endpoint in ENDPOINTS if endpoint[0] in wanted]


def unknown_endpoints(options):
    """The names in ``--only`` that name no endpoint."""
    known = {name for name, *_ in ENDPOINTS}
    return sorted(set(filter(None, options.only.split(","))) - known)


def pct(value):
    return f"{100 * value:.1f} %" if value is not None else "–"


def number(value, digits=1):
    return f"{value:.{digits}f}" if value is not None else "–"


def cache_note(options):
    """Which cache the cached and conditional modes used: it decides what they cost."""
    if options.redis:
        return f"Kept answers and their tags: Redis at {options.redis}.\n"
    return (
        "Kept answers and their tags: the file cache the workers share (no --redis), as\n"
        "in production without REDIS_URL; pass --redis for the figures of\n"
        "docs/performance.md.\n"
    )


def tables(report):
    lines = [
        "| endpoint | mode | req/s | % of trivial | p50 ms | p99 ms "
        "| worker CPU ms | PostgreSQL CPU ms | queries (cold) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["modes"]:
        lines.append(
            f"| {row['endpoint']} | {row['mode']} | {number(row['rps'])} | {pct(row['ratio'])} "
            f"| {number(row['p50_ms'])} | {number(row['p99_ms'])} "
            f"| {number(row['worker_cpu_ms'])} | {number(row['pg_cpu_ms'])} "
            f"| {row.get('queries', '–') if row['mode'] == 'cold' else '–'} |"
        )
    if report.get("growth"):
        lines += [
            "",
            "| endpoint | mode | p50 small ms | p50 large ms | large ÷ small | queries small "
            "| queries large | first request large ms | answer kB small | answer kB large |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        by_key = {
            (row.get("mode", "cold"), row["dataset"], row["endpoint"]): row
            for row in report["growth"]
        }
        for mode in ("cold", "cached"):
            for name, *_ in ENDPOINTS:
                small, large = by_key.get((mode, "small", name)), by_key.get((mode, "large", name))
                if not small or not large:
                    continue
                factor = (
                    large["p50_ms"] / small["p50_ms"]
                    if small["p50_ms"] and large["p50_ms"]
                    else None
                )
                queried = mode == "cold"
                lines.append(
                    f"| {name} | {mode} | {number(small['p50_ms'])} | {number(large['p50_ms'])} "
                    f"| {number(factor, 2)} | {small.get('queries', '–') if queried else '–'} "
                    f"| {large.get('queries', '–') if queried else '–'} "
                    f"| {number(large['single_request_ms'], 0)} "
                    f"| {number(small['bytes'] / 1000)} | {number(large['bytes'] / 1000)} |"
                )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/")
    )
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "stadtteil_bench"))
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", ""))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8181")))
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--slices", type=int, default=2, help="wrk runs per endpoint and mode")
    parser.add_argument("--timeout", type=int, default=60, help="seconds for one request")
    parser.add_argument("--only", default="", help="comma-separated endpoint names")
    parser.add_argument("--small-only", action="store_true", help="skip the large data set")
    parser.add_argument("--growth-only", action="store_true", help="only compare the two data sets")
    parser.add_argument("--static-root", default="/tmp/stadtteil-bench-static")  # noqa: S108
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    options = parser.parse_args()
    if unknown := unknown_endpoints(options):
        known = ", ".join(name for name, *_ in ENDPOINTS)
        parser.error(f"unknown endpoint {', '.join(unknown)} in --only; the endpoints: {known}")

    small, large = prepare_databases(options)
    endpoints = [(name, path) for name, path, _ in selected(options)]
    report = {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "settings": {
            key: getattr(options, key) for key in ("duration", "connections", "slices", "redis")
        },
    }
    report["modes"] = [] if options.growth_only else measure_modes(small, endpoints, options)
    measured = endpoints + ([] if options.growth_only else REFERENCES)
    queries = count_queries(small, options, [path for _, path in measured])
    for row in report["modes"]:
        row["queries"] = queries.get(row["path"])
    if not options.small_only:
        report["growth"] = measure_growth(small, large, options)
        large_paths = [large or small for _, small, large in selected(options)]
        large_queries = count_queries(large, options, large_paths)
        for row in report["growth"]:
            row["queries"] = (queries if row["dataset"] == "small" else large_queries).get(
                row["path"]
            )
    Path(options.output).write_text(json.dumps(report, indent=2))
    print(cache_note(options))
    print(tables(report))
    log(f"written to {options.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
