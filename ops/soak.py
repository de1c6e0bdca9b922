"""`make soak`: mixed traffic at concurrency 32 against gunicorn (production
settings) and PostgreSQL for five minutes; passes with zero 5xx answers and
worker memory growing less than 10 %.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stadtteil_ops_soak \\
        .venv/bin/python -m ops.soak [--seconds 300] [--port 8141]

Only 127.0.0.1 is targeted. The database is migrated and filled with the
Hattingen content first.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

from ops.harness import (
    ROOT,
    Gunicorn,
    ensure_database,
    get_status,
    prepare_site,
    production_env,
)

MAX_GROWTH = 0.10


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8141)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of your own (see docs/operations.md).")
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is missing (apt-get install wrk).")

    ensure_database(database_url)
    env = production_env(database_url, args.port)
    prepare_site(env, args.port)
    base = f"http://127.0.0.1:{args.port}"
    with Gunicorn(env, args.port, workers=args.workers) as server:
        # Warm up every worker (imports, caches) before the first measurement.
        for _ in range(20 * args.workers):
            get_status(base + "/")
            get_status(base + "/api/v2/pages/")
        subprocess.run(  # noqa: S603
            [
                wrk,
                "-t2",
                f"-c{args.connections}",
                "-d20s",
                "-s",
                str(ROOT / "ops/soak.lua"),
                base,
            ],
            check=True,
            capture_output=True,
        )
        before = server.worker_rss_kib()
        started = time.monotonic()
        result = subprocess.run(  # noqa: S603
            [
                wrk,
                "-t2",
                f"-c{args.connections}",
                f"-d{args.seconds}s",
                "--timeout",
                "30s",
                "-s",
                str(ROOT / "ops/soak.lua"),
                base,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        elapsed = time.monotonic() - started
        after = server.worker_rss_kib()
    print(result.stdout)
    match = re.search(
        r"SOAK requests=(\d+) errors5xx=(\d+) socket_errors=(\d+) "
        r"p50_ms=([\d.]+) p99_ms=([\d.]+)",
        result.stdout,
    )
    requests, errors, socket_errors = (int(match.group(i)) for i in (1, 2, 3))
    growth = {pid: (after[pid] - before[pid]) / before[pid] for pid in before if pid in after}
    print(f"duration: {elapsed:.0f} s, connections: {args.connections}, workers: {args.workers}")
    print(
        f"requests: {requests} ({requests / elapsed:.1f}/s), 5xx: {errors}, "
        f"socket errors: {socket_errors}, median {match.group(4)} ms, p99 {match.group(5)} ms"
    )
    for pid in sorted(before):
        print(
            f"worker {pid}: {before[pid] / 1024:.1f} MiB -> "
            f"{after.get(pid, 0) / 1024:.1f} MiB ({growth.get(pid, float('nan')):+.1%})"
        )
    if set(before) != set(after):
        print("FAIL: a worker was replaced during the run (crash or timeout)")
        return 1
    if errors or max(growth.values()) >= MAX_GROWTH:
        print("FAIL")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
