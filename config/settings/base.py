"""Settings shared by every environment.

This is the only settings module that reads the environment (through
``config.env``). With nothing set, the portal runs on the embedded default:
a SQLite file, tasks executed in-process, local files and a locmem cache.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Used only by dev and test; production refuses to start without SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", "insecure-dev-key-only-for-the-embedded-default")
DEBUG = env.bool("DEBUG", False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env.str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "axes",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # Our apps, lowest layer first: reports -> governance -> portfolio.
    "portfolio",
    "governance",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns lockouts into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portfolio.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# PostgreSQL when DB_NAME is set, otherwise the embedded SQLite file.
DB_NAME = env.str("DB_NAME", "")
if DB_NAME:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": DB_NAME,
            "USER": env.str("DB_USER", "postgres"),
            "PASSWORD": env.str("DB_PASSWORD", ""),
            "HOST": env.str("DB_HOST", "127.0.0.1"),
            "PORT": env.int("DB_PORT", 5432),
            "CONN_MAX_AGE": env.int("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", "")
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication -----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out user never reaches the other backends.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    "portfolio.auth.DemoPasswordBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portfolio:home"
LOGOUT_REDIRECT_URL = "login"
# The demo password works only when DEBUG is on and seed_demo has run.
DEMO_PASSWORD = "demo"  # noqa: S105  (only with DEBUG and seed_demo accounts)

# Local username/password login. Production may turn it off once SSO works;
# the login page then shows only the SSO button and a local POST is refused.
LOCAL_LOGIN_ENABLED = env.bool("LOCAL_LOGIN_ENABLED", True)

# --- Single sign-on (OpenID Connect, e.g. Entra ID) ----------------------------
# Off by default. See SECURITY.md for the variables and the role mapping format.
OIDC_ENABLED = env.bool("OIDC_ENABLED", False)
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", "openid email profile")
OIDC_USERNAME_CLAIM = env.str("OIDC_USERNAME_CLAIM", "email")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", "groups")
# "group=role@kommun:<kommunkod or name>;group2=role@forvaltning:<kommun>/<förvaltning>"
# Parsed and validated by portfolio.oidc.parse_role_mapping (at startup when enabled).
OIDC_ROLE_MAPPING = env.str("OIDC_ROLE_MAPPING", "")
OIDC_CREATE_USER = True
OIDC_STORE_ID_TOKEN = False
LOGIN_REDIRECT_URL_FAILURE = "login"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.insert(1, "portfolio.oidc.PortalOIDCBackend")

SESSION_COOKIE_AGE = env.int("SESSION_TIMEOUT_SECONDS", 8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True  # inactivity timeout, not absolute
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Read here, applied by production: HSTS for subdomains and preload only on request.
HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", False)
HSTS_PRELOAD = env.bool("HSTS_PRELOAD", False)

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours = 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Proxies in front of the portal. 0: clients connect directly, so X-Forwarded-For
# is ignored (a client could forge it to dodge the lockout). N > 0: the client
# address is taken from X-Forwarded-For, trusting exactly N proxies.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# History is evidence: the admin's "revert to this version" is never offered.
SIMPLE_HISTORY_REVERT_DISABLED = True

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: anonymous sees nothing

# --- Content-Security-Policy (django-csp 4) ----------------------------------------
# No 'unsafe-inline' anywhere: scripts need the per-request nonce
# (``<script nonce="{{ request.csp_nonce }}">``), styles come from static files only.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Media (report PDFs, imports) is never served by URL: downloads go through
# permission-checked views.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Imports with more rows than this run as a Celery job (preview and import).
IMPORT_ASYNC_ROWS = env.int("IMPORT_ASYNC_ROWS", 500)
# Hard time limit (s) of an import job; a 20 000-row file takes well under a minute.
IMPORT_TASK_TIME_LIMIT = env.int("IMPORT_TASK_TIME_LIMIT", 900)
# An XLSX upload may unpack to at most this many bytes, and no member over 1 MiB may be
# packed harder than the ratio (zip bombs); both are read from the zip directory.
IMPORT_XLSX_MAX_UNPACKED_BYTES = env.int("IMPORT_XLSX_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
IMPORT_XLSX_MAX_RATIO = env.int("IMPORT_XLSX_MAX_RATIO", 100)
# Days after which an unconfirmed preview and its uploaded file are deleted (beat task).
IMPORT_PREVIEW_RETENTION_DAYS = env.int("IMPORT_PREVIEW_RETENTION_DAYS", 7)

# --- Contract reminders ----------------------------------------------------------
# Days before a contract's sista uppsägningsdag that the systemägare is reminded
# (and again on the date).
CONTRACT_REMINDER_DAYS_BEFORE = env.int("CONTRACT_REMINDER_DAYS_BEFORE", 90)

# --- Styrdokument (governance/documents) -----------------------------------------------
# Days before a styrdokument's next revision date that its owner is reminded (once).
DOCUMENT_REVISION_REMINDER_DAYS = env.int("DOCUMENT_REVISION_REMINDER_DAYS", 60)
# Largest PDF accepted as a styrdokument.
DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# --- E-mail -----------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "IT-portalen <noreply@example.se>")

# --- Celery ------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", "")
# No broker: run tasks in-process so the embedded default needs no services.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", 360)
# The broker must not redeliver a task that is still running: the visibility timeout
# lies above every task's hard time limit (checked when a worker starts, see
# config.celery.time_limit_problems).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", max(CELERY_TASK_TIME_LIMIT, IMPORT_TASK_TIME_LIMIT) + 300
    )
}
# PDF rendering (reports, minutes) runs on its own queue, so a worker with a memory
# cap (--max-memory-per-child) can serve it; everything else uses the default queue.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_ROUTES = {
    "reports.tasks.generate_report": {"queue": "pdf"},
    "governance.tasks.generate_minutes": {"queue": "pdf"},
}
CELERY_TIMEZONE = TIME_ZONE
# The outbox (portfolio.outbox): retries with exponential backoff 5 s, 10 s, ... capped
# at 5 minutes, 12 times (about 40 minutes in all, beyond a database restart or
# failover); a row not started within 5 minutes of its last send, or whose worker
# died (hard time limit + margin), is sent again by the sweeper every minute.
OUTBOX_RETRY_BACKOFF = env.int("OUTBOX_RETRY_BACKOFF", 5)
OUTBOX_RETRY_BACKOFF_MAX = env.int("OUTBOX_RETRY_BACKOFF_MAX", 300)
OUTBOX_MAX_RETRIES = env.int("OUTBOX_MAX_RETRIES", 12)
OUTBOX_REDISPATCH_SECONDS = env.int("OUTBOX_REDISPATCH_SECONDS", 300)
OUTBOX_LEASE_MARGIN_SECONDS = env.int("OUTBOX_LEASE_MARGIN_SECONDS", 60)
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-outbox": {
        "task": "portfolio.tasks.sweep_outbox",
        "schedule": 60,
    },
    "purge-login-events": {
        "task": "portfolio.tasks.purge_login_events",
        "schedule": 24 * 60 * 60,
    },
    "send-contract-reminders": {
        "task": "portfolio.tasks.send_contract_reminders",
        "schedule": 24 * 60 * 60,
    },
    "purge-import-previews": {
        "task": "portfolio.tasks.purge_import_previews",
        "schedule": 60 * 60,
    },
    "queue-document-reminders": {
        "task": "governance.tasks.queue_document_reminders",
        "schedule": 24 * 60 * 60,
    },
}

# django-filter: the empty choice of every filter select reads "Alla".
FILTERS_EMPTY_CHOICE_LABEL = _("Alla")

# --- REST API (/api/v1/, see portfolio/api) ----------------------------------------------
# JSON only: no browsable API (its HTML forms would list related rows the policy hides).
# Token first, so an unauthenticated call answers 401 with WWW-Authenticate: Bearer.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portfolio.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "portfolio.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["portfolio.api.pagination.PortalUserRateThrottle"],
    # Requests per user (token and session alike), e.g. "2000/hour" or "30/minute".
    "DEFAULT_THROTTLE_RATES": {"user": env.str("API_RATE_USER", "2000/hour")},
    "EXCEPTION_HANDLER": "portfolio.api.base.exception_handler",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
}
# API tokens: the longest validity a user may choose (days).
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", 365)
SPECTACULAR_SETTINGS = {
    "TITLE": "IT-portalen API",
    "DESCRIPTION": (
        "Läs- och skrivgränssnitt för IT-portalens register. Varje anrop går genom "
        "portalens behörighetsregler: ett objekt du inte får se svarar 404, en åtgärd du "
        "inte får utföra svarar 403. Autentisera med en API-nyckel "
        "(`Authorization: Bearer <nyckel>`) som du skapar under API-nycklar i portalen, "
        "eller med din inloggning i webbläsaren."
    ),
    "VERSION": "1",
    # The schema is not public: it needs a signed-in user like the rest of the API.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "TAGS": [
        {"name": "Organisation", "description": "Kommuner, förvaltningar och personer."},
        {
            "name": "Systemregister",
            "description": "System, avtal, systemkostnader och leverantörer; "
            "system, avtal och kostnader kan också skapas och ändras.",
        },
        {
            "name": "Initiativ",
            "description": "Initiativ med nyttokalkyl, kostnader, finansiering och "
            "statushistorik; kan skapas, ändras och flyttas mellan statusar.",
        },
        {"name": "Prioritering", "description": "Prioriteringsomgångar och frysta rangordningar."},
        {"name": "Styrning", "description": "Råd, sammanträden och beslut."},
        {
            "name": "Rapporter",
            "description": "IT-bokslut och handlingsplaner med arkiverade filer.",
        },
        {"name": "Dokumentation", "description": "Schemat självt."},
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set where several models call a field "kind" or "status".
    "ENUM_NAME_OVERRIDES": {
        "ForvaltningKindEnum": "portfolio.choices.ForvaltningKind",
        "SystemKindEnum": "portfolio.choices.SystemKind",
        "InitiativeKindEnum": "portfolio.choices.InitiativeKind",
        "InitiativeStatusEnum": "portfolio.choices.InitiativeStatus",
        "BenefitKindEnum": "portfolio.choices.BenefitKind",
        "InitiativeCostKindEnum": "portfolio.choices.InitiativeCostKind",
        "RoundStatusEnum": "portfolio.prioritisation.models.RoundStatus",
        "JobStatusEnum": "portfolio.jobs.JobStatus",
        "CouncilKindEnum": "governance.choices.CouncilKind",
        "AgendaItemKindEnum": "governance.choices.AgendaItemKind",
        "ReportKindEnum": "reports.choices.ReportKind",
        "FileKindEnum": "reports.choices.FileKind",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/semantic.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

# --- Logging -----------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Names of variables the environment provided; production checks it.
ENV_PROVIDED = frozenset(env.provided)
