"""Response helpers: an explicit status code, and JSON that keeps Vietnamese readable."""

from ninja.renderers import JSONRenderer

from chitieu.versions import etag, seen_from_if_match

try:  # django-ninja >= 1.6
    from ninja import Status
except ImportError:  # pragma: no cover - older django-ninja takes a (status, value) tuple

    def Status(status_code, value):  # noqa: N802
        return status_code, value


class Utf8JSONRenderer(JSONRenderer):
    """ "phường Kim Tân", not "ph\\u01b0\\u1eddng Kim T\\u00e2n"."""

    json_dumps_params = {"ensure_ascii": False}


def status(code: int, value=None):
    return Status(code, value)


def if_match(request) -> str | None:
    """The version the client read, from If-Match; None when it sent none (the write is not checked)."""
    return seen_from_if_match(request.headers.get("If-Match"))


def set_etag(response, obj) -> None:
    response["ETag"] = etag(obj)
