"""`make faults`: the site under load while its services fail.

1. PostgreSQL (a cluster of its own on --pg-port) is stopped for ten seconds
   under load: errors only during the outage, then recovery without
   restarting gunicorn (``CONN_HEALTH_CHECKS``).
2. Redis (a server of its own on --redis-port) is stopped under load for
   20 seconds and started again: the site serves uncached, no 5xx, and the
   log has per worker one warning when the outage starts and one when it
   ends, no error and no traceback.
3. A full disk on upload: the tests in tests/hardening/test_uploads.py.

    .venv/bin/python -m ops.faults

Only 127.0.0.1 is targeted; the machine's shared PostgreSQL and Redis are
never touched.
"""

import argparse
import subprocess
import sys
import threading
import time
from collections import Counter

from ops.harness import (
    PYTHON,
    ROOT,
    Gunicorn,
    Postgres,
    Redis,
    get_status,
    prepare_site,
    production_env,
)

URLS = ["/", "/stadtteilkonferenzen/", "/api/v2/pages/", "/stadtteilkonferenzen/termine.ics"]


class Load:
    """Clients requesting URLS in turn; every answer is kept with its time."""

    def __init__(self, base, clients=8):
        self.base, self.clients = base, clients
        self.results = []  # (seconds since start, status)
        self.stop_event = threading.Event()
        self.lock = threading.Lock()

    def run(self, client):
        index = client
        while not self.stop_event.is_set():
            status = get_status(self.base + URLS[index % len(URLS)], timeout=30)
            with self.lock:
                self.results.append((time.monotonic() - self.started, status))
            index += 1

    def __enter__(self):
        self.started = time.monotonic()
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(self.clients)]
        for thread in self.threads:
            thread.start()
        return self

    def now(self):
        return time.monotonic() - self.started

    def __exit__(self, *exc):
        self.stop_event.set()
        for thread in self.threads:
            thread.join()


def warm_up(base, rounds=6):
    """Let every worker load the application before the clock starts."""
    for _ in range(rounds):
        for url in URLS:
            get_status(base + url, timeout=120)


def summary(results, start, end):
    counts = Counter(status for moment, status in results if start <= moment < end)
    return ", ".join(f"{status or 'no connection'}: {n}" for status, n in sorted(counts.items()))


def postgres_restart(pg, env, port):
    print("== PostgreSQL stopped for 10 s under load")
    with Gunicorn(env, port) as server:
        warm_up(f"http://127.0.0.1:{port}")
        workers = server.worker_pids()
        with Load(f"http://127.0.0.1:{port}") as load:
            time.sleep(15)
            down = load.now()
            pg.stop()
            time.sleep(10)
            pg.start()
            up = load.now()
            time.sleep(25)
            end = load.now()
        same_workers = server.worker_pids() == workers
    results = load.results
    grace = 3.0  # requests already waiting when the database came back
    failures_outside = [
        (moment, status)
        for moment, status in results
        if status != 200 and not (down <= moment <= up + grace)
    ]
    last = [status for moment, status in results if moment >= end - 15]
    print(f"before the outage ({down:.0f} s): {summary(results, 0, down)}")
    print(f"during the outage ({up - down:.0f} s): {summary(results, down, up)}")
    print(f"after the outage ({end - up:.0f} s): {summary(results, up, end + 1)}")
    print(
        f"failures outside the outage: {len(failures_outside)}; "
        f"gunicorn workers unchanged: {same_workers}"
    )
    ok = not failures_outside and last and all(s == 200 for s in last) and same_workers
    print("PASS" if ok else "FAIL")
    return ok


def redis_outage(pg, port, redis_port):
    print("== Redis stopped under load")
    redis = Redis(redis_port).start()
    env = production_env(pg.url, port, redis_url=redis.url)
    with Gunicorn(env, port) as gunicorn:
        warm_up(f"http://127.0.0.1:{port}")
        with Load(f"http://127.0.0.1:{port}") as load:
            time.sleep(10)
            down = load.now()
            redis.stop()
            time.sleep(20)
            up = load.now()
            redis.start()
            time.sleep(10)
            end = load.now()
    redis.stop()
    results = load.results
    print(f"with Redis ({down:.0f} s): {summary(results, 0, down)}")
    print(f"without Redis ({up - down:.0f} s): {summary(results, down, up)}")
    print(f"Redis back ({end - up:.0f} s): {summary(results, up, end + 1)}")
    bad = [status for _, status in results if status != 200]
    log_ok = outage_log_is_quiet(gunicorn.log_path.read_text(), gunicorn.workers)
    if bad:
        print(f"FAIL: {len(bad)} answers other than 200")
    print("PASS" if not bad and log_ok else "FAIL")
    return not bad and log_ok


def outage_log_is_quiet(log, workers):
    """The outage in the log: per worker at most one line when it starts and
    one when it ends, at WARNING, and no traceback (docs/operations.md)."""
    lines = [line for line in log.splitlines() if " cms.cache: " in line]
    started = [line for line in lines if "Redis unavailable" in line]
    ended = [line for line in lines if "Redis available again" in line]
    errors = [line for line in lines if " WARNING " not in line]
    tracebacks = log.count("Traceback (most recent call last)")
    print(
        f"log: {len(lines)} cms.cache lines ({len(started)} unavailable, "
        f"{len(ended)} available again, {len(errors)} not WARNING), "
        f"{tracebacks} tracebacks, {len(log.encode()):,} bytes"
    )
    return (
        1 <= len(started) <= workers
        and 1 <= len(ended) <= workers
        and not errors
        and not tracebacks
    )


def full_disk():
    print("== Full disk on upload")
    result = subprocess.run(  # noqa: S603
        [
            PYTHON,
            "-m",
            "pytest",
            "tests/hardening/test_uploads.py",
            "-k",
            "full_disk",
            "-p",
            "no:randomly",
            "-n",
            "0",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    print(result.stdout.strip().splitlines()[-1])
    print("PASS" if result.returncode == 0 else "FAIL")
    return result.returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-port", type=int, default=8145)
    parser.add_argument("--redis-port", type=int, default=8146)
    parser.add_argument("--port", type=int, default=8142)
    args = parser.parse_args()
    pg = Postgres(args.pg_port).init()
    try:
        env = production_env(pg.url, args.port)
        prepare_site(env, args.port)
        outcomes = [
            postgres_restart(pg, env, args.port),
            redis_outage(pg, args.port, args.redis_port),
            full_disk(),
        ]
    finally:
        pg.remove()
    return 0 if all(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
