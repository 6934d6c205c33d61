"""Production: PostgreSQL, Redis broker and cache, secure cookies.

Refuses to start when a required variable is missing. Reads nothing from the
environment itself; ``base`` did that and recorded what was provided.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, ENV_PROVIDED, HSTS_INCLUDE_SUBDOMAINS, HSTS_PRELOAD

REQUIRED_VARIABLES = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DB_NAME",
    "DB_USER",
    "DB_PASSWORD",
    "DB_HOST",
    "CELERY_BROKER_URL",
    "REDIS_CACHE_URL",
)
_missing = [name for name in REQUIRED_VARIABLES if name not in ENV_PROVIDED]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )

DEBUG = False
CELERY_TASK_ALWAYS_EAGER = False
assert CELERY_BROKER_URL

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
# Subdomains and the browsers' preload list bind the whole domain (often the
# kommun's own), so they are off unless the operator turns them on.
SECURE_HSTS_INCLUDE_SUBDOMAINS = HSTS_INCLUDE_SUBDOMAINS
SECURE_HSTS_PRELOAD = HSTS_PRELOAD
SILENCED_SYSTEM_CHECKS = [
    *([] if HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if HSTS_PRELOAD else ["security.W021"]),
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
