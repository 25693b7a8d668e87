"""Signaal settings: one file, configured through SIGNAAL_* environment variables.

Defaults give a working single-machine setup (SQLite in WAL mode, SqliteHuey,
data under ./var). Every invalid value raises SettingError, which the `signaal`
command prints as one line with exit code 2.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from signaal.config.env import SettingError, env_bool, env_int, env_list, env_str
from signaal.config.keyfiles import read_or_create_secret

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("SIGNAAL_DEBUG", False)
DATA_DIR = Path(env_str("SIGNAAL_DATA_DIR", "var")).expanduser().resolve()
if DATA_DIR.exists() and not DATA_DIR.is_dir():
    raise SettingError(f"SIGNAAL_DATA_DIR: {DATA_DIR} exists and is not a directory.")

SECRET_KEY = env_str("SIGNAAL_SECRET_KEY", "") or read_or_create_secret(DATA_DIR / "secret.key")
if len(SECRET_KEY) < 50:
    raise SettingError("SIGNAAL_SECRET_KEY: must be at least 50 characters long.")

# Where the master key file lives when SIGNAAL_MASTER_KEY is not set (see signaal/vault/keys.py).
MASTER_KEY_FILE = DATA_DIR / "master.key"
MASTER_KEY_ENV = env_str("SIGNAAL_MASTER_KEY", "")
# Keyed digests (receipt look-ups, selector matching, rate limits); never rotated.
HMAC_KEY_FILE = DATA_DIR / "hmac.key"
HMAC_KEY_ENV = env_str("SIGNAAL_HMAC_KEY", "")

ALLOWED_HOSTS = env_list("SIGNAAL_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
# Off only for a loopback demo: behind a real deployment TLS is always on.
HTTPS = env_bool("SIGNAAL_HTTPS", not DEBUG)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Signaal's apps first: their templates override those of the packages below.
    "signaal.accounts",
    "signaal.audit",
    "signaal.vault",
    "signaal.intake",
    "signaal.crawling",
    "signaal.cases",
    "signaal.dossiers",
    "signaal.decoys",
    "signaal.public",
    "signaal.staff",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "formtools",
    "axes",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "signaal.config.urls"
WSGI_APPLICATION = "signaal.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "signaal.public.context_processors.quick_exit",
                "signaal.staff.context_processors.staff_navigation",
            ],
        },
    },
]

DATABASE_URL = env_str("SIGNAAL_DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as e:
        raise SettingError(f"SIGNAAL_DATABASE_URL: {e}") from None
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "signaal.sqlite3",
            "OPTIONS": {
                # IMMEDIATE: writers queue up instead of failing with "database is locked";
                # synchronous=FULL: an accepted report survives a power cut.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # secure_delete: shredded values do not linger in free pages.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;"
                ),
            },
            "TEST": {"NAME": str(DATA_DIR / "test-signaal.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("SIGNAAL_REDIS_URL", "")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "signaal",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "signaal",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": False,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
]
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "two_factor:login"
TWO_FACTOR_PATCH_ADMIN = False
TWO_FACTOR_REMEMBER_COOKIE_AGE = None
OTP_TOTP_ISSUER = "Signaal"

# Lock out by username only: staff IP addresses are not stored either.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "signaal.accounts.lockout.no_client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# axes.W006 asks to lock out by IP address too; Signaal stores no IP addresses.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

SESSION_COOKIE_AGE = int(timedelta(hours=8).total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# same-origin, not no-referrer: with no-referrer browsers send "Origin: null" and CSRF fails.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# No request logger that could print client addresses; errors go to stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": env_str("SIGNAAL_LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False}},
}

SIGNAAL_VERSION = "0.1.0"

# Meldpunt
# Rate limits count per client under a keyed, hourly-rotating digest of this
# request header, kept only in the cache: the address itself is never stored.
CLIENT_ADDRESS_META = env_str("SIGNAAL_CLIENT_ADDRESS_HEADER", "REMOTE_ADDR")
REPORT_SUBMIT_LIMIT_PER_HOUR = env_int("SIGNAAL_REPORT_SUBMIT_LIMIT", 10)
FOLLOWUP_TRY_LIMIT_PER_HOUR = env_int("SIGNAAL_FOLLOWUP_TRY_LIMIT", 20)
# Reports closed without a case are crypto-shredded this long after closing.
REPORT_RETENTION_DAYS = env_int("SIGNAAL_REPORT_RETENTION_DAYS", 365)
# Uploads stay in memory (never plaintext on disk) up to this size per request.
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Where "Snel weg" leaves to: a neutral page that gives nothing away.
QUICK_EXIT_URL = env_str("SIGNAAL_QUICK_EXIT_URL", "https://www.google.nl/search?q=weerbericht")

# Crawling
# Where crawl runs may send traffic: "any", or "loopback" (tests and the demo).
CRAWL_ALLOWED_NETWORK = env_str("SIGNAAL_CRAWL_ALLOWED_NETWORK", "any")
