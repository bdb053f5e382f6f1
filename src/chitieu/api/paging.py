"""Limit/offset pages for the lists that grow without bound (units, audit): two queries a page."""

from ninja import Schema
from pydantic import Field

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=10**9)


def page(qs, params: PageParams, serialize) -> dict:
    count = qs.count()
    rows = list(qs[params.offset : params.offset + params.limit])
    return {"count": count, "limit": params.limit, "offset": params.offset, "items": [serialize(r) for r in rows]}
