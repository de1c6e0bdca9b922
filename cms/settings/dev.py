"""Local development: debug on, console e-mail, loopback hosts."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY
from .base import env_list

DEBUG = True
# A fixed key is acceptable on a developer's machine only.
SECRET_KEY = _SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
