"""The level above's view: every committee under a unit, its verdict counts and the targets it is behind on.

A fixed number of queries whatever the number of committees: committees, terms, the chosen terms'
targets, their results, and the figures of the ranking. The rules are chitieu.plans.evaluation's
``judge_targets`` applied to prefetched rows; the ranking is the oversight page's (chitieu.plans.oversight).
"""

from django.core.cache import cache
from django.http import HttpResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from chitieu.core.catalog import indicators
from chitieu.orgs.models import COMMITTEE_KINDS, Unit
from chitieu.plans import summaries
from chitieu.plans.oversight import CommitteeRow, judge_live, ranking

from .numbers import dec, display
from .responses import Utf8JSONRenderer
from .schemas import ErrorOut, OversightOut
from .scope import get_unit
from .serialize import summary_out, term_out, unit_brief

router = Router(tags=["oversight"])


class OversightParams(Schema):
    year: int | None = Field(None, ge=1945, le=2200, description="Judge this year (its plan, or the term targets).")
    term_start: int | None = Field(
        None, ge=1945, le=2200, description="Use each committee's term that starts this year; default: its latest."
    )
    up_to: int | None = Field(None, ge=1945, le=2200, description="Only yearly results up to this year.")
    midterm: bool = Field(False, description="Term totals pro rata (2.5 of 5 years).")
    include_merged: bool = Field(False, description="Also committees merged into others (read-only history).")
    indicator: str | None = Field(
        None, max_length=60, description="Rank the committees on this indicator (default: the first one used)."
    )


def _stored(committees: list[Unit]) -> dict:
    """The default view (each committee's latest term, judged as of now): the stored summaries."""
    stored = summaries.current(committees)
    return {
        c.pk: (s.term, s.targets, summaries.as_summary(s), s.drafts, s.awaiting)
        for c in committees
        for s in (stored[c.pk],)
    }


def _live(committees: list[Unit], params: OversightParams) -> dict:
    """Another year, term, cut-off or the midterm: judged now, in a fixed number of queries (the
    province page's pickers judge the same way)."""
    return judge_live(
        committees, term_start=params.term_start, year=params.year, up_to=params.up_to, midterm=params.midterm
    )


@router.get(
    "/oversight/{unit_id}",
    response={200: OversightOut, 400: ErrorOut, 404: ErrorOut},
    summary="Committees under a unit: verdict counts and who is behind on which target",
)
def oversight(request, unit_id: int, params: Query[OversightParams]):
    unit = get_unit(request.user, unit_id)
    if params.year is not None and (params.up_to is not None or params.midterm):
        raise HttpError(400, "Dùng 'year', hoặc 'up_to'/'midterm', không dùng cả hai / give year or up_to/midterm")
    committees = Unit.objects.filter(path__startswith=unit.path, kind__in=COMMITTEE_KINDS)
    if not params.include_merged:
        committees = committees.filter(merged_into__isnull=True)
    committees = list(committees.order_by("path"))
    default = params.year is None and params.term_start is None and params.up_to is None and not params.midterm
    if not default:
        return _answer(unit, committees, params, _live(committees, params))
    # The default view depends on the committees' revisions, the rules and the indicator asked: the
    # answer is kept per state, per process (as the province page's table).
    revisions = [(c.pk, c.revision) for c in committees]
    key = summaries.state_key("api-oversight", unit, revisions, params.indicator, params.include_merged)
    # Kept as the bytes sent: a province's answer is ~700 KB of JSON, whose validation and encoding
    # (~100 ms) would otherwise be paid on every request. Encoded as the API encodes every answer.
    body = cache.get(key)
    if body is None:
        answer = OversightOut.model_validate(_answer(unit, committees, params, _stored(committees)))
        body = Utf8JSONRenderer().render(request, answer.model_dump(), response_status=200)
        cache.set(key, body, 24 * 3600)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def _answer(unit: Unit, committees: list[Unit], params: OversightParams, judged: dict) -> dict:
    page_rows = [CommitteeRow(c, *judged[c.pk]) for c in committees]  # the pages' rows, and their ranking
    rows = [
        {
            "committee": unit_brief(r.committee),
            "term": term_out(r.term) if r.term else None,
            "summary": summary_out(r.summary),
            "behind": r.behind,
            "at_risk": r.at_risk,
            "unjudged": r.unjudged,
            "drafts": r.drafts,
            "awaiting_approval": r.awaiting,
        }
        for r in page_rows
    ]
    used = sorted({e["indicator"] for r in page_rows for e in r.targets if e["indicator"]})
    key = params.indicator or (used[0] if used else "")
    catalog = indicators()
    if params.indicator and params.indicator not in catalog:
        raise HttpError(400, f"Không có chỉ số '{params.indicator}' trong danh mục / unknown indicator")
    ranked = []
    if key in catalog:
        ind = catalog[key]
        for place, (c, value, year) in enumerate(ranking(page_rows, key), start=1):
            ranked.append(
                {
                    "place": place,
                    "committee": unit_brief(c),
                    "value": dec(value),
                    "display": display(value, ind.unit.value, ind.counted),
                    "year": year,
                }
            )
    return {
        "unit": unit_brief(unit),
        "indicator": key or None,
        "indicators_used": used,
        "ranking": ranked,
        "year": params.year,
        "up_to": params.up_to,
        "midterm": params.midterm,
        "totals": summary_out(summaries.totals(r.summary for r in page_rows)),
        "committees": rows,
    }
