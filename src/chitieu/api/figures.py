"""Figures a committee reports besides its targets' results, the source documents they come from,
and the extractor that proposes them from an uploaded report."""

import importlib
import logging
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from django.db import transaction
from django.db.models import Prefetch
from django.db.models.functions import Length
from django.http import HttpResponse
from ninja import File, Form, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from chitieu.limits import MAX_UPLOAD_BYTES
from chitieu.orgs.audit import audit
from chitieu.orgs.models import AuditEntry
from chitieu.plans import uploads
from chitieu.plans.merges import merged_figures
from chitieu.plans.models import Figure, Result, SourceDocument, Target, Term
from chitieu.plans.workflow import WorkflowError
from chitieu.versions import check_version

from .numbers import dec, display, parse_machine, parse_text, pct
from .responses import if_match, set_etag, status
from .schemas import (
    AcceptOut,
    DocumentDetail,
    DocumentOut,
    ErrorOut,
    ExtractOut,
    FigureIn,
    FigureOut,
    MergedFigureOut,
    ProposalFigureOut,
)
from .scope import get_committee, get_document, get_figure, require_edit
from .serialize import document_out, figure_out

logger = logging.getLogger(__name__)
router = Router(tags=["figures"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 412: ErrorOut}


# --- figures --------------------------------------------------------------------------------------


class FigureFilter(Schema):
    indicator: str | None = Field(None, max_length=60)
    year: int | None = Field(None, ge=0, le=9999)
    term_id: int | None = Field(None, ge=1, le=2**63 - 1)
    role: str | None = Field(None, max_length=12)


@router.get("/committees/{unit_id}/figures", response={200: list[FigureOut], **ERRORS}, summary="A committee's figures")
def list_figures(request, unit_id: int, filters: Query[FigureFilter]):
    committee = get_committee(request.user, unit_id)
    qs = Figure.objects.filter(committee=committee).select_related("entered_by")
    if filters.indicator:
        qs = qs.filter(indicator=filters.indicator)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.term_id is not None:
        qs = qs.filter(term_id=filters.term_id)
    if filters.role:
        qs = qs.filter(role=filters.role)
    return [figure_out(f) for f in qs.order_by("indicator", "year", "id")]


def _figure_fields(committee, data: FigureIn) -> dict:
    if (data.value is None) == (data.text is None):
        raise HttpError(400, "Cần đúng một trong 'value' hoặc 'text' / give exactly one of 'value' or 'text'")
    if data.text is not None:
        q = parse_text(data.text)
        value, unit, value_max, of = q.value, q.unit.value, q.value_max, q.of
        counted = data.counted or q.counted or ""
        if data.unit is not None and data.unit != unit:
            raise HttpError(400, f"'{data.text}' không phải đơn vị {data.unit} / the text is not in unit {data.unit}")
    else:
        if data.unit is None:
            raise HttpError(400, "Cần 'unit' khi ghi 'value' / 'value' needs 'unit'")
        value, unit, value_max, of = parse_machine(data.value), data.unit, None, None
        counted = data.counted
    if data.value_max is not None:
        value_max = parse_machine(data.value_max, "value_max")
    if data.of is not None:
        of = parse_machine(data.of, "of")
    if value_max is not None and value_max < value:
        raise HttpError(400, "Khoảng giá trị ngược / range runs backwards")
    term = None
    if data.term_id is not None:
        term = Term.objects.filter(pk=data.term_id, committee=committee).first()
        if term is None:
            raise HttpError(400, "Không có nhiệm kỳ này trong đơn vị / no such term in this committee")
    document, span = None, (None, None)
    if data.document_id is not None:
        document = SourceDocument.objects.filter(pk=data.document_id, committee=committee).only("pk", "text").first()
        if document is None:
            raise HttpError(400, "Không có tài liệu này trong đơn vị / no such document in this committee")
        if (data.span_start is None) != (data.span_end is None):
            raise HttpError(400, "Cần cả span_start và span_end / give both span_start and span_end")
        if data.span_start is not None:
            if not data.span_start < data.span_end <= len(document.text):
                raise HttpError(400, "Vị trí ngoài tài liệu / the span is outside the document")
            span = (data.span_start, data.span_end)
    elif data.span_start is not None or data.span_end is not None:
        raise HttpError(400, "Vị trí cần kèm tài liệu / a span needs a document_id")
    return {
        "label": data.label.strip(),
        "value": value,
        "value_max": value_max,
        "of": of,
        "unit": unit,
        "counted": counted[:120],
        "indicator": data.indicator,
        "year": data.year,
        "term": term,
        "role": data.role,
        "source_text": data.source_text,
        "document": document,
        "span_start": span[0],
        "span_end": span[1],
    }


def _figure_snapshot(f: Figure) -> dict:
    return {
        "label": f.label,
        "indicator": f.indicator,
        "year": f.year,
        "value": dec(f.value),
        "unit": f.unit,
        "role": f.role,
    }


@router.post("/committees/{unit_id}/figures", response={201: FigureOut, **ERRORS}, summary="Add a figure")
def create_figure(request, unit_id: int, data: FigureIn):
    committee = get_committee(request.user, unit_id)
    require_edit(request.user, committee)
    fields = _figure_fields(committee, data)
    with transaction.atomic():
        figure = Figure.objects.create(committee=committee, entered_by=request.user, **fields)
        audit(request.user, committee, "figure.create", figure, None, _figure_snapshot(figure))
    return status(201, figure_out(figure))


@router.get("/figures/{figure_id}", response={200: FigureOut, **ERRORS}, summary="One figure")
def figure_detail(request, figure_id: int, response: HttpResponse):
    figure = get_figure(request.user, figure_id)
    set_etag(response, figure)
    return figure_out(figure)


@router.put("/figures/{figure_id}", response={200: FigureOut, **ERRORS}, summary="Change a figure")
def update_figure(request, figure_id: int, data: FigureIn, response: HttpResponse):
    figure = get_figure(request.user, figure_id)
    require_edit(request.user, figure.committee)
    fields = _figure_fields(figure.committee, data)
    old = _figure_snapshot(figure)
    with transaction.atomic():
        check_version(Figure.objects.select_for_update().get(pk=figure.pk), if_match(request))
        for k, v in fields.items():
            setattr(figure, k, v)
        figure.entered_by = request.user
        figure.save()
        audit(request.user, figure.committee, "figure.update", figure, old, _figure_snapshot(figure))
    set_etag(response, figure)
    return figure_out(figure)


@router.delete("/figures/{figure_id}", response={204: None, **ERRORS}, summary="Delete a figure")
def delete_figure(request, figure_id: int):
    figure = get_figure(request.user, figure_id)
    require_edit(request.user, figure.committee)
    with transaction.atomic():
        check_version(Figure.objects.select_for_update().get(pk=figure.pk), if_match(request))
        audit(request.user, figure.committee, "figure.delete", figure, _figure_snapshot(figure), None)
        figure.delete()
    return status(204, None)


# --- documents ------------------------------------------------------------------------------------


@router.get(
    "/committees/{unit_id}/documents",
    response={200: list[DocumentOut], **ERRORS},
    summary="Reports uploaded for a committee",
)
def list_documents(request, unit_id: int):
    committee = get_committee(request.user, unit_id)
    qs = (
        SourceDocument.objects.filter(committee=committee)
        .select_related("uploaded_by")
        .defer("text")
        .annotate(text_length=Length("text"))
        .order_by("-uploaded_at", "-id")
    )
    return [document_out(d) for d in qs]


def _check_upload(file: UploadedFile) -> None:
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise HttpError(413, f"Tệp quá lớn (tối đa {MAX_UPLOAD_BYTES // 1024 // 1024} MB) / file too large")


@router.post(
    "/committees/{unit_id}/documents",
    response={201: DocumentOut, **ERRORS, 413: ErrorOut, 503: ErrorOut},
    summary="Upload a report (.txt, .docx, .pdf, .html); its plain text is stored",
    description="Then GET /documents/{id}/proposals for the figures the extractor proposes, and accept them.",
)
def upload_document(request, unit_id: int, file: File[UploadedFile]):
    committee = get_committee(request.user, unit_id)
    require_edit(request.user, committee)
    _check_upload(file)
    _extractor()
    try:
        doc = uploads.store_document(request.user, committee, Path(file.name or "upload").name, file.read())
    except uploads.UploadError as exc:
        raise HttpError(400, str(exc)) from None
    doc.text_length = len(doc.text)
    return status(201, document_out(doc))


@router.get("/documents/{document_id}", response={200: DocumentDetail, **ERRORS}, summary="A document's text")
def document_detail(request, document_id: int):
    return document_out(get_document(request.user, document_id), with_text=True)


@router.delete("/documents/{document_id}", response={204: None, **ERRORS}, summary="Delete an uploaded document")
def delete_document(request, document_id: int):
    doc = get_document(request.user, document_id)
    require_edit(request.user, doc.committee)
    with transaction.atomic():
        audit(request.user, doc.committee, "document.delete", doc, {"name": doc.name}, None)
        doc.delete()
    return status(204, None)


@router.get(
    "/documents/{document_id}/proposals",
    response={200: list[ProposalFigureOut], **ERRORS, 503: ErrorOut},
    summary="Figures the extractor proposes from a document, matched to the committee's targets",
    description="Accept one with POST /documents/{id}/accept {index, target_id?, year?}.",
)
def document_proposals(request, document_id: int):
    doc = get_document(request.user, document_id)
    _extractor()
    term = Term.objects.filter(committee=doc.committee).order_by("-start_year").first()
    results = Result.objects.only("id", "target_id", "year", "document_id", "span_start")
    targets = list(
        Target.objects.filter(term__committee=doc.committee)
        .select_related("term")
        .prefetch_related(Prefetch("results", queryset=results))
    )
    try:
        proposals = uploads.proposals(doc, targets, term)
    except Exception:
        logger.exception("extractor failed on document %s", doc.pk)
        raise HttpError(503, EXTRACTOR_FAILED) from None
    return [
        {
            "index": p.index,
            "fact": _fact_from_dict(p.fact),
            "sentence": p.sentence,
            "target_id": p.target.pk if p.target else None,
            "target_text": p.target.text if p.target else None,
            "accepted": p.accepted,
        }
        for p in proposals
    ]


class AcceptIn(Schema):
    index: int = Field(..., ge=0, le=10**6, description="The proposal's index.")
    target_id: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Store as this target's result; omit to store as a figure."
    )
    year: Annotated[int, Field(ge=0, le=9999)] | Literal["term"] | None = Field(
        None, description='The year of the figure ("term" or null: the term).'
    )
    confirm: bool = Field(
        False,
        description="Replace a different result already stored for that target and year. Without it such a "
        "figure is refused with 409, its message naming both values; the same value is left as it is "
        '(action "result.unchanged").',
    )


@router.post(
    "/documents/{document_id}/accept",
    response={200: AcceptOut, **ERRORS, 503: ErrorOut},
    summary="Accept a proposed figure: as a target's result, or as a figure of the committee",
)
def accept_proposal(request, document_id: int, data: AcceptIn):
    doc = get_document(request.user, document_id)
    require_edit(request.user, doc.committee)
    _extractor()
    year = None if data.year in (None, "term") else int(data.year)
    if data.target_id is not None:
        target = Target.objects.select_related("term").filter(pk=data.target_id, term__committee=doc.committee).first()
        if target is None:
            raise HttpError(400, "Chỉ tiêu không thuộc đơn vị này / target not of this committee")
        if year is not None and not target.term.start_year <= year <= target.term.end_year:
            raise HttpError(400, f"Năm {year} ngoài nhiệm kỳ {target.term.label} / year outside the term")
    post = {"index": str(data.index), "target": str(data.target_id or ""), "year": "" if year is None else str(year)}
    if data.confirm:
        post["confirm"] = "1"
    try:
        with transaction.atomic():
            stored = uploads.accept(request.user, doc, post)
    except uploads.ReplaceAsked as ask:
        raise HttpError(409, str(ask)) from None
    except uploads.AlreadyStored as same:
        return {"action": "result.unchanged", "object_type": "result", "object_id": str(same.current.pk)}
    except WorkflowError:
        raise
    except ValueError as exc:
        raise HttpError(400, str(exc)) from None
    object_type = type(stored).__name__.lower()
    entry = (
        AuditEntry.objects.filter(object_type=object_type, object_id=str(stored.pk))
        .order_by("-id")
        .values_list("action", flat=True)
        .first()
    )
    return {"action": entry or "", "object_type": object_type, "object_id": str(stored.pk)}


@router.get(
    "/committees/{unit_id}/merged-figures",
    response={200: list[MergedFigureOut], **ERRORS},
    summary="A merged committee's history: its predecessors' figures summed, where they add up",
)
def merged(request, unit_id: int):
    committee = get_committee(request.user, unit_id)
    rows = merged_figures(committee)
    return [
        {
            "indicator": r["indicator"].key,
            "indicator_name": r["indicator"].name,
            "year": r["year"],
            "total": dec(r["total"]),
            "display": display(r["total"], r["indicator"].unit.value, r["indicator"].counted),
            "units": r["units"],
            "complete": r["complete"],
        }
        for r in rows
    ]


# --- extraction without storing -------------------------------------------------------------------

EXTRACTOR_MISSING = "Chức năng trích xuất số liệu chưa sẵn sàng / the figure extractor is not available"
EXTRACTOR_FAILED = "Trình trích xuất gặp lỗi với tài liệu này / the extractor failed on this document"


def _extractor():
    try:
        extract = importlib.import_module("chitieu.extract")
    except Exception:  # the extractor is optional: a broken or missing one must not break the API
        logger.exception("chitieu.extract unavailable")
        raise HttpError(503, EXTRACTOR_MISSING) from None
    needed = ("extract_text", "read_text", "ExtractError", "SUPPORTED_SUFFIXES")
    if not all(hasattr(extract, n) for n in needed):
        raise HttpError(503, EXTRACTOR_MISSING)
    return extract


def _fact_from_dict(d: dict) -> dict:
    """A Fact.to_dict() (JSON numbers) with exact Decimal strings and a Vietnamese display."""

    def exact(v):
        return None if v is None else dec(Decimal(str(v)))

    value, value_max, of = (exact(d.get(k)) for k in ("value", "value_max", "of"))
    return {
        "text": d["text"],
        "start": d["start"],
        "end": d["end"],
        "value": value,
        "value_max": value_max,
        "of": of,
        "unit": d["unit"],
        "counted": d.get("counted"),
        "per": d.get("per"),
        "hedge": d.get("hedge"),
        "display": display(value, d["unit"], d.get("counted") or "", value_max=value_max, of=of),
        "indicator": d.get("indicator"),
        "role": d.get("role") or "actual",
        "year": d.get("year"),
        "subject": d.get("subject"),
        "claim": d.get("claim"),
    }


def _fact_out(f) -> dict:
    q = f.quantity
    return {
        "text": f.text,
        "start": f.start,
        "end": f.end,
        "value": dec(q.value),
        "value_max": dec(q.value_max),
        "of": dec(q.of),
        "unit": q.unit.value,
        "counted": q.counted,
        "per": q.per,
        "hedge": q.hedge.value if q.hedge else None,
        "display": display(q.value, q.unit.value, q.counted or "", value_max=q.value_max, of=q.of),
        "indicator": f.indicator,
        "role": f.role,
        "year": f.year,
        "subject": f.subject,
        "claim": f.claim,
    }


def _conflict_out(c) -> dict:
    return {
        "start": c.actual.start,
        "end": c.actual.end,
        "text": c.actual.text,
        "target": c.target.text if c.target else None,
        "indicator": c.actual.indicator,
        "claimed": c.claimed,
        "verdict": c.verdict,
        "completion_pct": pct(c.completion_pct),
        "description": c.describe() if hasattr(c, "describe") else "",
    }


def _read_upload(extract, upload: UploadedFile) -> tuple[str, str]:
    name = Path(upload.name or "upload.txt").name[:200]
    suffix = Path(name).suffix.lower()
    if suffix not in extract.SUPPORTED_SUFFIXES:
        raise HttpError(
            400,
            f"Không hỗ trợ loại tệp '{suffix or name}' (chỉ {', '.join(extract.SUPPORTED_SUFFIXES)}) "
            f"/ unsupported file type",
        )
    _check_upload(upload)
    with tempfile.TemporaryDirectory(prefix="chitieu-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with open(path, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        try:
            return name, extract.read_text(path)
        except extract.ExtractError as exc:
            raise HttpError(400, uploads.users_words(str(exc), path, name)) from None


@router.post(
    "/extract",
    response={200: ExtractOut, 400: ErrorOut, 413: ErrorOut, 503: ErrorOut},
    summary="Propose figures from a report without storing anything",
    description=(
        "Multipart form: `file` (.txt, .docx, .pdf, .html) or `text` (with an optional `name`). Returns every "
        "figure the extractor finds, with exact values, and the claims its own figures contradict. To keep the "
        "document and accept figures from it, upload it with POST /committees/{id}/documents instead."
    ),
)
def extract_figures(
    request,
    file: File[UploadedFile] = None,
    text: Form[str] = None,
    name: Form[str] = None,
):
    extract = _extractor()
    if (file is None) == (text is None):
        raise HttpError(400, "Cần đúng một trong 'file' hoặc 'text' / give exactly one of 'file' or 'text'")
    if file is not None:
        doc_name, body = _read_upload(extract, file)
    else:
        if len(text.encode("utf-8")) > MAX_UPLOAD_BYTES:
            raise HttpError(413, "Văn bản quá dài / text too long")
        doc_name, body = (name or "").strip()[:200] or "văn bản dán", text
    try:
        facts = extract.extract_text(body, doc=doc_name)
        conflicts = extract.check_claims(facts) if hasattr(extract, "check_claims") else []
    except extract.ExtractError as exc:
        raise HttpError(400, str(exc)) from None
    except Exception:
        logger.exception("extractor failed on %s", doc_name)
        raise HttpError(503, EXTRACTOR_FAILED) from None
    return {
        "name": doc_name,
        "length": len(body),
        "facts": [_fact_out(f) for f in facts],
        "conflicts": [_conflict_out(c) for c in conflicts],
    }
