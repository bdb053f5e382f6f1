"""Terms, targets, results and their workflow: draft → submitted → approved by the level above.

Every change goes through chitieu.plans.workflow (which checks rights again and writes the audit
entry) or, for the few changes it has no function for, writes its own audit entry here.
"""

import dataclasses
from typing import Annotated, Literal

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Prefetch
from django.http import HttpResponse
from django.utils import timezone
from ninja import File, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from chitieu.core.targets import Period, Shape, TargetError, parse_target
from chitieu.limits import MAX_UPLOAD_BYTES
from chitieu.orgs.audit import audit
from chitieu.plans import spreadsheet
from chitieu.plans.crosscheck import registry_conflicts
from chitieu.plans.evaluation import evaluate_term, evaluate_year, summary
from chitieu.plans.models import Result, SourceDocument, Status, Target, Term
from chitieu.plans.workflow import approve, propose_targets, reopen, save_target, set_result, submit
from chitieu.versions import check_version

from .numbers import parse_machine, value_for_result
from .paging import ListPage, paged
from .responses import if_match, set_etag, status
from .schemas import (
    ErrorOut,
    EvaluationOut,
    ImportErrorOut,
    ProposalOut,
    ProposeIn,
    ResultIn,
    ResultOut,
    ResultsImportOut,
    TargetIn,
    TargetOut,
    TermIn,
    TermOut,
)
from .scope import get_committee, get_result, get_target, get_term, require_edit, require_review
from .serialize import (
    Rights,
    parsed_target,
    registry_conflict_out,
    result_out,
    status_out,
    summary_out,
    target_out,
    term_out,
    unit_brief,
)

router = Router(tags=["plans"])


ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 412: ErrorOut}


def _results_prefetch():
    return Prefetch("results", queryset=Result.objects.select_related("entered_by").order_by("year"))


# --- terms ----------------------------------------------------------------------------------------


@router.get("/committees/{unit_id}/terms", response={200: list[TermOut], **ERRORS}, summary="A committee's terms")
def list_terms(request, unit_id: int):
    """A merged committee also lists its predecessors' terms: their history stays with it."""
    committee = get_committee(request.user, unit_id)
    ids = [committee.pk, *committee.predecessors.values_list("pk", flat=True)]
    return [term_out(t) for t in Term.objects.filter(committee_id__in=ids).order_by("-start_year", "committee_id")]


def _term_fields(data: TermIn) -> dict:
    end = data.end_year if data.end_year is not None else data.start_year + 5
    if end <= data.start_year or end - data.start_year > 10:
        raise HttpError(400, "Năm kết thúc nhiệm kỳ không hợp lệ / the term must end 1 to 10 years after it starts")
    return {
        "start_year": data.start_year,
        "end_year": end,
        "congress_ordinal": data.congress_ordinal,
        "congress_date": data.congress_date,
        "secretary": data.secretary.strip(),
    }


def _term_snapshot(t: Term) -> dict:
    return {k: str(v) if v is not None else None for k, v in term_out(t).items() if k not in ("id", "label")}


@router.post("/committees/{unit_id}/terms", response={201: TermOut, **ERRORS}, summary="Open a term")
def create_term(request, unit_id: int, data: TermIn):
    committee = get_committee(request.user, unit_id)
    require_edit(request.user, committee)
    fields = _term_fields(data)
    try:
        with transaction.atomic():
            term = Term.objects.create(committee=committee, **fields)
            audit(request.user, committee, "term.create", term, None, _term_snapshot(term))
    except IntegrityError:
        raise HttpError(
            409, f"Đã có nhiệm kỳ bắt đầu năm {data.start_year} / a term starting in {data.start_year} exists"
        ) from None
    return status(201, term_out(term))


@router.get("/terms/{term_id}", response={200: TermOut, **ERRORS}, summary="One term")
def term_detail(request, term_id: int, response: HttpResponse):
    term = get_term(request.user, term_id)
    set_etag(response, term)
    return term_out(term)


@router.put("/terms/{term_id}", response={200: TermOut, **ERRORS}, summary="Change a term")
def update_term(request, term_id: int, data: TermIn, response: HttpResponse):
    term = get_term(request.user, term_id)
    check_version(term, if_match(request))
    require_edit(request.user, term.committee)
    fields = _term_fields(data)
    outside = (
        term.targets.exclude(year__isnull=True)
        .exclude(year__gte=fields["start_year"], year__lte=fields["end_year"])
        .exists()
        or Result.objects.filter(target__term=term, year__isnull=False)
        .exclude(year__gte=fields["start_year"], year__lte=fields["end_year"])
        .exists()
    )
    if outside:
        raise HttpError(
            409, "Có chỉ tiêu hoặc kết quả ngoài các năm mới / targets or results fall outside the new years"
        )
    old = _term_snapshot(term)
    try:
        with transaction.atomic():
            check_version(Term.objects.select_for_update().get(pk=term.pk), if_match(request))
            for k, v in fields.items():
                setattr(term, k, v)
            term.save()
            audit(request.user, term.committee, "term.update", term, old, _term_snapshot(term))
    except IntegrityError:
        raise HttpError(409, f"Đã có nhiệm kỳ bắt đầu năm {data.start_year} / a term starting then exists") from None
    set_etag(response, term)
    return term_out(term)


@router.get(
    "/terms/{term_id}/evaluation",
    response={200: EvaluationOut, **ERRORS},
    summary="Verdict of every target and the summary line",
    description=(
        "Without parameters: each term target judged on the whole-term result if there is one, else on its "
        "yearly results. `year`: that year's plan targets (or the term targets judged on that year). "
        "`up_to`: only yearly results up to that year. `midterm`: the mid-term review — term totals pro rata "
        "(2.5 of 5 years), on the results up to `up_to` (default: start year + 2, as the committee page shows it)."
    ),
)
def evaluation(request, term_id: int, year: int | None = None, up_to: int | None = None, midterm: bool = False):
    term = get_term(request.user, term_id)
    for name, y in (("year", year), ("up_to", up_to)):
        if y is not None and not term.start_year <= y <= term.end_year:
            raise HttpError(400, f"'{name}' {y} ngoài nhiệm kỳ {term.label} / {name} is outside the term")
    if year is not None and (up_to is not None or midterm):
        raise HttpError(400, "Dùng 'year', hoặc 'up_to'/'midterm', không dùng cả hai / give year or up_to/midterm")
    if midterm and up_to is None:
        up_to = term.start_year + 2
    statuses = evaluate_year(term, year) if year is not None else evaluate_term(term, up_to=up_to, midterm=midterm)
    counts = dict(Result.objects.filter(target__term=term).values_list("status").annotate(n=Count("id")).order_by())
    return {
        "drafts": counts.get(Status.DRAFT, 0),
        "awaiting_approval": counts.get(Status.SUBMITTED, 0),
        "approved": counts.get(Status.APPROVED, 0),
        "term": term_out(term),
        "committee": unit_brief(term.committee),
        "year": year,
        "up_to": up_to,
        "midterm": midterm,
        "summary": summary_out(summary(statuses)),
        "targets": [status_out(s) for s in statuses],
        "party": _party(term, year, up_to),
        "registry_conflicts": [registry_conflict_out(c) for c in registry_conflicts(term)],
    }


def _party(term: Term, year: int | None, up_to: int | None) -> dict | None:
    """Members at the end of the years judged and admissions over them: the years the reports count
    (a year's report its year, a midterm review the years to mid-term, a term review term_years)."""
    from chitieu.party.indicators import members_over, term_years

    today = timezone.localdate()
    if year is not None:
        years = [year]
    elif up_to is not None:
        years = list(range(term.start_year, up_to + 1))
    else:
        years = term_years(term.start_year, term.end_year, today)
    if years[0] > today.year:
        return None
    found = members_over(term.committee, years)
    return {"years": found.years, "as_of": found.day, "members": found.members, "admitted": found.admitted}


# --- targets --------------------------------------------------------------------------------------


def _plan_year(term: Term, year: str | None) -> tuple[bool, int | None]:
    """The ``year`` filter of a target list: omitted (all), "term" (term targets) or a year."""
    if year is None or year == "":
        return False, None
    if year == "term":
        return True, None
    if not (year.isascii() and year.isdigit() and len(year) <= 4):
        raise HttpError(400, f"'year' phải là một năm hoặc 'term': {year!r} / year must be a year or 'term'")
    return True, int(year)


@router.get(
    "/terms/{term_id}/targets",
    response={200: list[TargetOut], **ERRORS},
    summary="Targets of a term with their results",
    description="`year` omitted: all targets; `term`: the resolution's term targets; a year: that year's plan.",
)
def list_targets(request, response: HttpResponse, term_id: int, year: str | None = None, page: Query[ListPage] = None):
    term = get_term(request.user, term_id)
    filtered, y = _plan_year(term, year)
    qs = term.targets.order_by("year", "number", "pk")
    if filtered:
        qs = qs.filter(year=y) if y is not None else qs.filter(year__isnull=True)
    rights = Rights(request.user, term.committee)
    rows = paged(qs.prefetch_related(_results_prefetch()), page or ListPage(), response)
    return [target_out(t, rights, list(t.results.all())) for t in rows]


def _core_target(data: TargetIn):
    """Read the phrase with the core parser, then apply the user's corrections."""
    try:
        core = parse_target(data.text, data.indicator or None)
    except (TargetError, ValueError) as exc:
        raise HttpError(400, str(exc)) from None
    except KeyError as exc:  # an unknown indicator key
        raise HttpError(400, str(exc.args[0]) if exc.args else "unknown indicator") from None
    changes = {}
    if data.shape is not None:
        changes["shape"] = Shape(data.shape)
    if data.direction is not None:
        changes["direction"] = data.direction
    if data.period is not None:
        changes["period"] = Period(data.period) if data.period else None
    if data.strict is not None:
        changes["strict"] = data.strict
    if data.value is not None:
        changes["value"] = parse_machine(data.value, "value")
    if data.value_max is not None:
        changes["value_max"] = parse_machine(data.value_max, "value_max") if data.value_max != "" else None
    core = dataclasses.replace(core, **changes)
    if core.value_max is not None and core.value_max < core.value:
        raise HttpError(400, "Khoảng giá trị ngược (value_max < value) / range runs backwards")
    if core.shape in (Shape.RANGE, Shape.BAND) and core.value_max is None:
        raise HttpError(400, "Chỉ tiêu dạng khoảng cần 'value_max' / a range or band target needs value_max")
    return core


def _check_year(term: Term, year: int | None) -> None:
    if year is not None and not term.start_year <= year <= term.end_year:
        raise HttpError(400, f"Năm {year} ngoài nhiệm kỳ {term.label} / year {year} is outside the term {term.label}")


def _locked_target(target: Target) -> bool:
    return target.results.filter(status=Status.APPROVED).exists()


@router.post("/terms/{term_id}/targets", response={201: TargetOut, **ERRORS}, summary="Add a target")
def create_target(request, term_id: int, data: TargetIn):
    term = get_term(request.user, term_id)
    require_edit(request.user, term.committee)
    _check_year(term, data.year)
    core = _core_target(data)
    number = data.number
    if number is None:
        top = term.targets.filter(year=data.year).aggregate(n=Max("number"))["n"]
        number = (top or 0) + 1
    target = save_target(request.user, term, core, number=number, year=data.year)
    return status(201, target_out(target, Rights(request.user, term.committee), []))


@router.post(
    "/terms/{term_id}/targets/propose",
    response={200: list[ProposalOut], **ERRORS},
    summary="Read pasted main targets into proposals (nothing is saved)",
)
def propose(request, term_id: int, data: ProposeIn):
    term = get_term(request.user, term_id)
    require_edit(request.user, term.committee)
    out = []
    for p in propose_targets(data.text):
        out.append(
            {
                "number": p["number"],
                "text": p["text"],
                "target": parsed_target(p["target"]) if p["target"] is not None else None,
                "error": p["error"],
            }
        )
    return out


@router.get("/targets/{target_id}", response={200: TargetOut, **ERRORS}, summary="One target with its results")
def target_detail(request, target_id: int, response: HttpResponse):
    target = get_target(request.user, target_id)
    set_etag(response, target)
    results = list(target.results.select_related("entered_by").order_by("year"))
    return target_out(target, Rights(request.user, target.term.committee), results)


@router.put(
    "/targets/{target_id}",
    response={200: TargetOut, **ERRORS},
    summary="Change a target",
    description="Replaces the target: send every field (`year` null is a term target). Locked (409) while any "
    "of its results is approved.",
)
def update_target(request, target_id: int, data: TargetIn, response: HttpResponse):
    target = get_target(request.user, target_id)
    term = target.term
    require_edit(request.user, term.committee)
    check_version(target, if_match(request))
    _check_year(term, data.year)
    if data.year != target.year and target.results.exists():
        raise HttpError(409, "Chỉ tiêu đã có kết quả, không đổi năm được / a target with results keeps its year")
    if _locked_target(target):
        raise HttpError(
            409,
            "Chỉ tiêu có kết quả đã duyệt, cần mở lại trước khi sửa "
            "/ a target with approved results is locked until they are reopened",
        )
    core = _core_target(data)
    number = data.number if data.number is not None else target.number
    with transaction.atomic():
        check_version(Target.objects.select_for_update().get(pk=target.pk), if_match(request))
        target = save_target(request.user, term, core, number=number, year=data.year, target=target)
    set_etag(response, target)
    results = list(target.results.select_related("entered_by").order_by("year"))
    return target_out(target, Rights(request.user, term.committee), results)


@router.delete("/targets/{target_id}", response={204: None, **ERRORS}, summary="Delete a target and its results")
def delete_target(request, target_id: int):
    target = get_target(request.user, target_id)
    committee = target.term.committee
    require_edit(request.user, committee)
    if _locked_target(target):
        raise HttpError(409, "Chỉ tiêu có kết quả đã duyệt, không xóa được / a target with approved results is locked")
    old = {"number": target.number, "year": target.year, "text": target.text, "value": str(target.value)}
    old["results"] = [{"year": r.year, "value": str(r.value), "status": r.status} for r in target.results.all()]
    with transaction.atomic():
        check_version(Target.objects.select_for_update().get(pk=target.pk), if_match(request))
        audit(request.user, committee, "target.delete", target, old, None)
        target.delete()
    return status(204, None)


# --- results --------------------------------------------------------------------------------------


def _year_segment(target: Target, year: str) -> int | None:
    """The {year} of a result's URL: a year of the term, or "term"; a yearly plan target has only its year."""
    if year == "term":
        y = None
    elif year.isascii() and year.isdigit() and len(year) <= 4:
        y = int(year)
        _check_year(target.term, y)
    else:
        raise HttpError(400, f"Năm không hợp lệ: {year!r} (một năm, hoặc 'term') / year must be a year or 'term'")
    if target.year is not None and y != target.year:
        raise HttpError(
            400,
            f"Chỉ tiêu kế hoạch năm {target.year} chỉ có kết quả năm {target.year} "
            f"/ a {target.year} plan target has a {target.year} result only",
        )
    return y


@router.get("/targets/{target_id}/results", response={200: list[ResultOut], **ERRORS}, summary="Results of a target")
def list_results(request, response: HttpResponse, target_id: int, page: Query[ListPage] = None):
    target = get_target(request.user, target_id)
    rights = Rights(request.user, target.term.committee)
    qs = target.results.select_related("entered_by").order_by("year", "pk")
    return [result_out(r, target, rights) for r in paged(qs, page or ListPage(), response)]


def _source(committee, data: ResultIn | object) -> tuple:
    """The document and span a figure was read from, checked against the committee's documents."""
    doc_id = getattr(data, "document_id", None)
    start, end = getattr(data, "span_start", None), getattr(data, "span_end", None)
    if doc_id is None:
        if start is not None or end is not None:
            raise HttpError(400, "Vị trí cần kèm tài liệu / a span needs a document_id")
        return None, None
    doc = SourceDocument.objects.filter(pk=doc_id, committee=committee).only("pk", "text").first()
    if doc is None:
        raise HttpError(400, "Không có tài liệu này trong đơn vị / no such document in this committee")
    if (start is None) != (end is None):
        raise HttpError(400, "Cần cả span_start và span_end / give both span_start and span_end")
    if start is not None and not (start < end <= len(doc.text)):
        raise HttpError(400, "Vị trí ngoài tài liệu / the span is outside the document")
    return doc, (start, end) if start is not None else None


@router.put(
    "/targets/{target_id}/results/{year}",
    response={200: ResultOut, 201: ResultOut, **ERRORS},
    summary="Enter a result for a year, or for the whole term (year = term)",
    description=(
        "Creates or changes the result (back to draft). The value is `value` (machine decimal) or `text` "
        '(a Vietnamese phrase: "11,74%", "124.857 triệu đồng"). Fields left out keep their stored values. '
        "Approved results are locked: 409. With If-Match (or `version`), a result changed meanwhile: 412."
    ),
)
def put_result(request, target_id: int, year: str, data: ResultIn, response: HttpResponse):
    target = get_target(request.user, target_id)
    term = target.term
    require_edit(request.user, term.committee)
    y = _year_segment(target, year)
    value = value_for_result(data.value, data.text, target, y)
    sent = data.model_fields_set
    given = {k: getattr(data, k) for k in ("source_text", "claim", "note") if k in sent}
    if sent & {"document_id", "span_start", "span_end"}:
        given["document"], given["span"] = _source(term.committee, data)
    existed = Result.objects.filter(target=target, year=y).exists()
    seen = if_match(request) or data.version
    result = set_result(request.user, target, y, value, seen=seen, **given)
    set_etag(response, result)
    return status(200 if existed else 201, result_out(result, target, Rights(request.user, term.committee)))


@router.delete("/targets/{target_id}/results/{year}", response={204: None, **ERRORS}, summary="Delete a result")
def delete_result(request, target_id: int, year: str):
    target = get_target(request.user, target_id)
    committee = target.term.committee
    require_edit(request.user, committee)
    y = _year_segment(target, year)
    result = Result.objects.filter(target=target, year=y).first()
    if result is None:
        raise HttpError(404, "Chưa có kết quả này / no such result")
    if result.status == Status.APPROVED:
        raise HttpError(
            409, "Số liệu đã được duyệt, cần mở lại trước khi xóa / approved figures are locked until reopened"
        )
    with transaction.atomic():
        check_version(Result.objects.select_for_update().filter(pk=result.pk).first(), if_match(request))
        audit(request.user, committee, "result.delete", result, {"year": y, "value": str(result.value)}, None)
        result.delete()
    return status(204, None)


@router.get("/results/{result_id}", response={200: ResultOut, **ERRORS}, summary="One result")
def result_detail(request, result_id: int, response: HttpResponse):
    r = get_result(request.user, result_id)
    set_etag(response, r)
    return result_out(r, r.target, Rights(request.user, r.target.term.committee))


def _transition(request, result_id: int, fn, review: bool):
    r = get_result(request.user, result_id)
    committee = r.target.term.committee
    (require_review if review else require_edit)(request.user, committee)
    fn(request.user, [r])
    return result_out(r, r.target, Rights(request.user, committee))


@router.post("/results/{result_id}/submit", response={200: ResultOut, **ERRORS}, summary="Submit a draft result")
def submit_result(request, result_id: int):
    return _transition(request, result_id, submit, review=False)


@router.post("/results/{result_id}/approve", response={200: ResultOut, **ERRORS}, summary="Approve a submitted result")
def approve_result(request, result_id: int):
    return _transition(request, result_id, approve, review=True)


@router.post("/results/{result_id}/reopen", response={200: ResultOut, **ERRORS}, summary="Reopen a result to draft")
def reopen_result(request, result_id: int):
    return _transition(request, result_id, reopen, review=True)


class BulkIn(Schema):
    year: Annotated[int, Field(ge=0, le=9999)] | Literal["term"] | None = Field(
        None, description='Only this year\'s results ("term": the whole-term ones).'
    )
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] | None = Field(
        None, max_length=1000, description="Only these results; default: every result of the term in the right status."
    )


BULK = {
    "submit": (submit, Status.DRAFT, False),
    "approve": (approve, Status.SUBMITTED, True),
    "reopen": (reopen, Status.APPROVED, True),
}


def _bulk(request, term_id: int, data: BulkIn, action: str):
    fn, from_status, review = BULK[action]
    term = get_term(request.user, term_id)
    (require_review if review else require_edit)(request.user, term.committee)
    qs = Result.objects.filter(target__term=term).select_related("target__term__committee", "entered_by")
    if data.year == "term":
        qs = qs.filter(year__isnull=True)
    elif data.year is not None:
        qs = qs.filter(year=data.year)
    if data.ids is not None:
        results = list(qs.filter(pk__in=data.ids))
        if len(results) != len(set(data.ids)):
            raise HttpError(404, "Có kết quả không thuộc nhiệm kỳ này / some results are not in this term")
    else:
        results = list(qs.filter(status=from_status))
    fn(request.user, results)
    rights = Rights(request.user, term.committee)
    return [result_out(r, r.target, rights) for r in results]


@router.post(
    "/terms/{term_id}/submit",
    response={200: list[ResultOut], **ERRORS},
    summary="Submit the term's draft results (all, one year's, or the given ids)",
)
def submit_term(request, term_id: int, data: BulkIn):
    return _bulk(request, term_id, data, "submit")


@router.post(
    "/terms/{term_id}/approve",
    response={200: list[ResultOut], **ERRORS},
    summary="Approve the term's submitted results (reviewer of the level above)",
)
def approve_term(request, term_id: int, data: BulkIn):
    return _bulk(request, term_id, data, "approve")


@router.post(
    "/terms/{term_id}/reopen",
    response={200: list[ResultOut], **ERRORS},
    summary="Reopen the term's approved results (reviewer of the level above)",
)
def reopen_term(request, term_id: int, data: BulkIn):
    return _bulk(request, term_id, data, "reopen")


# --- the results workbook -------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/terms/{term_id}/results.xlsx",
    response={200: None, **ERRORS},
    summary="The results workbook of a term (XLSX), as the page offers it",
    openapi_extra={"responses": {200: {"description": "XLSX workbook", "content": {XLSX: {}}}}},
)
def results_workbook(request, term_id: int):
    term = get_term(request.user, term_id)
    response = HttpResponse(spreadsheet.results_template(term), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ket-qua-{term.committee_id}-{term.label}.xlsx"'
    return response


@router.post(
    "/terms/{term_id}/results/import",
    response={200: ResultsImportOut, 400: ImportErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut},
    summary="Import the filled-in results workbook (all or nothing)",
)
def import_workbook(request, term_id: int, file: File[UploadedFile]):
    term = get_term(request.user, term_id)
    require_edit(request.user, term.committee)
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise HttpError(413, "Tệp quá lớn (tối đa 20 MB) / file too large (20 MB at most)")
    try:
        count = spreadsheet.import_results(request.user, term, file.read())
    except spreadsheet.ImportFailed as exc:
        errors = [str(e) for e in exc.errors]
        return status(400, {"detail": "Không nhập được tệp / the workbook was not imported", "errors": errors})
    return {"imported": count}
