"""Benchmark settings (``make bench-http``): production behaviour on one machine.

DEBUG is off and templates, sessions, password hashing, middleware and the
database (PostgreSQL when ``DB_NAME`` is set, SQLite otherwise) are as in
production. Only what needs TLS or the production services is left out: no
HTTPS redirect, no secure-only cookies, and tasks run in-process when no
broker is configured. Never serve real users with these settings.
"""

from .base import *  # noqa: F403

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Production keeps the CSRF cookie away from scripts too.
CSRF_COOKIE_HTTPONLY = True
