"""API tokens of the caller: create (shown once), list, revoke."""

from django.db import transaction
from ninja import Router
from ninja.errors import HttpError

from chitieu.orgs.audit import audit
from chitieu.orgs.models import ApiToken

from .auth import issue_token, via_token
from .responses import status
from .schemas import ErrorOut, TokenCreated, TokenIn, TokenOut

router = Router(tags=["tokens"])

MAX_TOKENS = 20


def _out(t: ApiToken) -> dict:
    return {"id": t.pk, "name": t.name, "created": t.created, "last_used": t.last_used, "expires": t.expires}


@router.get("/tokens", response=list[TokenOut], summary="The caller's API tokens")
def list_tokens(request):
    return [_out(t) for t in ApiToken.objects.filter(user=request.user).order_by("-created", "-id")]


@router.post(
    "/tokens",
    response={201: TokenCreated, 403: ErrorOut, 409: ErrorOut},
    summary="Create an API token (shown once)",
    description="Only from a logged-in session, not with another token. Send it as `Authorization: Bearer <token>`.",
)
def create_token(request, data: TokenIn):
    if via_token(request):
        raise HttpError(403, "Tạo token mới cần đăng nhập / creating a token needs a logged-in session")
    if ApiToken.objects.filter(user=request.user).count() >= MAX_TOKENS:
        raise HttpError(409, f"Tối đa {MAX_TOKENS} token / at most {MAX_TOKENS} tokens; revoke one first")
    with transaction.atomic():
        t, token = issue_token(request.user, data.name.strip())
        audit(request.user, None, "token.create", t, None, {"name": t.name})
    return status(201, _out(t) | {"token": token})


@router.delete("/tokens/{token_id}", response={204: None, 404: ErrorOut}, summary="Revoke an API token")
def revoke_token(request, token_id: int):
    t = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if t is None:
        raise HttpError(404, "Không tìm thấy / not found")
    with transaction.atomic():
        audit(request.user, None, "token.revoke", t, {"name": t.name}, None)
        t.delete()
    return status(204, None)
