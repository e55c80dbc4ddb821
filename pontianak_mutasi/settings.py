"""Simutasi settings: one module, driven by environment variables.

Development defaults are safe to run locally (SQLite, DEBUG on). With ``DJANGO_DEBUG=false``
the settings refuse to start without a real secret key, allowed hosts and a database URL
(healthchecks' style), and turn on the HTTPS-only settings (docs/security.md).
"""

import os
from collections.abc import Mapping
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer") from exc


DEBUG = envbool("DJANGO_DEBUG", "true")


def media_storage(environ: Mapping[str, str]) -> dict:
    """STORAGES["default"]: the local folder (default) or an S3-compatible bucket.

    Media are private either way: no public ACL, and the code never hands out a storage URL
    (files leave only through access-checked views), so signed URLs are only a second lock.
    An existing name is never overwritten: a decree's PDF is kept as issued.
    """
    kind = environ.get("SIMUTASI_MEDIA_STORAGE", "local").strip().lower()
    if kind in {"", "local"}:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured("SIMUTASI_MEDIA_STORAGE must be local or s3")
    bucket = environ.get("SIMUTASI_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("SIMUTASI_S3_BUCKET is required when SIMUTASI_MEDIA_STORAGE=s3")
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        # Unset keys: boto3's own chain (AWS_* variables, an instance role) applies.
        "access_key": environ.get("SIMUTASI_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("SIMUTASI_S3_SECRET_ACCESS_KEY") or None,
        "endpoint_url": environ.get("SIMUTASI_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("SIMUTASI_S3_REGION") or None,
        "location": environ.get("SIMUTASI_S3_PREFIX", "").strip("/"),
    }
    if environ.get("SIMUTASI_S3_ADDRESSING_STYLE"):
        # MinIO and some other S3-compatible servers want "path".
        options["addressing_style"] = environ["SIMUTASI_S3_ADDRESSING_STYLE"]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


DEV_SECRET_KEY = "dev-only-insecure-key-simutasi"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY):
    # A copied development key would sign production sessions with a published secret.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is false (and must not be the "
        "development key)"
    )
SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()
]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG is false")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django_filters",
    "django_htmx",
    "django_fsm",
    "django_tasks_db",
    "import_export",
    "axes",
    "simple_history",
    "pontianak_mutasi",
    "instansi",
    "pegawai",
    "mutasi",
]

MIDDLEWARE = [
    # First: a request id for every log line and response, and one log line per request.
    "pontianak_mutasi.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (SECURE_CSP below).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "pontianak_mutasi.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required (defence in
    # depth: a new view cannot be public by accident).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Puts the request in a thread-local so every history row written during it records
    # the logged-in user (docs/audit.md).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # AxesMiddleware should be last: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pontianak_mutasi.urls"
WSGI_APPLICATION = "pontianak_mutasi.wsgi.application"

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
                "pontianak_mutasi.context_processors.roles",
            ],
        },
    },
]

# Form widgets render through the project's templates, so templates/django/forms/ can override
# Django's (a select with its options inline: faster with long agency lists).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DEBUG and not DATABASE_URL:
    # Production silently writing to a SQLite file next to the code would lose data.
    raise ImproperlyConfigured("DATABASE_URL is required when DJANGO_DEBUG is false")
DATABASES = {
    # SQLite is the embedded default; DATABASE_URL=postgres://… selects PostgreSQL.
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections in production: a new one per request costs its setup and a
        # cold catalogue cache (slower planning) on every page. Checked before reuse.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# PostgreSQL session settings for this workload (`make bench`, docs/benchmarks.md): SSD-like
# random reads (the trigram and other indexes get chosen: name search 44 → 15 ms), room for the
# reports' hashed sets in memory, and no JIT (compiling cost more than it saved on every report
# query). Sent at connection start; DATABASE_PG_OPTIONS="" sends nothing (e.g. behind a
# pgbouncer that refuses startup options: set them on the server instead, deploy/README.md).
PG_OPTIONS = os.environ.get(
    "DATABASE_PG_OPTIONS", "-c jit=off -c random_page_cost=1.1 -c work_mem=16MB"
).strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and PG_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", PG_OPTIONS)

# SQLite (the embedded default) has no covering indexes: the column an index INCLUDEs for
# PostgreSQL (mutasi's usulan_tujuan_terbuka_cov) is left out there and the index still
# serves its key columns, which is all SQLite's small databases need.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# An optional read replica for the dashboard and reports only (pontianak_mutasi/db_router.py):
# every other read stays on the primary, so users see what they just saved.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
    if PG_OPTIONS:
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("options", PG_OPTIONS)
    # A test run creates no second database: the alias reads the test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["pontianak_mutasi.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "pontianak_mutasi.User"

AUTHENTICATION_BACKENDS = [
    # AxesBackend must come first so a locked-out login never reaches the password check.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the permission reads kept between requests (pontianak_mutasi/akses.py).
    "pontianak_mutasi.akses.AksesBackend",
]

# Applied by the password forms (change, admin); the demo seed sets passwords directly.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("DJANGO_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a username + IP pair after 5 failures for one hour. The pair, not the
# username alone: otherwise anyone could lock a colleague out by typing wrong passwords.
# The address is REMOTE_ADDR (axes' default), like the public rate limits (docs/lacak.md).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours; the lockout page says "one hour"
# One hour from the fifth failure, as the page says: trying again while locked (the likeliest
# thing a locked-out colleague does) must not restart the clock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Over-long or NUL-bearing usernames would reach axes' varchar(255) as typed (a 500 on
# PostgreSQL): record the first 150 characters without NULs (pontianak_mutasi/axes_username.py).
AXES_USERNAME_CALLABLE = "pontianak_mutasi.axes_username.axes_username"

LANGUAGE_CODE = "id"
# Indonesian only: the locale middleware must not switch to English because a browser
# prefers it. (The test settings add English so tests can assert on the source strings.)
LANGUAGES = [("id", _("Indonesian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Pontianak"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# In development whitenoise serves straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded documents and decrees are private: they live outside any public URL and are
# served only by views that check access. With SIMUTASI_MEDIA_STORAGE=s3 they live in a
# private bucket instead (media_storage above); MEDIA_ROOT is then unused.
MEDIA_ROOT = Path(os.environ.get("SIMUTASI_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = None

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# The cache carries what several processes must share: the live progress of background jobs
# (written by the task worker, read by the web server while the job's own transaction is still
# open — on SQLite that transaction holds the only write lock) and the public verification
# rate limit. So it must be cross-process: Redis in production (REDIS_URL), files on this host
# by default. A per-process memory cache would show no progress at all.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "simutasi",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("SIMUTASI_CACHE_DIR", str(BASE_DIR / ".cache" / "django")),
            # Culling lists the folder on every write past this; keep it well above the
            # handful of progress and rate-limit entries alive at once.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Django 6.1 mailers: console output in development, SMTP (EMAIL_HOST etc.) in production.
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if os.environ.get("EMAIL_HOST"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ["EMAIL_HOST"],
        "port": envint("EMAIL_PORT", 587),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": envbool("EMAIL_USE_TLS", "true"),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "simutasi@kalbarprov.go.id")

IMPORT_EXPORT_USE_TRANSACTIONS = True  # any error rolls back the whole file
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Sessions end after one working day, or when the browser closes, whichever comes first.
SESSION_COOKIE_AGE = envint("DJANGO_SESSION_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Read from the shared cache, written through to the database: no session query on a page
# (Django's cached_db backend; a cache flush or restart only costs a database read).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Security headers, in every environment (docs/security.md).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only our own files: no inline script or style, no eval (htmx-config sets allowEval false),
# no plugins, no framing, no data: images (the decree's QR code is a data: URI only inside the
# PDF, which WeasyPrint renders on the server).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

if not DEBUG:
    # Behind a TLS-terminating proxy that sets (and overwrites) X-Forwarded-Proto. Set it to
    # false when Django sees HTTPS directly, or the header could be forged by a client.
    if envbool("DJANGO_SECURE_PROXY_SSL_HEADER", "true"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", "true")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", "true")

# Human-readable lines by default; DJANGO_LOG_FORMAT=json writes one JSON object per line
# (python-json-logger) for journald/a log shipper. Every line carries the request id
# (RequestIdMiddleware), and each request logs one "simutasi.request" line with its method,
# path, status, duration and user.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "pontianak_mutasi.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,  # ISO 8601, UTC
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools log every layout step at INFO: a decree would write dozens
    # of lines. Their warnings (a missing font, a bad image) still come through.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Domain parameters (DOMAIN.md). Values that regulations leave open or change often are
# settings with environment overrides, never literals in code.
SIMUTASI = {
    # PermenPANRB 1/2020 practice: 1,250 effective hours per year.
    "EFFECTIVE_MINUTES_PER_YEAR": envint("SIMUTASI_EFFECTIVE_MINUTES_PER_YEAR", 75_000),
    # Efektivitas jabatan grades, checked top-down: (grade, lower bound, bound is exclusive).
    # A > 1.00, B 0.90–1.00, C 0.70–0.89, D 0.50–0.69, E < 0.50 (Permendagri 12/2008 style).
    "EJ_GRADES": [
        ("A", "1.00", True),
        ("B", "0.90", False),
        ("C", "0.70", False),
        ("D", "0.50", False),
        ("E", "0", False),
    ],
    "MIN_YEARS_IN_POSITION": envint("SIMUTASI_MIN_YEARS_IN_POSITION", 2),
    "ROTATION_DUE_YEARS": envint("SIMUTASI_ROTATION_DUE_YEARS", 5),
    "BUP_WARNING_YEARS": envint("SIMUTASI_BUP_WARNING_YEARS", 1),
    "PROVINCE_CODE": "61",
    # Decree numbers: classification/sequence/unit/year (800.1.3 = Mutasi Pegawai,
    # Permendagri 83/2022). {seq} is the year's sequence, {year} the year of enactment.
    "SK_NUMBER_PATTERN": os.environ.get(
        "SIMUTASI_SK_NUMBER_PATTERN", "800.1.3/{seq:04d}/BKD/{year}"
    ),
    # Collective decrees with more employees than this render in the background task worker.
    "SK_INLINE_MAX": envint("SIMUTASI_SK_INLINE_MAX", 10),
    # Printed in the QR code and beside it: where anyone can verify a decree.
    "PUBLIC_BASE_URL": os.environ.get("SIMUTASI_PUBLIC_BASE_URL", "http://127.0.0.1:8000"),
    # Public verification page: requests per minute per client address.
    "VERIFY_RATE_PER_MINUTE": envint("SIMUTASI_VERIFY_RATE_PER_MINUTE", 30),
    # Public tracking page (/lacak/): lookups (POSTs) per minute per client address. Low,
    # because each lookup is a guess at an NIP and proposal number pair.
    "TRACK_RATE_PER_MINUTE": envint("SIMUTASI_TRACK_RATE_PER_MINUTE", 10),
    # Background jobs (docs/tugas.md): the largest spreadsheet the employee import accepts,
    # and how long a running job may go without a sign of life before it may be retried
    # (the worker died with it).
    "IMPORT_MAX_MB": envint("SIMUTASI_IMPORT_MAX_MB", 20),
    "TUGAS_STALE_MINUTES": envint("SIMUTASI_TUGAS_STALE_MINUTES", 30),
    # Home page and dashboard: a proposal waiting in a queue longer than this is overdue.
    # Policy, not regulation (BKN's own service standard is 15 working days).
    "QUEUE_OVERDUE_DAYS": envint("SIMUTASI_QUEUE_OVERDUE_DAYS", 14),
    # Dashboard figures are kept per scope; older than this many seconds they are still
    # shown while the task worker computes new ones (pontianak_mutasi/cache_segar.py); the
    # page says when they were computed. 0: computed on every visit.
    "DASHBOARD_CACHE_SECONDS": envint("SIMUTASI_DASHBOARD_CACHE_SECONDS", 300),
    # Recommendations: a position's ranked candidate pool (who is worth scoring) is kept and
    # refreshed in the background once older than this; who is still movable and the exact
    # scores are read fresh on every request. 0: ranked on every request.
    "RECOMMEND_POOL_SECONDS": envint("SIMUTASI_RECOMMEND_POOL_SECONDS", 900),
    # The approval queue, proposal list and gap table: a user's page is kept and served again
    # until any write to the database (pontianak_mutasi/cache_halaman.py), for at most this
    # many seconds (the limit only matters for writes made outside Django). 0: off.
    "PAGE_CACHE_SECONDS": envint("SIMUTASI_PAGE_CACHE_SECONDS", 600),
    # A user's groups and permissions are kept until any write to users, groups or
    # permissions (pontianak_mutasi/akses.py), for at most this many seconds (the limit only
    # matters for writes made outside Django). 0: read on every request.
    "ACCESS_CACHE_SECONDS": envint("SIMUTASI_ACCESS_CACHE_SECONDS", 600),
    # Agencies, units and positions (with what a position requires) are kept until any write
    # to them (instansi/referensi.py), for at most this many seconds. 0: read every time.
    "REFERENCE_CACHE_SECONDS": envint("SIMUTASI_REFERENCE_CACHE_SECONDS", 600),
}
