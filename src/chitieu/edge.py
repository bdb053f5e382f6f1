"""What a request brings, checked once where it arrives: ids and years in URLs and query strings,
control characters in forms and bodies, and the error pages a user sees instead of a traceback.

Python's ``int()`` and ``str.isdigit()`` accept every Unicode digit ("²", "٣", "２"), and an id of
30 digits overflows the database's 64-bit integer: both used to reach the database and answer 500.
Here a number is ASCII digits, bounded; anything else is a 400 page in Vietnamese.

And an htmx request redirected to the login page (the session ended) is told to load that page whole.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render, resolve_url
from django.template.loader import render_to_string
from django.urls import Resolver404
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

from chitieu.limits import MAX_UPLOAD_BYTES, has_control_chars, too_large_message

# A year the Party's records can hold: the Party was founded in 1930.
YEAR_MIN, YEAR_MAX = 1930, 2100
# Ids are 64-bit on PostgreSQL; 18 digits always fit.
_ID_DIGITS = 18


class BadParameter(BadRequest):
    """A malformed parameter: its message, in Vietnamese with English beside, is shown to the user."""


class IdConverter:
    """``<id:…>`` in URLs: 1–18 ASCII digits, so a 30-digit id is a 404, never an overflow."""

    regex = f"[0-9]{{1,{_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class YearConverter(IdConverter):
    """``<year:…>`` in URLs: four ASCII digits; the view checks the range (check_year: 400 outside it)."""

    regex = "[0-9]{4}"


def int_param(data, name: str, label: str, *, low: int = 0, high: int = 10**_ID_DIGITS - 1) -> int | None:
    """``data[name]`` as an int in [low, high]; None when absent or blank; else BadParameter."""
    raw = data.get(name, "")
    raw = raw.strip() if isinstance(raw, str) else raw
    if raw in ("", None):
        return None
    if not (isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= _ID_DIGITS):
        raise BadParameter(f"{label} không hợp lệ: phải là số / invalid {name}: {str(raw)[:20]!r}")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(f"{label} phải từ {low} đến {high} / {name} out of range: {value}")
    return value


def year_param(data, name: str = "year") -> int | None:
    return int_param(data, name, "Năm", low=YEAR_MIN, high=YEAR_MAX)


def check_year(year: int) -> int:
    """A year taken from a URL segment: four digits there, the range here."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise BadParameter(f"Năm phải từ {YEAR_MIN} đến {YEAR_MAX} / year out of range: {year}")
    return year


# The other fields of a form that carries a file (the CSRF token, a year…).
_FORM_OVERHEAD = 64 * 1024

CONTROL_MESSAGE = (
    "Dữ liệu gửi lên có ký tự điều khiển (như NUL) không dùng được; hãy gõ lại hoặc dán từ văn bản thường / "
    "the request holds control characters (such as NUL)"
)


def _json_has_control_chars(body: bytes) -> bool:
    """Control characters in a JSON body's strings, written raw or as escapes ("\\u0000")."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return False  # not JSON: the endpoint answers it with its own 400/422
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_control_chars(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class EdgeMiddleware:
    """Refuse, before any view runs, a request over the upload bound (413) or one whose query
    string, form fields or JSON body carries a control character (400).

    Uploaded files are not looked at for control characters: their readers strip what they cannot use.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_UPLOAD_BYTES + _FORM_OVERHEAD:
            return self._refuse(request, 413, "Tệp quá lớn", too_large_message(length))
        try:
            bad = self._bad(request)
        except RequestDataTooBig:  # form fields or a JSON body over DATA_UPLOAD_MAX_MEMORY_SIZE
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
            message = f"Dữ liệu gửi lên quá lớn (tối đa {limit // 1024} KB ngoài tệp) / request data too large"
            return self._refuse(request, 413, "Dữ liệu quá lớn", message)
        if bad:
            return self._refuse(request, 400, "Yêu cầu không hợp lệ", CONTROL_MESSAGE)
        return _login_redirect_for_htmx(request, self.get_response(request))

    @staticmethod
    def _refuse(request, status: int, title: str, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
        return _page(request, status, title, message)

    @staticmethod
    def _bad(request) -> bool:
        if has_control_chars(request.path) or any(
            has_control_chars(k) or has_control_chars(v) for k, vs in request.GET.lists() for v in vs
        ):
            return True
        if request.method not in ("POST", "PUT", "PATCH"):
            return False
        content_type = request.content_type or ""
        if content_type == "application/json":
            return _json_has_control_chars(request.body)
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return any(has_control_chars(k) or has_control_chars(v) for k, vs in request.POST.lists() for v in vs)
        return False


def _login_redirect_for_htmx(request, response: HttpResponse) -> HttpResponse:
    """After logout or an expired session, an htmx request would follow the redirect to the login
    page and swap that page inside the current one (or swap nothing into a polled region, which then
    stops). Told instead to redirect, htmx loads the login page as a whole page, ``?next=`` kept."""
    if not getattr(request, "htmx", False) or response.status_code not in (301, 302, 303, 307, 308):
        return response
    location = response.get("Location", "")
    login = resolve_url(settings.LOGIN_URL)
    if urlsplit(location).path.startswith(login):
        response = HttpResponseClientRedirect(location)
        patch_vary_headers(response, ("HX-Request",))  # a cache never gives it to a plain request
    return response


# The error pages' titles in English, shown small beside the code for whoever reads none of the rest.
ENGLISH_TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    413: "Request too large",
    429: "Too many requests",
    500: "Internal server error",
}

# A letter only Vietnamese writes: a message without one is Django's or a library's, in English.
_VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)


def _context(status: int, title: str, message: str) -> dict:
    return {"status": status, "title": title, "message": message, "english": ENGLISH_TITLES.get(status, "")}


def _page(request, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "error.html", _context(status, title, message), status=status)


def bad_request(request, exception=None) -> HttpResponse:
    # Only our own messages are shown: Django's (a bad Host header…) are in English and technical.
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return _page(
        request,
        400,
        "Yêu cầu không hợp lệ",
        message or "Địa chỉ hoặc dữ liệu gửi lên không đúng dạng / the address or the data sent is malformed.",
    )


def permission_denied(request, exception=None) -> HttpResponse:
    return _page(
        request, 403, "Không có quyền", "Tài khoản của bạn không được làm việc này / your account may not do this."
    )


def page_not_found(request, exception=None) -> HttpResponse:
    message = "" if exception is None or isinstance(exception, Resolver404) else str(exception)
    # Our own Http404 messages are Vietnamese; Django's are English ("No Member matches…", the
    # resolver's {'tried': …, 'path': …}) and are not shown.
    if not _VIETNAMESE.search(message) or message.startswith("{"):
        message = "Trang này không có hoặc bạn không được xem / this page does not exist or you may not see it."
    return _page(request, 404, "Không tìm thấy", message)


SERVER_ERROR_MESSAGE = (
    "Máy chủ gặp lỗi khi xử lý yêu cầu này. Dữ liệu đã có không bị thay đổi. "
    "Hãy thử lại sau ít phút; nếu vẫn lỗi, báo cho quản trị viên."
)


def server_error(request) -> HttpResponse:
    # The site's layout, rendered without the request: no user, no session, no messages, so that it
    # renders even when the database is down. Should the template fail too, a page with no template.
    try:
        html = render_to_string("error.html", _context(500, "Lỗi máy chủ", SERVER_ERROR_MESSAGE))
    except Exception:
        html = (
            '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi máy chủ</title>'
            '<body style="font-family:sans-serif;max-width:40rem;margin:3rem auto">'
            f'<h1>Lỗi máy chủ</h1><p>{SERVER_ERROR_MESSAGE}</p><p><a href="/">Về trang chủ</a></p>'
            "<p><small>Mã lỗi 500 · Internal server error</small></p></body></html>"
        )
    return HttpResponse(html, status=500)
