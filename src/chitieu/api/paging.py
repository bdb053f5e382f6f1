"""Limit/offset pages for the lists that grow without bound (units, audit): two queries a page."""

from ninja import Schema
from pydantic import Field

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=10**9)


class ListPage(Schema):
    """Paging of the short lists (a term's targets, a target's results), which stay JSON arrays: the
    total is in the ``X-Total-Count`` header. The defaults hold any real term whole."""

    limit: int = Field(500, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}; default 500.")
    offset: int = Field(0, ge=0, le=10**9)


def paged(qs, params: ListPage, response) -> list:
    response["X-Total-Count"] = str(qs.count())
    return list(qs[params.offset : params.offset + params.limit])


def page(qs, params: PageParams, serialize) -> dict:
    count = qs.count()
    rows = list(qs[params.offset : params.offset + params.limit])
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": [serialize(r) for r in rows]}
