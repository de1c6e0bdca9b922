"""Settings shared by every environment.

Everything secret or specific to one installation comes from the environment
(see `.env.example`); the defaults here are safe: no debug, no hosts, no
cross-origin access.
"""

import datetime
import os
from email.utils import getaddresses
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "stadtteil_pages",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "ninja",
    "corsheaders",
    "phonenumber_field",
    "csp",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so that it sees each answer as it leaves, cached ones included.
    "cms.middleware.HeadAndHeadersMiddleware",
    "cms.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.PermissionsPolicyMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # OParl answers every origin (its specification requires "*"); the allowlist
    # of django-cors-headers below covers the rest.
    "stadtteil_pages.oparl.middleware.OParlCorsMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cms.middleware.AllowedMethodsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "stadtteil_pages.public.serving.PublicRedirectMiddleware",
    "cms.lockout.PasswordFormLockoutMiddleware",
    "cms.uploads.StorageFullMiddleware",
    # After the login views' middleware, so that it sees failed logins of every login view.
    "axes.middleware.AxesMiddleware",
    # Last, so that what the middleware above adds per request reaches cached answers.
    "stadtteil_pages.cache.middleware.ResponseCacheMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite is the embedded default so that the project runs anywhere;
# production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # A database restarted under load: persistent connections that died
        # are replaced before use instead of failing the request.
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Words an attacker tries first on this site: city, product, demo password.
    {"NAME": "cms.passwords.SiteWordsValidator"},
]

# Brute-force protection (django-axes) for the admin login and the password
# form of restricted pages: after AXES_FAILURE_LIMIT failures from one
# address for one user name, both are locked for AXES_COOLOFF_MINUTES
# (`manage.py axes_reset` unlocks; see docs/operations.md).
# Attempts during the lock are refused unchecked, so counting them would only
# keep a retrying editor out longer: the lock ends AXES_COOLOFF_MINUTES after
# the failure that started it, for both forms alike.
AUTHENTICATION_BACKENDS = [
    "cms.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "cms.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind the reverse proxy the visitor's address is in X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "cms.lockout.client_ip_address"

# Sessions end with the browser and after SESSION_IDLE_MINUTES without a request.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "60")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Internationalisation: German is the default language of admin and site; the
# other languages are those of the city's migrant communities.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    # Removes the fragment of a file whose writing failed (a full disk).
    "default": {"BACKEND": "cms.storage.CleanFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page models can exceed Django's default of 1000 form fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000


def redis_cache(url):
    """The Redis cache of production: an outage degrades to uncached serving."""
    timeout = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            # Unreachable Redis: a miss after a short wait, never a 500; the
            # outage is logged under cms.cache when it starts, every minute
            # while it lasts, and when the pool connects again.
            "IGNORE_EXCEPTIONS": True,
            "CONNECTION_POOL_CLASS": "cms.cache.ReportingConnectionPool",
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
        },
    }


# Caching: Redis when REDIS_URL is set, otherwise files that every process on
# this machine shares (with process memory, a change made in one worker would
# not reach the answers another worker keeps).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "cms.cache"

# Cross-origin reads for other city websites: an explicit allowlist only.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/(api/.*|.*\.ics|.*\.atom)$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# E-mail: notifications of the review workflow.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "stadtteilkonferenzen@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

PHONENUMBER_DEFAULT_REGION = "DE"
PHONENUMBER_DB_FORMAT = "E164"

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Stadtteilkonferenzen")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "german",
    }
}
# Uploads: an allowlist of formats, checked against the file's content
# (cms/uploads.py); never SVG (it can carry scripts).
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "ods", "xlsx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENT_MAX_UPLOAD_MB", "20")) * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.CheckedDocumentForm"
# Documents always go through Django's serve view (never a link into /media/).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGE_MAX_UPLOAD_MB", "10")) * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.uploads.CheckedImageForm"
# Unset, API addresses follow the site's host and port (manage.py configure_site).
if os.environ.get("WAGTAILAPI_BASE_URL"):
    WAGTAILAPI_BASE_URL = os.environ["WAGTAILAPI_BASE_URL"]
# Consumers get display HTML with resolved links, not Wagtail's database HTML.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILFRONTENDCACHE_LANGUAGES = []
# A CDN or Varnish in front (docs/deployment.md): purged on every public change.
FRONTEND_CACHE_BACKEND = os.environ.get("FRONTEND_CACHE_BACKEND", "")
if FRONTEND_CACHE_BACKEND == "varnish":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_LOCATION"],
        }
    }
elif FRONTEND_CACHE_BACKEND == "cloudflare":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
            "ZONEID": os.environ["CLOUDFLARE_ZONEID"],
        }
    }
elif FRONTEND_CACHE_BACKEND == "cloudfront":
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    }
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_COMMENTS_ENABLED = True
# The snippets have their own admin menu ("Conferences"); without this,
# Wagtail's overview at /admin/snippets/ has nothing to list and turns
# everyone away, superusers included.
WAGTAILSNIPPETS_MENU_SHOW_ALL = True
# Editors' avatars come from no other origin (DSGVO): no Gravatar requests.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The conference index lives below the city's home page.
STADTTEIL_INDEX_PARENT_PAGE_TYPES = ["home.HomePage"]
STADTTEIL_HOLIDAYS_COUNTRY = "DE"
STADTTEIL_HOLIDAYS_SUBDIVISION = "NW"
# API responses may be cached by browsers and proxies for this many seconds.
STADTTEIL_API_MAX_AGE = int(os.environ.get("STADTTEIL_API_MAX_AGE", "300"))
# API v3 writes (Bearer tokens) stay off: see docs/api.md for the risks.
STADTTEIL_API_V3_WRITES = env_bool("STADTTEIL_API_V3_WRITES", False)
# Anonymous answers kept whole in the cache, with ETags (docs/performance.md).
STADTTEIL_CACHE = env_bool("STADTTEIL_CACHE", True)
# The organiser named in the events' structured data (schema.org).
STADTTEIL_ORGANIZER = "home.jsonld.city_organizer"
# The city as OParl's Body; its name, website and e-mail come from the organiser.
STADTTEIL_OPARL_BODY = {"shortName": "Hattingen", "classification": "Stadt"}

# Content-Security-Policy (django-csp): only this origin, no inline script or
# style without the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Wagtail's admin (8.0) runs inline scripts (the page editor's StreamField
# and comment set-up, the explorer) and inline styles, and shows the page
# preview in a frame of its own origin. Only under /admin/, which only
# logged-in editors use, those are allowed (cms.middleware applies it).
CSP_ADMIN_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}
# Features no page of the site uses.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Server errors go by e-mail to ADMINS ("Name <address>, …") when set.
ADMINS = getaddresses(env_list("ADMINS"))

# Logging: one line per record on stderr, which gunicorn and systemd's
# journal keep, with the request id (X-Request-ID) of the request that
# logged it; tracebacks follow the line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "cms.logging.RequestIdFilter"},
        "as_warning": {"()": "cms.logging.AsWarningFilter"},
        "redis_outage": {"()": "cms.logging.OutageFilter", "dependency": "Redis"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request_id"],
            "formatter": "line",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Server errors (with traceback) and refused requests.
        "django.request": {
            "handlers": ["stderr", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        "django.security": {
            "handlers": ["stderr", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        # Any visitor can send a foreign Host header: a warning, no mail
        # (Django's "django.security.DisallowedHost" logger, as its docs show).
        "django.security.DisallowedHost": {
            "handlers": ["stderr"],
            "filters": ["as_warning"],
            "level": "WARNING",
            "propagate": False,
        },
        # django-redis logs each failed cache use with its traceback here; the
        # filter turns them into one outage (cms.logging.Outage).
        "cms.cache": {
            "handlers": ["stderr"],
            "filters": ["redis_outage"],
            "level": "WARNING",
            "propagate": False,
        },
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

# Machine translation in the translation editor ("Translate whole page with
# machine translation"): off by default, since it sends the texts to a
# service. DeepL or a LibreTranslate server are enabled from the environment;
# see docs/translation.md.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
if os.environ.get("DEEPL_AUTH_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
        "OPTIONS": {"AUTH_KEY": os.environ["DEEPL_AUTH_KEY"]},
    }
elif os.environ.get("LIBRETRANSLATE_URL"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": os.environ["LIBRETRANSLATE_URL"],
            "API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY", ""),
        },
    }
