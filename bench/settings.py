"""Production settings plus the trivial view that the benchmark compares with.

Never used to serve the site: ``bench/run.py`` starts gunicorn with it so
that the pages and a view doing nothing pass through the same middleware.
"""

import os

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STATIC_ROOT = os.environ.get("STATIC_ROOT", "/tmp/stadtteil-bench-static")  # noqa: S108
# The ceiling is measured without the cache looking at it.
STADTTEIL_CACHE_EXEMPT_PATHS = ["/admin/", "/documents/", "/static/", "/media/", "/bench/"]
