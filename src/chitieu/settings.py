"""Django settings, all from environment variables.

DATABASE_URL  database (default: SQLite file under CHITIEU_HOME); postgres://… in production
CHITIEU_HOME  data directory (default ~/.chitieu): the SQLite file, uploaded reports
SECRET_KEY    default: generated once into CHITIEU_HOME/secret_key
DEBUG         "1" to enable
ALLOWED_HOSTS comma-separated (default localhost)
CHITIEU_DEMO  "1" in demo mode: the demo/demo admin may log in, from 127.0.0.1 only
CHITIEU_HTTPS "1" behind HTTPS: SSL redirect, secure cookies, HSTS (CHITIEU_HSTS_SECONDS)
CHITIEU_TRUSTED_PROXIES  reverse proxies whose X-Forwarded-For/-Proto are believed
CSRF_TRUSTED_ORIGINS  comma-separated origins (https://chitieu.example.vn) behind a proxy
CHITIEU_MAX_UPLOAD_MB, CHITIEU_LOGIN_FAILURES, CHITIEU_LOCKOUT_MINUTES, CHITIEU_TOKEN_DAYS  limits
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("CHITIEU_HOME", Path.home() / ".chitieu"))


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


DEBUG = envbool("DEBUG")
DEMO_MODE = envbool("CHITIEU_DEMO")


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in CHITIEU_HOME."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = HOME / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        HOME.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",")

# Production behind HTTPS (CHITIEU_HTTPS=1): HTTP is redirected, cookies travel only over HTTPS,
# and browsers are told to use HTTPS only for CHITIEU_HSTS_SECONDS (a year by default).
HTTPS = envbool("CHITIEU_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("CHITIEU_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and envbool("CHITIEU_HSTS_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = HTTPS and envbool("CHITIEU_HSTS_PRELOAD", "1")
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# Reverse proxies whose X-Forwarded-For (and X-Forwarded-Proto) are believed: comma-separated
# addresses or networks. Only a declared proxy can say a request came over HTTPS or from elsewhere.
CHITIEU_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("CHITIEU_TRUSTED_PROXIES", "").split(",") if p.strip()]
if CHITIEU_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "chitieu.orgs",
    "chitieu.plans",
    "chitieu.party",
    "chitieu.reports",
    "chitieu.api",
    "chitieu.jobs",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (a country's page or a long member list is mostly repeated markup). The CSRF
    # token in a page is masked anew on every response (Django's defence against BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: a view answers an htmx request with the part of the page it swaps.
    "django_htmx.middleware.HtmxMiddleware",
    "chitieu.edge.EdgeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chitieu.urls"

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
            "builtins": ["chitieu.templatetags.vn"],
        },
    }
]

WSGI_APPLICATION = "chitieu.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'chitieu.sqlite3'}", conn_max_age=60
    )
}


def _private_file(name: str) -> None:
    """Create the SQLite file readable by its owner only (members' names and birth dates are in
    it); SQLite gives its -wal and -shm files the same mode."""
    if name and name != ":memory:" and not name.startswith("file:") and not os.path.exists(name):
        try:
            Path(name).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.close(os.open(name, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError:
            pass  # the database layer will report a path it cannot use


if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _private_file(str(DATABASES["default"]["NAME"]))
    # Many writers on one SQLite file (issue 12: 736 of 2,140 saves by 20 clients failed with
    # "database is locked"): WAL lets readers run beside the writer; a write transaction takes the
    # lock when it begins (IMMEDIATE), so it waits its turn for up to `timeout` seconds instead of
    # failing when a read inside it turns into a write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Vietnamese for what Django's own Vietnamese catalogue lacks (the admin's "Skip to main content", its
# theme toggle, filters' counts, the user password page…): locale/vi/LC_MESSAGES/django.po and djangojs.po,
# each compiled to the .mo beside it (msgfmt -o django.mo django.po), which is kept in the repository.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
# Numbers are formatted by chitieu.core.quantity.format_number (1.234,5), never by Django's l10n.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = HOME / "static"
try:  # whitenoise expects the folder to exist, even empty
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass
# Static files are served from the apps' folders by whitenoise: no collectstatic step for a laptop.
WHITENOISE_USE_FINDERS = True
# Pages link the stylesheet with its content's hash (templatetags.vn.static_v), so a changed file is
# fetched again; whitenoise's own cache time (60 s) stays: the admin's files carry no hash, and without
# collectstatic's hashed names a year-long cache could keep an old file on one of several servers.
MEDIA_ROOT = HOME / "uploads"
# Long work (a province's reports in one ZIP) runs in the background. The queue is a table of the
# project's own database (django-tasks-db: SQLite or PostgreSQL, no broker), worked by `chitieu worker`;
# `chitieu serve` starts one beside the web server unless told not to. CHITIEU_TASKS=immediate runs each
# job inside the request that asks for it (tests; a one-off script).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("CHITIEU_TASKS") == "immediate"
        else "django_tasks_db.DatabaseBackend"
    }
}
# The jobs' files (CHITIEU_HOME/jobs/<id>.zip), removed after CHITIEU_JOB_DAYS by `chitieu manage prune_jobs`.
CHITIEU_JOBS_DIR = Path(os.environ.get("CHITIEU_JOBS_DIR", HOME / "jobs"))
CHITIEU_JOB_DAYS = int(os.environ.get("CHITIEU_JOB_DAYS", "7"))
# An uploaded document longer than this (characters of text) is read by a background job with a
# progress bar; a shorter one at once (about 1 s per 200,000 characters on one core).
CHITIEU_READ_IN_BACKGROUND_CHARS = int(os.environ.get("CHITIEU_READ_IN_BACKGROUND_CHARS", "200000"))
# A province page judges another term or year live (~15 ms a committee); above this many committees
# (the country) that is not done on a request's time: the term or year is picked on each province's page.
CHITIEU_LIVE_JUDGE_LIMIT = int(os.environ.get("CHITIEU_LIVE_JUDGE_LIMIT", "500"))
# Processes one report batch uses (each writes reports on one core); default: the machine's cores.
CHITIEU_REPORT_PROCESSES = int(os.environ.get("CHITIEU_REPORT_PROCESSES", "0")) or os.cpu_count() or 1
LOGIN_URL = "/login/"

# Every login (the site's form, the admin's) goes through these: django-axes refuses a locked-out
# username or address first; chitieu's backend checks the password, the demo rule and audits.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "chitieu.orgs.auth.Backend"]
AXES_CLIENT_IP_CALLABLE = "chitieu.orgs.auth.client_ip"
# Five wrong passwords for one username, or from one address, lock it for 15 minutes; a success
# clears the count. Locking the username stops guessing spread over many addresses.
AXES_FAILURE_LIMIT = int(os.environ.get("CHITIEU_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CHITIEU_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "chitieu.orgs.views.locked_out"
AXES_VERBOSE = False
# API tokens expire after this many days (and at once when their user's password changes).
CHITIEU_TOKEN_DAYS = int(os.environ.get("CHITIEU_TOKEN_DAYS", "90"))
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

# Party rules in force, kept as settings because they change with the rules.
# Excellent (HTXSNV) members are capped at a share of those rated good or better:
# 20% under the rules in force when this was written (Quy định 124-QĐ/TW, 2023).
CHITIEU_EXCELLENT_CAP_PCT = int(os.environ.get("CHITIEU_EXCELLENT_CAP_PCT", "20"))
# The first year rated on 100 points (Quy định 366-QĐ/TW, 30/8/2025); earlier years keep the four
# levels without points (party/rating_rules.py).
CHITIEU_RATING_POINTS_FROM = int(os.environ.get("CHITIEU_RATING_POINTS_FROM", "2025"))
# Party badges are usually awarded on these dates (MM-DD): 3/2 (founding), 19/5, 2/9, 7/11.
CHITIEU_BADGE_DATES = os.environ.get("CHITIEU_BADGE_DATES", "02-03,05-19,09-02,11-07").split(",")
# Award window, in days: a member whose anniversary of admission falls at most this many days after an
# award day may be proposed for that day instead of the next one (a wave is prepared weeks ahead and
# offices group members by the nearest ceremony). This is local practice, not a rule: Hướng dẫn
# 01-HD/TW (2021), mục 18, only says badges are handed over "kịp thời vào dịp kỷ niệm các ngày lễ lớn
# 3/2; 19/5; 2/9; 7/11 và các dịp kỷ niệm quan trọng khác", and no source we found fixes such a
# window. 0 (the default) keeps the strict reading: the first award day on or after the anniversary.
CHITIEU_BADGE_WINDOW_DAYS = int(os.environ.get("CHITIEU_BADGE_WINDOW_DAYS", "0"))
# Probationary members are flagged when their twelve months (Điều lệ Đảng, Điều 5) end within these
# many days, each in the tightest bucket: the branch must meet and propose them in time.
CHITIEU_PROBATION_ALERT_DAYS = os.environ.get("CHITIEU_PROBATION_ALERT_DAYS", "90,60,30,15,7")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
