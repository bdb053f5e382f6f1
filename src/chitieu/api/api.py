"""The JSON API: /api/…, OpenAPI at /api/openapi.json, interactive docs at /api/docs.

Authentication: a logged-in session (writes need Django's CSRF token, as the pages do) or an API
token, ``Authorization: Bearer <token>`` (create one with POST /api/tokens from a session).
Unauthenticated → 401.

Scoping is chitieu.orgs.access's, as for the pages: an object outside what the caller may see → 404;
visible but not theirs to change → 403; approving and reopening results is for a reviewer of the
level above → else 403; an approved result is locked until reopened → 409.

Optimistic locking: every record carries a ``version`` (also its ETag). Send it back with a change as
``If-Match: "<version>"``; if someone changed the record meanwhile the change is refused with 412 and
the current version, and nothing is written. Fields a PUT of a result leaves out keep their values.

Errors are JSON ``{"detail": "Vietnamese / English"}`` (a list of field errors for 422), never a
traceback. Numbers: see chitieu.api.numbers — exact Decimal strings plus a Vietnamese ``display``.
"""

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from chitieu.core.quantity import QuantityError
from chitieu.core.targets import TargetError
from chitieu.plans.workflow import WorkflowError
from chitieu.versions import StaleWrite, etag, version_of

from . import figures, oversight, party, plans, tokens, units
from .auth import BearerToken, SessionCookie
from .responses import Utf8JSONRenderer
from .scope import NOT_FOUND

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="chitieu API",
    version="1",
    description=__doc__,
    urls_namespace="api",
    auth=[BearerToken(), SessionCookie()],
    renderer=Utf8JSONRenderer(),
)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": "Cần đăng nhập hoặc token / authentication required"}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


@api.exception_handler(WorkflowError)
def workflow_refused(request, exc):
    """The rules refuse the change: a locked (approved) result, a wrong status."""
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(QuantityError)
@api.exception_handler(TargetError)
def bad_quantity(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(StaleWrite)
def stale_write(request, exc):
    """Optimistic locking: the record changed since the client read it (If-Match / version)."""
    body = {"detail": str(exc), "version": version_of(exc.current) if exc.current is not None else None}
    response = api.create_response(request, body, status=412)
    if exc.current is not None:
        response["ETag"] = etag(exc.current)
    return response


@api.exception_handler(Exception)
def server_error(request, exc):
    logger.exception("API error on %s %s", request.method, request.path)
    return api.create_response(request, {"detail": "Lỗi máy chủ / internal server error"}, status=500)


api.add_router("", units.router)
api.add_router("", plans.router)
api.add_router("", figures.router)
api.add_router("", oversight.router)
api.add_router("", tokens.router)
api.add_router("", party.router)
