"""Settings for lac, read from the environment.

One module for every deployment: development defaults are safe and need no
configuration; production (``LAC_ENV=production`` or ``DEBUG`` off) refuses to
start without the secrets it needs.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import csp.constants
import dj_database_url

from lac.lib.private_files import (
    FILE_MODE,
    FOLDER_MODE,
    private_folder,
    private_sqlite_database,
    write_private,
)

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable strictly, so a typo fails loudly."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name}: expected true or false, got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name}: expected a whole number, got {raw!r}") from exc


PRODUCTION = os.environ.get("LAC_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
DATA_DIR = Path(os.environ.get("LAC_DATA_DIR", BASE_DIR / "data"))


def development_secret_key() -> str:
    """Keep one generated key per checkout, so sessions survive restarts."""
    private_folder(DATA_DIR)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        write_private(key_file, secrets.token_urlsafe(50).encode())
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set in production (LAC_ENV=production)")
    SECRET_KEY = development_secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "lac.audit.admin_config.LacAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "csp",
    # Before django_tasks_db, so that `lac db_worker` is lac.jobs' worker that reconnects.
    "lac.jobs",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "lac.submissions",
    "lac.accounts",
    "lac.backups",
    "lac.people",
    "lac.selfservice",
    "lac.casework",
    "lac.audit",
    "lac.disclosures",
    "lac.community",
    "lac.outcomes",
    "lac.stories",
    "lac.safety",
    "lac.imports",
    "lac.evaluation",
    "lac.welcome",
    "lac.reports",
    "lac.api",
    "lac.web",
    "lac.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "lac.accounts.middleware.PermissionsPolicyMiddleware",
    "lac.accounts.middleware.CommittedSaveSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lac.accounts.language.PreferredLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lac.audit.middleware.AuditShownMiddleware",
    "lac.accounts.middleware.SessionTimeLimitsMiddleware",
    "lac.accounts.middleware.DraftDiscardMiddleware",
    "lac.outcomes.middleware.DeflatorsOncePerRequestMiddleware",
    "lac.outcomes.middleware.PriceYearNotCoveredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lac.accounts.two_factor.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "lac.web.middleware.MergedRecordRedirectMiddleware",
]

ROOT_URLCONF = "lac.urls"
WSGI_APPLICATION = "lac.wsgi.application"
# Every form renders as GOV.UK components, its errors naming the field (lac/web/forms).
FORM_RENDERER = "lac.web.forms.renderer.GovukFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lac.web.context_processors.navigation",
                "lac.accounts.language.language_switch",
                "lac.web.context_processors.session_timeout",
                "lac.web.context_processors.visit_under_way",
            ],
            # Money and counts shown one way on every page (lac.lib.money, lac.lib.disclosure).
            "builtins": ["lac.web.templatetags.numbers"],
        },
    }
]


def database_config(url: str | None) -> dict[str, Any]:
    """SQLite under the data directory unless ``url`` (DATABASE_URL) names another database."""
    config: dict[str, Any]
    if url:
        # Pooled connections are checked before each request reuses them, so
        # a database restart costs a reconnect, not a failed request.
        config = dict(
            dj_database_url.parse(
                url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
            )
        )
    else:
        private_sqlite_database(private_folder(DATA_DIR) / "lac.sqlite3")
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "lac.sqlite3")}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers carry on while one writer writes; IMMEDIATE avoids
        # "database is locked" upgrades inside transactions. secure_delete zeroes
        # what a change or deletion frees, so an erased name is not left in the
        # file's free pages for a backup to copy.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
                "PRAGMA secure_delete=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    elif "postgresql" in str(config["ENGINE"]):
        # PostgreSQL's JIT compiler spends half a second compiling the
        # network figures' plans, which run in less: lac's queries are all
        # short, so it only ever costs. (The same advice as for most web apps.)
        options = dict(config.get("OPTIONS") or {})
        options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
        config["OPTIONS"] = options
    return config


DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"))}
# A read replica (streaming replication) for the aggregate pages' reads: the
# dashboard, the network comparison and their files (lac.lib.replica). Writes,
# and every other read, stay on the primary. Tests make it the primary again.
LAC_READ_REPLICA = ""
if replica_url := os.environ.get("DATABASE_REPLICA_URL"):
    LAC_READ_REPLICA = "replica"
    DATABASES["replica"] = {**database_config(replica_url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["lac.lib.replica.ReplicaRouter"]

# Kept figures (lac.reports.figures_cache) and charts of old runs: Redis when
# REDIS_URL is set, shared by every web process and machine, so a change is
# counted once, not once per process; otherwise each process's own memory.
# A cache that cannot be reached is a miss, never an error (IGNORE_EXCEPTIONS).
if redis_url := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "lac"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }

# Background work (PDFs, large extracts, big simulations): the django-tasks
# backport with its database backend, run by `lac db_worker`; no extra server.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Optional notifications by email (an overdue visit, a new introduction to
# welcome): off unless EMAIL_HOST is set. They never carry personal data, only
# a prompt to sign in (lac.lib.notify). No email server is assumed.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lac@localhost")
LAC_SITE_URL = os.environ.get("LAC_SITE_URL", "").rstrip("/")

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses locked-out sign-ins before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a period without activity, SESSION_COOKIE_AGE after
# signing in however busy (see SessionTimeLimitsMiddleware), and when the
# browser closes. The last-seen time is written at most this often.
SESSION_INACTIVITY_SECONDS = env_int("SESSION_INACTIVITY_SECONDS", 30 * 60)
# The GOV.UK timeout warning opens this long before the inactivity sign-out.
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 2 * 60)
# What someone typed into a recording form and had not saved is kept against
# them this long (then deleted), so a sign-out never loses a visit's notes.
LAC_DRAFT_KEEP_HOURS = env_int("DRAFT_KEEP_HOURS", 72)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
LAC_LAST_SEEN_RESOLUTION_SECONDS = env_int("LAST_SEEN_RESOLUTION_SECONDS", 2 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
# English and Welsh (Welsh Language Standards): each user's preference, or the
# language chosen with the switch in the header, or the browser's.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "lac" / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even before collectstatic
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("autocomplete", BASE_DIR / "node_modules" / "accessible-autocomplete" / "dist"),
]
STATICFILES_STORAGE_BACKEND = (
    "lac.web.storage.ModuleAwareStaticFilesStorage"
    if PRODUCTION
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": STATICFILES_STORAGE_BACKEND},
}
MEDIA_ROOT = DATA_DIR / "media"
# Report files hold programme data: readable by lac's user alone (see lac.lib.private_files).
FILE_UPLOAD_PERMISSIONS = FILE_MODE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = FOLDER_MODE

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sign-in throttling (django-axes, lac/accounts/throttling.py): after this many
# failed passwords for one username (from anywhere) signing in to it is locked
# until the lock expires (NCSC: about ten attempts); one address is locked
# after the higher address limit of failures at any usernames (a council office
# shares one address). A successful sign-in clears the failures against that
# username only, never those against other accounts from the same address.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 10)
LAC_SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 50)
AXES_HANDLER = "lac.accounts.throttling.SignInAttempts"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Reverse proxies in front of lac (production assumes one: see SECURE_PROXY_SSL_HEADER).
LAC_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)
AXES_CLIENT_IP_CALLABLE = "lac.accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "lac.accounts.views.locked_out"
AXES_VERBOSE = False

# Two-factor sign-in (django-otp, TOTP): always for managers, leads,
# evaluators, network viewers and administrators (lac/accounts/two_factor.py);
# for coordinators only when this is on.
LAC_TWO_FACTOR_REQUIRED_FOR_COORDINATORS = env_bool("TWO_FACTOR_REQUIRED_FOR_COORDINATORS", False)
# The admin never shows a device's key or its QR code (see lac.accounts.admin_site).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "Local Area Coordination")

# Passkeys (django-otp-webauthn) as a second factor, offered to every role: a
# phone's fingerprint or face unlock, or a security key, instead of a code.
# Bound to the site's domain (PASSKEY_DOMAIN: the first host name in
# ALLOWED_HOSTS by default) and accepted only from PASSKEY_ORIGINS.
PASSKEY_DOMAIN = os.environ.get(
    "PASSKEY_DOMAIN",
    next((h for h in ALLOWED_HOSTS if h[:1].isalpha() and h != "testserver"), "localhost"),
)
OTP_WEBAUTHN_RP_ID = PASSKEY_DOMAIN
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "PASSKEY_ORIGINS",
    [f"https://{PASSKEY_DOMAIN}"] if PRODUCTION else ["http://localhost:8000"],
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # after the password, never instead of it

# Spreadsheet imports (lac/imports/limits.py): what lac reads, checked before
# the reader loads anything, so one file cannot take a worker's memory or time.
LAC_IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 20)
LAC_IMPORT_MAX_UNZIPPED_MB = env_int("IMPORT_MAX_UNZIPPED_MB", 150)
LAC_IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
LAC_IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
# Excel's own most in one cell: a longer note than a record keeps (lac/lib/rules/lengths.py)
# is then refused on its row, naming its column, not by failing the whole file.
LAC_IMPORT_MAX_CELL_CHARACTERS = env_int("IMPORT_MAX_CELL_CHARACTERS", 32_767)
# Imports waiting for (or on) the worker: at most this many per person and per programme.
LAC_IMPORT_MAX_QUEUED_PER_USER = env_int("IMPORT_MAX_QUEUED_PER_USER", 2)
LAC_IMPORT_MAX_QUEUED_PER_PROGRAMME = env_int("IMPORT_MAX_QUEUED_PER_PROGRAMME", 5)
# The same cap for background reports (PDFs, extracts, social value runs).
LAC_REPORT_MAX_QUEUED_PER_USER = env_int("REPORT_MAX_QUEUED_PER_USER", 3)
LAC_REPORT_MAX_QUEUED_PER_PROGRAMME = env_int("REPORT_MAX_QUEUED_PER_PROGRAMME", 10)

# Retention (lac/people/retention.py): a closed person's record is due for
# erasure this many years after closure (six: the Limitation Act period and
# the usual council schedule); `lac retention --apply` anonymises the records
# due, or every run does when the council's policy says so.
LAC_RETENTION_YEARS = env_int("RETENTION_YEARS", 6)
LAC_RETENTION_AUTO_ERASE = env_bool("RETENTION_AUTO_ERASE", False)
# Introductions declined or never decided (lac/welcome/retention.py): their personal
# details are erased this many days after they arrived, by `lac forget_introductions`.
LAC_UNWELCOMED_KEEP_DAYS = env_int("UNWELCOMED_INTRODUCTION_DAYS", 365)
# Risk flags (lac/safety): a flag is due for review this many months after it was set
# or last kept, and listed for its coordinator and managers until someone reviews it.
LAC_FLAG_REVIEW_MONTHS = env_int("FLAG_REVIEW_MONTHS", 6)

# Content Security Policy (django-csp 4): scripts and styles only from our own
# files, never inline. Inline style *attributes* are allowed (charts drawn as
# SVG use them; they cannot run code). No framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF],
        "style-src": [csp.constants.SELF],
        "style-src-attr": [csp.constants.UNSAFE_INLINE],
        "img-src": [csp.constants.SELF, "data:"],
        "font-src": [csp.constants.SELF],
        "connect-src": [csp.constants.SELF],
        "object-src": [csp.constants.NONE],
        "base-uri": [csp.constants.NONE],
        "form-action": [csp.constants.SELF],
        "frame-ancestors": [csp.constants.NONE],
    }
}
# Browser features the site never uses are switched off (geolocation stays
# available to our own pages for "near here" in the community directory).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "camera": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Every sign-in is in axes' access log table; log only repeated failures and lock-outs.
        "axes": {"level": "WARNING"},
        # A request naming a host we do not serve (scanners, mostly) gets a 400
        # page; a traceback in the error log for each would bury real errors.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        # The postcode parser (lac/lib/rules/contact.py) logs every postcode it cannot
        # read, with the postcode: personal data in the log, and a refusal is not an error.
        "uk_postcodes_parsing": {"handlers": [], "propagate": False},
    },
}

# Disclosure control (lac/lib/disclosure.py): roles that see aggregates only
# (evaluators, network viewers) see counts from 1 to this less one as "<5",
# and figures that would give one away as "[c]", on every page, file and API
# route. Five is the usual rule for published statistics about people.
LAC_SUPPRESSION_THRESHOLD = env_int("SUPPRESSION_THRESHOLD", 5)
if LAC_SUPPRESSION_THRESHOLD < 2:
    raise ValueError("SUPPRESSION_THRESHOLD: must be 2 or more (1 would hide nothing)")
