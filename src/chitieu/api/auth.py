"""Who is calling: a logged-in session (with Django's CSRF check on writes) or an API token.

Tokens are sent as ``Authorization: Bearer <token>``; only their SHA-256 is stored (ApiToken.key_hash).
A token expires after CHITIEU_TOKEN_DAYS days and dies when its user's password changes.
Either way ``request.user`` is the caller, so every endpoint scopes with chitieu.orgs.access.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from chitieu.orgs.models import ApiToken

TOKEN_PREFIX = "ct_"
# last_used is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def password_mark(user) -> str:
    """A fingerprint of the user's password hash: it changes when the password does."""
    return hashlib.sha256(user.password.encode("utf-8")).hexdigest()[:16]


def issue_token(user, name: str, raw: str | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``: the record, and the token itself (shown once, never stored)."""
    raw = raw or new_token()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=hash_token(raw),
        expires=timezone.now() + dt.timedelta(days=settings.CHITIEU_TOKEN_DAYS),
        password_mark=password_mark(user),
    )
    return token, raw


class BearerToken(HttpBearer):
    """ "Authorization: Bearer ct_…": an ApiToken of an active user."""

    def authenticate(self, request, token: str):
        token = token.strip()
        if not token or len(token) > 200:
            return None
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if (found.expires is not None and found.expires <= now) or found.password_mark != password_mark(found.user):
            return None
        if found.last_used is None or now - found.last_used > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        request.user = found.user
        request.api_token = found
        return found.user


class SessionCookie(APIKeyCookie):
    """The Django session of a logged-in user; writes need the CSRF token, as for the pages.

    An anonymous caller is simply not authenticated (401), whatever the method.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


def via_token(request) -> bool:
    return getattr(request, "api_token", None) is not None
