"""Settings: read from environment variables only (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

from vredvakt.lib.env import env_bool, env_int, env_list, env_str
from vredvakt.ops.logs import logging_config

# Lets admin classes be written ModelAdmin[Model] for mypy.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY and (DEBUG or env_bool("VREDVAKT_INSECURE_DEMO", False)):
    SECRET_KEY = "insecure-demo-key-never-use-in-production"
# Commands that sign nothing (help, migrate, import …) run without a key; the
# web server refuses to start without one (config/wsgi.py, `vredvakt serve`).
SECRET_KEY_MISSING = not SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",  # counts failed sign-ins in the database (vredvakt/accounts/throttle.py)
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # serves Swagger UI from our own static files, not a third-party CDN
    "vredvakt.lib",  # no models: its strings (human times) have their own catalogue
    "vredvakt.ops",  # request ids, JSON logs, /metrics (docs/deploy.md)
    "vredvakt.accounts",
    "vredvakt.audit",
    "vredvakt.routine_versions",
    "vredvakt.clients",
    "vredvakt.locks",
    "vredvakt.oncall",
    "vredvakt.keys",
    "vredvakt.jobs",
    "vredvakt.cases",
    "vredvakt.outages",
    "vredvakt.deviations",
    "vredvakt.notifications",
    "vredvakt.imports",
    "vredvakt.demo",
    "vredvakt.retention",
    "vredvakt.reports",  # statistics and charts, #15
    "vredvakt.front",
]

MIDDLEWARE = [
    # First: its request id and timing cover every layer below (vredvakt/ops).
    "vredvakt.ops.middleware.RequestContextMiddleware",
    # Answers a page asks for more than once are read once per request (#16).
    "vredvakt.lib.request_memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The database unreachable: 503 + Retry-After, not a 500 and a traceback (#16).
    "vredvakt.lib.unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vredvakt.front.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL in the query string: 400 with a message, not a 500 on PostgreSQL.
    "vredvakt.lib.null_characters.RefuseNullCharactersMiddleware",
    # Every audit entry written while serving a request records where it came from.
    "vredvakt.audit.context.AuditOriginMiddleware",
    "vredvakt.accounts.no_store.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "vredvakt.accounts.idle.IdleTimeoutMiddleware",
    # Last: turns a lockout flagged during the sign-in into the sign-in page with a message.
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
                "vredvakt.front.context_processors.shell",
                "vredvakt.notifications.context_processors.inbox",
            ],
        },
    },
]

DATA_DIR = Path(env_str("VREDVAKT_DATA_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'vredvakt.sqlite3'}")
# Persistent connections: a web process or worker reuses its connection for this
# many seconds (0: a new one per request, as behind PgBouncer in transaction mode)
# instead of paying PostgreSQL's connection start-up on every page (#16).
# Health checks: a connection kept across requests that broke while the database
# restarted is replaced on the next request instead of failing it (#16).
DB_CONN_MAX_AGE = env_int("DB_CONN_MAX_AGE", 600)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=DB_CONN_MAX_AGE, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the web and the worker read while the other writes; IMMEDIATE
    # takes the write lock up front so concurrent writers wait instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Parameters bound on the server, and a statement prepared once it has run
    # this many times on a connection: PostgreSQL then plans each of a page's
    # queries once per connection instead of parsing new text on every request
    # (half its CPU per page; #16).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=2
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Applied where a password is chosen (admin, password forms, set_password with
# validate_password); Django ships their Swedish messages.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked.
    "vredvakt.accounts.throttle.ThrottledSignInBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "front:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)
# Signed out after this many seconds without a request (0: never); phones are
# shared between shifts (vredvakt/accounts/idle.py).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 15 * 60)

# Failed sign-ins (vredvakt/accounts/throttle.py): this many for one username
# from one address lock that pair out for LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "vredvakt.accounts.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "vredvakt.lib.client_address.client_ip"
AXES_VERBOSE = False
# Sign-ins and sign-outs are in the audit trail already; a second log of them
# would be one more store of addresses to purge.
AXES_DISABLE_ACCESS_LOG = True
# The second factor (vredvakt/accounts/second_factor.py): a TOTP code from an app
# for administrators, operations managers and needs assessors, or for everyone.
OTP_REQUIRED_FOR_ROLES = env_bool("OTP_REQUIRED_FOR_ROLES", True)
OTP_REQUIRED_FOR_ALL = env_bool("OTP_REQUIRED_FOR_ALL", False)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Vredvakt")

# Single sign-on through OpenID Connect (vredvakt/accounts/oidc.py): off unless
# OIDC_RP_CLIENT_ID is set; users are matched by OIDC_MATCH_CLAIM, never created.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "") or None
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_MATCH_CLAIM = env_str("OIDC_MATCH_CLAIM", "email")
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("vredvakt.accounts.oidc.ExistingUsersOnly")

# How many proxies of our own put the client's address in X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Behind a TLS-terminating proxy (deploy/nginx, docs/security.md "Headers"): trust
# its X-Forwarded-Proto, so request.is_secure() and the CSRF origin check see https.
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# /healthz answers the load balancer over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"

# No inline scripts or styles anywhere: scripts and stylesheets are our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# Where the file-based email backend (the demo's) writes each message.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "vredvakt@localhost")

SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_USER = env_str("SMS_GATEWAY_USER", "")
SMS_GATEWAY_PASSWORD = env_str("SMS_GATEWAY_PASSWORD", "")
SMS_SENDER = env_str("SMS_SENDER", "Vredvakt")

# The background worker's stable id (default: host:worker; `serve`: host:serve-PORT).
WORKER_ID = env_str("WORKER_ID", "")
# A message that reaches nobody on any channel within this time goes to their manager.
NOTIFY_ESCALATION_MINUTES = env_int("NOTIFY_ESCALATION_MINUTES", 15)
# R14 (#15): a draft deviation report left this many working days reminds its owner;
# a submitted one not followed up in this many days reminds the unit manager.
DEVIATION_DRAFT_REMINDER_WORKING_DAYS = env_int("DEVIATION_DRAFT_REMINDER_WORKING_DAYS", 2)
DEVIATION_FOLLOW_UP_REMINDER_DAYS = env_int("DEVIATION_FOLLOW_UP_REMINDER_DAYS", 14)

# API tokens (#14): how long a new token lives unless asked otherwise, and the most allowed.
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
# Lock telemetry (#14): events older than this are refused, and an integration keeps at
# most this many events for locks not registered (yet).
INGEST_MAX_EVENT_AGE_DAYS = env_int("INGEST_MAX_EVENT_AGE_DAYS", 7)
INGEST_MAX_UNKNOWN_LOCK_EVENTS = env_int("INGEST_MAX_UNKNOWN_LOCK_EVENTS", 1000)
# Rate limits (#14), requests a minute per client key (who and from where); 0 turns one off.
# Generous: they stop a runaway script or a guessing loop, never a busy shift.
RATE_LIMIT_LOGIN = env_int("RATE_LIMIT_LOGIN", 30)  # sign-in attempts per username and address
RATE_LIMIT_REPORT = env_int("RATE_LIMIT_REPORT", 300)  # fault reports per user or token
RATE_LIMIT_INGEST = env_int("RATE_LIMIT_INGEST", 600_000)  # telemetry posts per integration
# Retention (#14), in days: raw telemetry; closed cases (deleted) with their deviation
# reports; the audit trail and the client-read log.
RETENTION_TELEMETRY_DAYS = env_int("RETENTION_TELEMETRY_DAYS", 90)
RETENTION_CASES_DAYS = env_int("RETENTION_CASES_DAYS", 5 * 365)
RETENTION_AUDIT_DAYS = env_int("RETENTION_AUDIT_DAYS", 5 * 365)

# text for a terminal (the demo), json for production: one object per line with
# the request id, route, status, duration and user id (vredvakt/ops/logs.py).
LOGGING = logging_config(
    log_format=env_str("LOG_FORMAT", "text"), level=env_str("LOG_LEVEL", "INFO")
)
# django-axes logs every successful sign-in at INFO; the audit trail has them.
LOGGING.setdefault("loggers", {})["axes"] = {"level": "WARNING"}

# /metrics answers only with "Authorization: Bearer <METRICS_TOKEN>"; empty turns it off (404).
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# A worker whose last loop is older than this counts as missing (/healthz/system).
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 30)
# /healthz/system answers 503 when a due row has waited longer than this.
BACKLOG_STALE_SECONDS = env_int("BACKLOG_STALE_SECONDS", 300)
