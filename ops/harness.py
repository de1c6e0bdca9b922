"""Running the site as production runs it, on this machine only (127.0.0.1):
gunicorn with the production settings, PostgreSQL and Redis of its own."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def production_env(database_url, port, redis_url="", media_root=None):
    """The production settings for a site on 127.0.0.1 (plain http)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="local-load-test-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="false",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        STATIC_ROOT=str(Path(tempfile.gettempdir()) / "stadtteil-ops-static"),
        LOG_LEVEL="ERROR",
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    if media_root:
        env["MEDIA_ROOT"] = str(media_root)
    return env


def manage(env, *args, quiet=True):
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def ensure_database(database_url):
    """Create the PostgreSQL database of the URL if it does not exist yet."""
    from urllib.parse import urlsplit

    import psycopg2

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def prepare_site(env, port):
    """Migrate, load the Hattingen content, collect static files."""
    manage(env, "migrate", "--noinput")
    manage(env, "load_hattingen")
    manage(env, "configure_site", "--hostname", "127.0.0.1", "--port", str(port))
    manage(env, "collectstatic", "--noinput")


class Gunicorn:
    """gunicorn as deployment.md runs it; its log goes to ``log_path``."""

    def __init__(self, env, port, workers=2, log_path=None):
        self.env, self.port, self.workers = env, port, workers
        self.log_path = log_path or Path(tempfile.gettempdir()) / f"stadtteil-gunicorn-{port}.log"
        self.process = None

    def __enter__(self):
        log = open(self.log_path, "w")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--capture-output",
                "--error-logfile",
                "-",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port)
        return self

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_rss_kib(self):
        """Resident memory of each worker in KiB."""
        sizes = {}
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1])
        return sizes

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Postgres:
    """A PostgreSQL cluster of its own in a temporary folder, which a fault
    test may stop and start (never the machine's shared server)."""

    def __init__(self, port):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="stadtteil-pg-"))
        self.data = self.folder / "data"

    def pg(self, tool, *args):
        command = [str(PG_BIN / tool), *args]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
            shutil.chown(self.folder, "postgres")
        return subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/stadtteil_ops_fault"

    def init(self):
        self.pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self.pg(
            "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "stadtteil_ops_fault",
        )
        return self

    def start(self):
        self.pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1",
            "start",
        )

    def stop(self):
        self.pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """A redis-server of its own that a fault test may stop and start."""

    def __init__(self, port):
        self.port, self.process = port, None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "/usr/bin/redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def get_status(url, timeout=10):
    """The HTTP status of a GET (0 when the connection failed)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0
