"""One path for every login (the site's form, the admin's, any other): who the client is, the demo
account's rule, the audit of logins and failed logins. Lockout after repeated failures is
django-axes's (settings.AUTHENTICATION_BACKENDS puts its backend first).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from .audit import audit

_FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")
_LOCAL = ("127.0.0.1", "::1")
DEMO_USERNAME = "demo"
DEMO_REFUSED = (
    "Tài khoản demo chỉ dùng được ở chế độ trình diễn trên máy này / "
    "the demo account works only in demo mode on this machine"
)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for network in settings.CHITIEU_TRUSTED_PROXIES:
        try:
            if ip in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request) -> str:
    """The client's address. Behind a reverse proxy every request comes from the proxy: its
    X-Forwarded-For is believed only when the proxy is listed in CHITIEU_TRUSTED_PROXIES, and then
    the client is the nearest address in it that is not a trusted proxy. A forwarding header from an
    untrusted remote makes the client unknown ("")."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    forwarded = any(request.META.get(h) for h in _FORWARDING_HEADERS)
    if not forwarded:
        return remote
    if not _trusted(remote):
        return ""
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(chain):
        if not _trusted(address):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return ""
    return ""


def is_local(request) -> bool:
    return client_ip(request) in _LOCAL


def demo_refused(request, username: str | None) -> bool:
    """The demo admin (demo/demo, a superuser with a known password) may log in only in demo mode
    and only from this machine."""
    return username == DEMO_USERNAME and not (settings.DEMO_MODE and request is not None and is_local(request))


class Backend(ModelBackend):
    """Django's password check, with the demo rule and the audit of every attempt."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("username")
        if demo_refused(request, username):
            _audit_login(request, None, username, "login.refused", "tài khoản demo ngoài chế độ trình diễn")
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            _audit_login(request, None, username, "login.failed", "sai tên đăng nhập hoặc mật khẩu")
        else:
            _audit_login(request, user, username, "login", "")
        return user


def _audit_login(request, user, username: str | None, action: str, why: str) -> None:
    where = client_ip(request) if request is not None else ""
    path = request.path if request is not None else ""
    note = f"{(username or '')[:60]!r} từ {where or 'không rõ'} ({path}) {why}".strip()
    audit(user, None, action, user, None, None, note=note)
