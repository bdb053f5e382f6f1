"""Django settings, all from environment variables.

DATABASE_URL  database (default: SQLite file under CHITIEU_HOME); postgres://… in production
CHITIEU_HOME  data directory (default ~/.chitieu): the SQLite file, uploaded reports
SECRET_KEY    default: generated once into CHITIEU_HOME/secret_key
DEBUG         "1" to enable
ALLOWED_HOSTS comma-separated (default localhost)
CHITIEU_DEMO  "1" in demo mode: the demo/demo admin may log in, from 127.0.0.1 only
"""

import os
import secrets
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
    "ninja",
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
    "chitieu.edge.EdgeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
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
MEDIA_ROOT = HOME / "uploads"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

# Party rules in force, kept as settings because they change with the rules.
# Excellent (HTXSNV) members are capped at a share of those rated good or better:
# 20% under the rules in force when this was written (Quy định 124-QĐ/TW, 2023).
CHITIEU_EXCELLENT_CAP_PCT = int(os.environ.get("CHITIEU_EXCELLENT_CAP_PCT", "20"))
# Party badges are usually awarded on these dates (MM-DD): 3/2 (founding), 19/5, 2/9, 7/11.
CHITIEU_BADGE_DATES = os.environ.get("CHITIEU_BADGE_DATES", "02-03,05-19,09-02,11-07").split(",")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
