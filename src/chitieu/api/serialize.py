"""Model objects → the dicts of chitieu.api.schemas. No queries here: callers prefetch what is read."""

from decimal import Decimal

from chitieu.core.catalog import indicators
from chitieu.core.quantity import round_half_up
from chitieu.core.targets import SHAPE_LABELS, Shape, format_target
from chitieu.core.verdicts import show_stored
from chitieu.orgs.access import can_edit, can_review
from chitieu.orgs.models import Unit
from chitieu.plans.models import Figure, Result, SourceDocument, Status, Target, Term
from chitieu.reports.text import result_text
from chitieu.reports.text import target_text as report_target_text
from chitieu.versions import version_of

from .numbers import dec, display, money_scale, pct, pct_display


def unit_brief(u: Unit) -> dict:
    return {
        "id": u.pk,
        "kind": u.kind,
        "name": u.name,
        "title": u.title,
        "parent_id": u.parent_id,
        "is_active": u.is_active,
    }


def unit_out(u: Unit, user) -> dict:
    return unit_brief(u) | {
        "kind_label": u.get_kind_display(),
        "path": u.path,
        "code": u.code,
        "branch_kind": u.branch_kind,
        "merged_into_id": u.merged_into_id,
        "merged_on": u.merged_on,
        "is_committee": u.is_committee,
        "can_edit": can_edit(user, u),
        "can_review": can_review(user, u),
    }


def term_out(t: Term) -> dict:
    return {
        "id": t.pk,
        "version": version_of(t),
        "committee_id": t.committee_id,
        "start_year": t.start_year,
        "end_year": t.end_year,
        "label": t.label,
        "congress_ordinal": t.congress_ordinal,
        "congress_roman": t.congress_roman,
        "congress_date": t.congress_date,
        "secretary": t.secretary,
    }


def core_display(core) -> str:
    """ "12 - 15%/năm", "dưới 3%", "31.336 triệu đồng" (money in the scale that shows it exactly)."""
    scale = None
    if core.unit.value == "VND":
        scale = money_scale([v for v in (core.value, core.value_max) if v is not None])
    return format_target(core, scale=scale, places=2)


def indicator_name(key: str) -> str:
    ind = indicators().get(key) if key else None
    return ind.name if ind else ""


def result_display(t: Target, value) -> str | None:
    """A judged result in its target's terms: "11,74%/năm", "giảm 1,2%/năm", "10 đảng viên/năm",
    "hoàn thành tốt nhiệm vụ", "bằng 110% kế hoạch": the reports' words (reports.text.result_text),
    as the pages write it."""
    if value is None:
        return None
    try:
        return result_text(t.as_core(), Decimal(value))
    except (ValueError, ArithmeticError):  # a hand-edited row the core cannot read
        return display(value, t.unit, t.counted)


def target_display(t: Target, result=None) -> str:
    """The target as the pages and reports write it ("31.336,46 triệu đồng", "khoảng 35 đảng viên"),
    in the money scale of ``result`` when it is judged on one (reports.text.target_text)."""
    try:
        return report_target_text(t.as_core(), scale_of=None if result is None else Decimal(result))
    except (ValueError, ArithmeticError):  # a hand-edited row the core cannot read
        return t.text


class Rights:
    """The caller's rights on one committee, computed once for a list of its objects."""

    def __init__(self, user, committee: Unit):
        self.edit = can_edit(user, committee)
        self.review = can_review(user, committee)

    def result_actions(self, status: str) -> list[str]:
        actions = []
        if self.edit and status != Status.APPROVED:
            actions += ["edit", "delete"]
        if self.edit and status == Status.DRAFT:
            actions.append("submit")
        if self.review and status == Status.SUBMITTED:
            actions.append("approve")
        if self.review and status in (Status.SUBMITTED, Status.APPROVED):
            actions.append("reopen")
        return actions


def result_out(r: Result, target: Target, rights: Rights) -> dict:
    """``target`` is passed in (not read from ``r``) so a prefetched list needs no further query."""
    return {
        "id": r.pk,
        "version": version_of(r),
        "target_id": r.target_id,
        "year": r.year,
        "period": str(r.year) if r.year is not None else "term",
        "value": dec(r.value),
        "display": show_stored(target.as_core(), Decimal(r.value), r.year, places=2),
        "status": r.status,
        "status_label": r.get_status_display(),
        "locked": r.status == Status.APPROVED,
        "actions": rights.result_actions(r.status),
        "entered_by": r.entered_by.username if r.entered_by_id and r.entered_by else None,
        "entered_at": r.entered_at,
        "document_id": r.document_id,
        "span_start": r.span_start,
        "span_end": r.span_end,
        "source_text": r.source_text,
        "claim": r.claim,
        "note": r.note,
    }


def target_brief(t: Target) -> dict:
    return {
        "id": t.pk,
        "number": t.number,
        "text": t.text,
        "year": t.year,
        "indicator": t.indicator,
        "shape": t.shape,
        "unit": t.unit,
        "value": dec(t.value),
        "value_max": dec(t.value_max),
        "display": target_display(t),
    }


def target_out(t: Target, rights: Rights, results: list[Result] | None = None) -> dict:
    return target_brief(t) | {
        "version": version_of(t),
        "term_id": t.term_id,
        "indicator_name": indicator_name(t.indicator),
        "counted": t.counted,
        "period": t.period,
        "direction": t.direction,
        "strict": t.strict,
        "confirmed": t.confirmed,
        "results": [result_out(r, t, rights) for r in (results or [])],
        "shape_label": _shape_label(t.shape),
        "of": dec(t.of),
        "count": dec(t.count),
        "relative": t.relative,
        "since": t.since,
        "deadline": t.deadline,
    }


def _shape_label(shape: str) -> str:
    try:
        return SHAPE_LABELS[Shape(shape)]
    except ValueError:
        return shape


def parsed_target(core) -> dict:
    return {
        "shape": core.shape.value,
        "value": dec(core.value),
        "value_max": dec(core.value_max),
        "unit": core.unit.value,
        "counted": core.counted or "",
        "period": core.period.value if core.period else "",
        "indicator": core.indicator or "",
        "indicator_name": indicator_name(core.indicator or ""),
        "direction": core.direction,
        "strict": core.strict,
        "display": core_display(core),
        "shape_label": SHAPE_LABELS[core.shape],
        "of": dec(core.of),
        "count": dec(core.count),
        "relative": core.relative,
        "since": core.since,
        "deadline": core.deadline,
    }


def status_name(s) -> str:
    """met, exceeded, not_met; in_progress (a term under way); undetermined; no_data."""
    if s.verdict is not None:
        return s.verdict.value
    if s.in_progress:
        return "in_progress"
    return "undetermined" if s.error else "no_data"


def outlook_out(s) -> dict | None:
    o = s.outlook
    if o is None:
        return None
    return {
        "on_track": o.on_track,
        "projected": dec(o.projected),
        "projected_display": result_display(s.target, o.projected),
        "basis": o.basis,
        "label": o.label,
    }


def status_out(s) -> dict:
    t = s.target
    ev = s.evaluation
    return {
        "target": target_brief(t),
        "status": status_name(s),
        "verdict": s.verdict.value if s.verdict else None,
        "verdict_label": s.label,
        "outlook": outlook_out(s),
        "note": ev.note if ev else "",
        "completion_pct": pct(ev.completion_pct) if ev else None,
        "completion_pct_display": pct_display(ev.completion_pct) if ev else None,
        "result": dec(ev.result) if ev else None,
        "result_display": result_display(t, ev.result) if ev else None,
        "basis": s.basis,
        "claim": s.claim,
        "claim_conflict": s.claim_conflict,
        "error": s.error,
        "yearly": [
            {"year": y, "value": dec(v), "display": _yearly_display(t, y, v)} for y, v in sorted(s.yearly.items())
        ],
        "term_result": dec(s.term_result),
        "target_display": target_display(t, ev.result if ev else None),
    } | approval_out(s)


def registry_conflict_out(c) -> dict:
    """A typed result the Party records count otherwise (plans.crosscheck.RegistryConflict)."""
    return {
        "target": target_brief(c.target),
        "indicator": c.indicator,
        "year": c.year,
        "years": list(c.years),
        "typed": dec(c.typed),
        "recorded": dec(round_half_up(c.recorded, 4)),
        "per_year": c.per_year,
        "text": c.text,
    }


def approval_out(s) -> dict:
    """Whether what is shown rests on results nobody approved yet, and its mark ("(nháp)")."""
    return {"result_status": s.result_status or None, "unapproved": s.unapproved, "mark": s.mark}


def _yearly_display(t: Target, year: int, value) -> str | None:
    """A year's figure: for a change target the year's level, not a change."""
    return show_stored(t.as_core(), Decimal(value), year, places=2)


def summary_out(summ) -> dict:
    return {
        "met": summ.met,
        "exceeded": summ.exceeded,
        "not_met": summ.not_met,
        "in_progress": summ.in_progress,
        "on_track": summ.on_track,
        "unjudged": summ.unjudged,
        "total": summ.total,
        "met_or_exceeded": summ.met_or_exceeded,
        "line": summ.line,
        "unapproved": summ.unapproved,
        "unapproved_note": summ.unapproved_note,
    }


def behind_out(s) -> dict:
    t = s.target
    ev = s.evaluation
    return {
        "target_id": t.pk,
        "number": t.number,
        "text": t.text,
        "status": status_name(s),
        "verdict": s.verdict.value if s.verdict else None,
        "verdict_label": s.label,
        "completion_pct": pct(ev.completion_pct) if ev else None,
        "completion_pct_display": pct_display(ev.completion_pct) if ev else None,
        "result_display": result_display(t, ev.result) if ev else None,
        "target_display": target_display(t, ev.result if ev else None),
        "basis": s.basis,
        "error": s.error,
    } | approval_out(s)


def figure_out(f: Figure) -> dict:
    return {
        "id": f.pk,
        "version": version_of(f),
        "committee_id": f.committee_id,
        "term_id": f.term_id,
        "year": f.year,
        "indicator": f.indicator,
        "label": f.label,
        "value": dec(f.value),
        "value_max": dec(f.value_max),
        "of": dec(f.of),
        "unit": f.unit,
        "counted": f.counted,
        "role": f.role,
        "display": display(f.value, f.unit, f.counted, value_max=f.value_max, of=f.of),
        "entered_by": f.entered_by.username if f.entered_by_id and f.entered_by else None,
        "document_id": f.document_id,
        "span_start": f.span_start,
        "span_end": f.span_end,
        "source_text": f.source_text,
    }


def document_out(d: SourceDocument, with_text: bool = False) -> dict:
    out = {
        "id": d.pk,
        "committee_id": d.committee_id,
        "name": d.name,
        "uploaded_by": d.uploaded_by.username if d.uploaded_by_id and d.uploaded_by else None,
        "uploaded_at": d.uploaded_at,
        "length": d.text_length if hasattr(d, "text_length") else len(d.text),
    }
    if with_text:
        out["text"] = d.text
    return out
