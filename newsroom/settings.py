"""
Settings for Newsroom, read from the environment.

DATABASE_URL    database to use; SQLite file db.sqlite3 beside manage.py when unset
SECRET_KEY      required unless DEBUG is on (make run turns DEBUG on)
DEBUG           "1"/"true" to turn debugging on; off by default
ALLOWED_HOSTS   comma-separated host names; localhost names when DEBUG is on
CORS_ALLOWED_ORIGINS  comma-separated origins allowed to GET the API from a browser
API_ANON_RATE   request rate for anonymous API clients, e.g. "120/minute" (the default)
TIME_ZONE       zone for display in the admin; storage is always UTC
CACHE_URL       shared cache: redis://host:port/db, db (a database table) or locmem (default)
CONN_MAX_AGE    seconds to keep a database connection (default 60, 0 with DEBUG)
DATABASE_REPLICA_URLS  comma-separated replicas of DATABASE_URL for public reads
REPLICA_PIN_SECONDS    how long a client's reads stay on the primary after it writes (30)
POSTGRES_SESSION_OPTIONS  settings sent with each PostgreSQL connection (see below)
MAX_CONCURRENT_REQUESTS  requests a process runs at once (2; 0 for no limit)
REQUEST_QUEUE_SECONDS  how long a request waits for its turn before a 503 (3)
PAGE_CACHE_SECONDS     how long anonymous public pages are served from the cache (60; 0 for never)
PUBLIC_QUERY_TIMEOUT   seconds each statement of a public read may take (5; 0 for none)
SQLITE_CACHE_MB        page cache of each SQLite connection, in MB (64)
STATIC_ROOT     where collectstatic puts static files (default staticfiles/)
PUBLIC_BASE_URL the site's address as clients see it, for links in webhook bodies
                (default http://127.0.0.1:8000)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES  "1" to let webhooks go to loopback and private
                addresses (on by default with DEBUG; off in production: SSRF guard)
WEBHOOK_MAX_ATTEMPTS  tries before a delivery is marked dead (12)
WEBHOOK_RETRY_BASE_SECONDS / WEBHOOK_RETRY_MAX_SECONDS  first retry delay, doubling
                up to the cap (10 s and 6 h: 12 tries span about 6 hours)
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


DEBUG = env_bool("DEBUG")

# Without a key (and DEBUG off), commands that sign nothing still run (makemigrations,
# collectstatic); Django refuses the first use of the empty key, `check --deploy` reports
# it (newsroom.checks) and the WSGI and ASGI applications refuse to start (newsroom.security).
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Local development only: DEBUG is on, so this key never protects real data.
    SECRET_KEY = "newsroom-local-development-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    # django.contrib.admin with a site that guards protected fields in every admin.
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "axes",
    "csp",
    "newsroom",
    "actors",
    "articles",
    "newsroom.search",
    "newsroom.changes",
]

MIDDLEWARE = [
    # Sheds load: a few requests at a time per process, 503 after a short wait (newsroom/shedding.py).
    "newsroom.shedding.ConcurrencyLimitMiddleware",
    # With DEBUG on, the project's 404 page rather than Django's technical one.
    "newsroom.middleware.ProjectNotFoundMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Public reads from a read replica when DATABASE_REPLICA_URLS names any.
    "newsroom.replicas.ReplicaReadsMiddleware",
    # Public reads: each statement stopped after PUBLIC_QUERY_TIMEOUT, with a 503 page.
    "newsroom.deadline.PublicQueryDeadlineMiddleware",
    # A NUL byte in the address or a query parameter: 400 before any view or query runs.
    "newsroom.middleware.RejectNulMiddleware",
    # ETag on GET responses; answers If-None-Match with 304 Not Modified.
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous public pages from the shared cache until the next save (newsroom/pagecache.py).
    "newsroom.pagecache.PageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.security.NewsroomCSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "newsroom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# Persistent connections: each gunicorn thread keeps its connection between requests
# (checked before reuse) instead of connecting anew each time. Off with DEBUG, because
# the development server starts a thread per request and would leak them.
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "60"))


# PostgreSQL settings for each connection: no JIT compilation (it costs 20 ms on a query
# the planner merely guesses is large, and pays off only for reports), and index reads
# priced for SSD storage (the default prices them for spinning disks, so the planner scans
# whole tables to count a round's 400 quotes: 120 ms instead of 30 ms at 100,000 quotes).
POSTGRES_SESSION_OPTIONS = os.environ.get("POSTGRES_SESSION_OPTIONS", "-c jit=off -c random_page_cost=1.1")


def database_from_url(url):
    database = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=CONN_MAX_AGE > 0)
    if database["ENGINE"] == "django.db.backends.postgresql" and POSTGRES_SESSION_OPTIONS:
        database.setdefault("OPTIONS", {})["options"] = POSTGRES_SESSION_OPTIONS
    return database


DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}

# Read replicas of that database (newsroom/replicas.py): public reads go to one of them.
# In tests each stands for the primary itself (Django's test mirror).
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    alias = f"replica_{number}"
    DATABASES[alias] = database_from_url(url) | {"TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(alias)
DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
# Requests one process runs at once (0: no limit), and how long a request waits for its
# turn before a 503; gunicorn's threads (gunicorn.conf.py) hold the others meanwhile.
MAX_CONCURRENT_REQUESTS = int(os.environ.get("MAX_CONCURRENT_REQUESTS", "2"))
REQUEST_QUEUE_SECONDS = float(os.environ.get("REQUEST_QUEUE_SECONDS", "3"))
# Seconds an anonymous public page is served from the cache; any save forgets them all (0: off).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# PostgreSQL: how far back from the latest index entry the search page walks the entries
# one by one for its window of latest matches before reading them all through the
# GIN index instead (newsroom/search/postgres.py).
SEARCH_RECENT_ENTRIES = int(os.environ.get("SEARCH_RECENT_ENTRIES", "20000"))
SQLITE_CACHE_MB = int(os.environ.get("SQLITE_CACHE_MB", "64"))
# Seconds each database statement of a public read may take (0: no limit).
PUBLIC_QUERY_TIMEOUT = float(os.environ.get("PUBLIC_QUERY_TIMEOUT", "5"))
# After a client writes, its reads stay on the primary this long (replication lag).
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "30"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer instead of failing with "database is locked", and
    # take the write lock when a transaction begins: a transaction that read and then
    # writes cannot be refused halfway (two admin saves racing each other queue up,
    # and the second is told someone saved first, as on PostgreSQL).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    # SQLite's page cache is 2 MB by default: an insert into a million-row table's
    # indexes then reads most pages again. It grows only as it is used.
    DATABASES["default"]["OPTIONS"]["init_command"] = f"PRAGMA cache_size=-{SQLITE_CACHE_MB * 1024}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def caches_from_url(url):
    """
    CACHES for CACHE_URL: the cache every worker and machine shares, so throttles and
    cached counts agree. redis://host:port/db is Redis (production); "db" is a table in
    the database (the fallback: create it with `manage.py createcachetable`); "locmem"
    (the default) keeps a cache per process, enough for one process in development.
    """
    if url.startswith(("redis://", "rediss://", "unix://")):
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif url == "db":
        backend = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "newsroom_cache"}
    elif url in ("", "locmem"):
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    else:
        raise ImproperlyConfigured(f"CACHE_URL {url!r}: use redis://host:port/db, db or locmem.")
    return {"default": {**backend, "KEY_PREFIX": "newsroom"}}


CACHES = caches_from_url(os.environ.get("CACHE_URL", ""))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    # django-axes logs every login at INFO; its warnings (lockouts) are what matter.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Read API (/api/v1/): read-only, anonymous, JSON.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["newsroom.api.throttling.AnonymousThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "newsroom.api.pagination.NewsroomPagination",
    "DEFAULT_SCHEMA_CLASS": "newsroom.api.schema.NewsroomAutoSchema",
    "UNAUTHENTICATED_USER": None,
}
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")

# Webhooks (newsroom.changes.delivery, run by manage.py deliver_webhooks).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", DEBUG)
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "12"))
WEBHOOK_RETRY_BASE_SECONDS = float(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "10"))
WEBHOOK_RETRY_MAX_SECONDS = float(os.environ.get("WEBHOOK_RETRY_MAX_SECONDS", str(6 * 3600)))
WEBHOOK_TIMEOUT_SECONDS = 10
# A worker that claimed a delivery and died leaves it to be tried again after this.
WEBHOOK_LEASE_SECONDS = float(os.environ.get("WEBHOOK_LEASE_SECONDS", "60"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom read API",
    "DESCRIPTION": (
        "Published articles, their quotes and speakers, actors, and negotiation processes "
        "and rounds. Read-only and anonymous. Only published articles out of embargo, and "
        "their quotes, are ever returned. Lists are paginated by page number (`page`, "
        "`page_size` up to 200) or, for a full sync, by cursor (pass `cursor` empty to "
        "start, then follow `next`). Responses carry an ETag: send it back in "
        "If-None-Match to get 304 Not Modified when nothing changed.\n\n"
        "**Keeping a copy.** `/api/v1/changes/` lists every change to public records in order "
        "(fetch again, or remove: withdrawn, embargoed, deleted, merged, renamed); see that "
        "operation for a full sync followed by incremental ones.\n\n"
        "**Webhooks.** Staff can register a receiver (Admin › Changes feed and webhooks › "
        "Subscriptions). Each change is POSTed to it as JSON, the same object as one entry of "
        "`/api/v1/changes/` `results`, with the headers `Newsroom-Event-Id` (the change's `id`) and "
        "`Newsroom-Signature: t=<unix time>,v1=<hex>`, where v1 is HMAC-SHA256, keyed with the "
        "subscription's secret, of the bytes `<t>.<raw body>`. Check it in constant time and refuse a "
        "`t` more than 300 seconds from your clock (replays). Answer any 2xx to acknowledge; "
        "anything else, or no answer within 10 seconds, is retried with a doubling delay (10 s "
        "first, capped at 6 h) up to 12 attempts, after which the delivery is marked dead for "
        "staff to send again. Delivery is at least once and not in order: deduplicate by `id` and "
        "order by `sequence`."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "actors.models.ActorKind",
        "RoundStatusEnum": "articles.models.RoundStatus",
        "QuoteKindEnum": "articles.models.QuoteKind",
        "ChannelEnum": "articles.models.Channel",
        "DatePrecisionEnum": "newsroom.dates.DatePrecision",
        "ParticipantRoleEnum": "articles.models.ParticipantRole",
    },
}

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag"]

# Hardening. Secure by default whenever DEBUG is off; each can be set from the
# environment (e.g. SECURE_SSL_REDIRECT=0 behind a proxy that already redirects).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER"):
    # Only behind a proxy that sets X-Forwarded-Proto and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content security policy: scripts and styles from this site only, never inline.
# (newsroom.security relaxes inline styles for the admin and the API docs page.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Admin login: lock out a username and address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SIMPLE_HISTORY_REVERT_DISABLED = False
