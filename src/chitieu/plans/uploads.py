"""Uploaded reports and articles: the extractor proposes figures, the user accepts them one by one,
or every one the extractor matched to a target and a year at once (accept_suggested).

The document's plain text is stored, so every accepted figure keeps its span and sentence.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django import forms
from django.conf import settings
from django.db import transaction
from django.http import Http404

from chitieu.core.catalog import indicators
from chitieu.core.quantity import format_number, unit_name
from chitieu.core.verdicts import show_stored
from chitieu.extract import ExtractError, extract_text, read_text
from chitieu.limits import MAX_UPLOAD_BYTES, too_large_message
from chitieu.orgs.access import can_edit, can_view
from chitieu.orgs.audit import audit
from chitieu.orgs.models import Unit
from chitieu.versions import NO_RECORD, version_of

from .forms import clean_result
from .models import Figure, Result, SourceDocument, Status, Target, Term
from .workflow import WorkflowError, check_year, set_result


class UploadError(ValueError):
    pass


def _when(year: int | None) -> str:
    return f"năm {year}" if year is not None else "cả nhiệm kỳ"


def _shown(target: Target, value: Decimal, year: int | None) -> str:
    return show_stored(target.as_core(), Decimal(value), year, places=2)


class ReplaceAsked(Exception):
    """A figure from a document differs from the result already stored for that target and year
    (typed by hand, or read from another document): it replaces it only once the user, shown both,
    confirms (a second POST with ``confirm=1`` and the stored result's version as ``seen``)."""

    def __init__(self, target: Target, year: int | None, current: Result, value: Decimal):
        self.target, self.year, self.current, self.value = target, year, current, value
        self.current_display = _shown(target, current.value, year)
        self.new_display = _shown(target, value, year)
        self.seen = version_of(current)
        super().__init__(
            f"Chỉ tiêu «{target.text}» {_when(year)} đã có số liệu {self.current_display} "
            f"({current.source_label}); tài liệu ghi {self.new_display}. Cần xác nhận trước khi thay "
            f"/ a different result is stored: confirm to replace it"
        )


class AlreadyStored(Exception):
    """The figure is the result already stored for that target and year: nothing to do."""

    def __init__(self, target: Target, year: int | None, current: Result):
        self.target, self.year, self.current = target, year, current
        super().__init__(
            f"Chỉ tiêu «{target.text}» {_when(year)} đã có đúng số liệu này "
            f"({_shown(target, current.value, year)}, {current.source_label}); không cần nhận lại."
        )


def store_document(user, committee: Unit, name: str, data: bytes) -> SourceDocument:
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(too_large_message(len(data)))
    name = os.path.basename(name)
    suffix = os.path.splitext(name)[1].lower()
    with tempfile.TemporaryDirectory(prefix="chitieu-upload-") as tmp:
        path = Path(tmp) / f"chitieu-upload{suffix}"
        path.write_bytes(data)
        try:
            text = read_text(path)
        except ExtractError as exc:
            raise UploadError(users_words(str(exc), path, name)) from None
    doc = SourceDocument(committee=committee, name=name, text=text, uploaded_by=user)
    if not reads_in_background(doc):
        document_facts(doc)  # read once, on upload; a long one is read by a job (plans.tasks)
    doc.save()
    audit(user, committee, "document.upload", doc, None, {"name": doc.name, "chars": len(text)})
    return doc


def users_words(message: str, path: Path, name: str) -> str:
    """A reader's message about the server's temporary copy, told of the user's own file: its path
    and its bare name both become the name the user uploaded (in one pass, so a name that contains
    the temporary one is not replaced again)."""
    return re.sub(f"{re.escape(str(path))}|{re.escape(path.name)}", lambda _: name, message)


def get_document_for_user(user, document_id: int, *, edit: bool = False) -> SourceDocument:
    doc = SourceDocument.objects.select_related("committee", "committee__parent").filter(pk=document_id).first()
    if doc is None or not can_view(user, doc.committee) or (edit and not can_edit(user, doc.committee)):
        raise Http404("Không tìm thấy / not found")
    return doc


# What the extractor's roles are called on the page (chitieu.extract.model.ROLES).
ROLE_LABELS = {
    "actual": "kết quả thực hiện",
    "target": "chỉ tiêu đề ra",
    "baseline": "mốc ban đầu",
    "achievement": "% so với kế hoạch",
}


@dataclass
class Proposal:
    index: int
    fact: dict
    sentence: str
    target: Target | None  # the target whose indicator the figure matches
    accepted: bool
    stored: Result | None = None  # that target's result already stored for the figure's year
    year: int | None = None  # the year the page proposes: the figure's own, else its target's

    @property
    def suggested(self) -> bool:
        """Taken by "accept all": a target and a year proposed, and not accepted yet."""
        return self.target is not None and self.year is not None and not self.accepted

    @property
    def stored_display(self) -> str:
        """The stored result in the target's terms ("2,5%"): accepting another value asks first."""
        if self.stored is None or self.target is None:
            return ""
        return _shown(self.target, self.stored.value, self.stored.year)

    @property
    def indicator_name(self) -> str:
        """The catalog's Vietnamese name of the figure's indicator ("Tỷ lệ hộ nghèo"), or ""."""
        ind = indicators().get(self.fact.get("indicator") or "")
        return ind.name if ind is not None else ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.fact.get("role") or "actual", self.fact.get("role") or "")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence around a span: from the previous full stop, line break or ";" to the next one
    (reviews list their targets as ";"-separated clauses)."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind(";", 0, start))
    rights = [i for i in (text.find(". ", end), text.find("\n", end), text.find(";", end)) if i != -1]
    right = min(rights) if rights else len(text)
    return " ".join(text[left + 1 : right + 1].split())


def figure_fields(d: dict, sentence: str) -> dict:
    """A Figure's fields from one extracted fact (``Fact.to_dict()``), linked to its span."""
    return {
        "indicator": d.get("indicator") or "",
        "label": sentence[:300],
        "value": Decimal(str(d["value"])),
        "value_max": _dec(d.get("value_max")),
        "of": _dec(d.get("of")),
        "unit": d["unit"],
        "counted": d.get("counted") or "",
        "role": d.get("role") or "actual",
        "span_start": d["start"],
        "span_end": d["end"],
        "source_text": sentence,
    }


@cache
def extractor_version() -> str:
    """A fingerprint of the extractor's rules (its code and word tables): stored facts read by
    other rules are read again."""
    import chitieu.extract as package

    h = hashlib.sha256()
    for path in sorted(Path(package.__file__).parent.rglob("*")):
        if path.suffix in (".py", ".toml", ".json", ".txt") and "__pycache__" not in path.parts:
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def facts_ready(doc: SourceDocument) -> bool:
    return doc.facts is not None and doc.facts_version == extractor_version()


def reads_in_background(doc: SourceDocument) -> bool:
    """A document too long to read while the user waits on the request (about 1 s per 200,000
    characters: a 5 MB report took 27 s with no feedback) is read by a background job instead."""
    return not facts_ready(doc) and len(doc.text) > settings.CHITIEU_READ_IN_BACKGROUND_CHARS


def document_facts(doc: SourceDocument, progress=None) -> list[dict]:
    """The figures the extractor reads in the document: read once, then kept on the document."""
    version = extractor_version()
    if doc.facts is None or doc.facts_version != version:
        doc.facts = [f.to_dict() for f in extract_text(doc.text, doc=doc.name, progress=progress)]
        doc.facts_version = version
        if doc.pk is not None:
            SourceDocument.objects.filter(pk=doc.pk).update(facts=doc.facts, facts_version=version)
    return doc.facts


def proposals(doc: SourceDocument, targets: list[Target], term: Term | None) -> list[Proposal]:
    by_indicator = {t.indicator: t for t in targets if t.indicator and (term is None or t.term_id == term.pk)}
    taken = {(r.document_id, r.span_start) for t in targets for r in t.results.all()}
    taken |= set(Figure.objects.filter(document=doc).values_list("document_id", "span_start"))
    stored = {(r.target_id, r.year): r for t in targets for r in t.results.all()}
    out = []
    for i, d in enumerate(document_facts(doc)):
        if d.get("role") == "target":
            continue
        target = by_indicator.get(d.get("indicator") or "")
        if target is not None and target.unit != d["unit"]:
            target = None
        year_text = str(d.get("year") or "")
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else (target.year if target else None)
        out.append(
            Proposal(
                i,
                d,
                sentence_around(doc.text, d["start"], d["end"]),
                target,
                (doc.pk, d["start"]) in taken,
                stored.get((target.pk, year)) if target is not None else None,
                year,
            )
        )
    return out


def accept(user, doc: SourceDocument, post) -> Result | Figure:
    """Accept one proposed figure: as the result of a target for a year, or as a figure of the committee.
    Returns what it stored."""
    facts = document_facts(doc)
    try:
        d = facts[int(post.get("index", ""))]
    except (ValueError, IndexError):
        raise ValueError("Không tìm thấy số liệu đề xuất / proposal not found") from None
    if not can_edit(user, doc.committee):
        raise WorkflowError("Không có quyền / not allowed")
    value = Decimal(str(d["value"]))
    sentence = sentence_around(doc.text, d["start"], d["end"])
    year_text = (post.get("year") or "").strip()
    year = int(year_text) if year_text.isascii() and year_text.isdigit() and len(year_text) == 4 else None
    target_id = post.get("target") or ""
    if target_id:
        target = (
            Target.objects.select_related("term__committee")
            .filter(pk=int(target_id), term__committee=doc.committee)
            .first()
        )
        if target is None:
            raise ValueError("Chỉ tiêu không thuộc đơn vị này / target not of this committee")
        if target.unit != d["unit"]:
            raise ValueError(
                f"Đơn vị của số liệu ({unit_name(d['unit'])}) khác chỉ tiêu ({unit_name(target.unit)}) / unit mismatch"
            )
        value = _target_value(doc, d, target, year)
        # A result already stored (typed by hand, or from another document) is never replaced silently.
        current = Result.objects.select_related("entered_by", "document").filter(target=target, year=year).first()
        seen = version_of(current)
        if current is not None:
            if str(post.get("confirm") or "") != "1" or Decimal(current.value) == value:
                _ask_before_replacing(target, year, current, value)
            seen = post.get("seen") or seen  # the version the user was shown: a change since is a conflict
        return set_result(user, target, year, value, seen=seen, document=doc, span=(d["start"], d["end"]),
                          source_text=sentence, claim=d.get("claim") or "")  # fmt: skip
    term = _term_of(doc.committee, year)
    fig = Figure.objects.create(
        committee=doc.committee, term=term, year=year, entered_by=user, document=doc, **figure_fields(d, sentence)
    )
    audit(user, doc.committee, "figure.create", fig, None,
          {"value": str(value), "unit": d["unit"], "indicator": fig.indicator, "document": doc.name})  # fmt: skip
    return fig


def _target_value(doc: SourceDocument, d: dict, target: Target, year: int | None) -> Decimal:
    """The figure as a result of the target. Read as the results form reads what an office types:
    "giảm 1,2%" against a change target is the fall, "bằng 110% kế hoạch" a share of the plan
    (chitieu.plans.forms.clean_result)."""
    try:
        return clean_result(_figure_words(doc.text, d), target, year)
    except forms.ValidationError as exc:
        raise ValueError("; ".join(exc.messages)) from None


def _ask_before_replacing(target: Target, year: int | None, current: Result, value: Decimal) -> None:
    """Always raises: the same value is stored already, or another one that the user must see first."""
    if Decimal(current.value) == value:
        raise AlreadyStored(target, year, current)
    if current.status == Status.APPROVED:
        raise WorkflowError(
            f"Chỉ tiêu «{target.text}» {_when(year)} đã có số liệu đã duyệt "
            f"{_shown(target, current.value, year)}; tài liệu ghi {_shown(target, value, year)}. "
            "Cần cấp trên mở lại trước khi thay / approved figures are locked until reopened"
        )
    raise ReplaceAsked(target, year, current, value)


# Why "accept all" left a proposal for the user, in the order the message counts them.
SKIP_REASONS = {
    "replace": "chỉ tiêu đã có số liệu khác, chưa thay",
    "approved": "chỉ tiêu đã có số liệu khác đã duyệt",
    "other_year": "chỉ tiêu của năm khác",
    "unreadable": "không dùng được cho chỉ tiêu",
    "same": "chỉ tiêu đã có đúng số liệu này",
}


@dataclass
class Skipped:
    proposal: Proposal
    reason: str  # a key of SKIP_REASONS
    page: int  # the document page's page that shows the proposal, to accept it there
    detail: str = ""
    current: Result | None = None
    current_display: str = ""
    new_display: str = ""

    @property
    def reason_label(self) -> str:
        return SKIP_REASONS[self.reason]


@dataclass
class AcceptedAll:
    accepted: list[Result] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def to_decide(self) -> list[Skipped]:
        """The skipped ones the user has something to decide on: not those already stored as they are."""
        return [s for s in self.skipped if s.reason != "same"]

    @property
    def message(self) -> str:
        line = f"Đã nhận {format_number(len(self.accepted))} số liệu (bản nháp, cần gửi duyệt)."
        if self.skipped:
            counts = {k: sum(s.reason == k for s in self.skipped) for k in SKIP_REASONS}
            why = "; ".join(f"{format_number(n)} vì {SKIP_REASONS[k]}" for k, n in counts.items() if n)
            line += f" Bỏ qua {format_number(len(self.skipped))} số liệu: {why}."
            if self.to_decide:
                line += " Số liệu đang lưu được giữ nguyên; xem danh sách dưới đây và nhận từng số liệu nếu cần."
        return line


def accept_suggested(
    user, doc: SourceDocument, targets: list[Target], term: Term | None, *, per_page: int
) -> AcceptedAll:
    """Every proposal with a suggested target and year, not accepted yet, accepted by accept()'s rules,
    all or none (one transaction): a target with a result stored for that year keeps it, and the
    proposal is listed with both values for the user to decide on its own.

    ``targets`` come with their results (and those results' documents and users, for the list):
    read once for every proposal. A result stored meanwhile by someone else fails the whole
    (StaleWrite): nothing is half accepted."""
    if not can_edit(user, doc.committee):
        raise WorkflowError("Không có quyền / not allowed")
    stored = {(r.target_id, r.year): r for t in targets for r in t.results.all()}
    out = AcceptedAll()
    with transaction.atomic():
        for position, p in enumerate(proposals(doc, targets, term)):
            if not p.suggested:
                continue
            target, year = p.target, p.year
            skipped = Skipped(p, "", position // per_page + 1)
            if target.year is not None and target.year != year:
                # a plan of one year (by_indicator keeps one target per indicator) is no result of another
                skipped.reason, skipped.detail = "other_year", f"chỉ tiêu năm {target.year}, số liệu năm {year}"
                out.skipped.append(skipped)
                continue
            try:
                check_year(target.term, year)
                value = _target_value(doc, p.fact, target, year)
            except (ValueError, WorkflowError) as exc:
                skipped.reason, skipped.detail = "unreadable", str(exc).split(" / ")[0]
                out.skipped.append(skipped)
                continue
            current = stored.get((target.pk, year))
            if current is not None:
                skipped.reason = "same" if Decimal(current.value) == value else "replace"
                if skipped.reason == "replace" and current.status == Status.APPROVED:
                    skipped.reason = "approved"
                skipped.current = current
                skipped.current_display = _shown(target, current.value, year)
                skipped.new_display = _shown(target, value, year)
                out.skipped.append(skipped)
                continue
            # NO_RECORD: none was read, so one stored since (another user) is a conflict, not replaced
            result = set_result(user, target, year, value, seen=NO_RECORD, document=doc,
                                span=(p.fact["start"], p.fact["end"]), source_text=p.sentence,
                                claim=p.fact.get("claim") or "")  # fmt: skip
            stored[(target.pk, year)] = result  # a second mention of that target and year is asked about
            out.accepted.append(result)
    return out


def _term_of(committee: Unit, year: int | None) -> Term | None:
    """The term a committee's figure belongs to: the one whose years hold its year (at a congress
    year, the term that ends then: its review is what reports that year's figures), else the latest."""
    terms = list(Term.objects.filter(committee=committee).order_by("-start_year"))
    if year is not None:
        holding = [t for t in terms if t.start_year <= year <= t.end_year]
        if holding:
            return holding[-1]
    return terms[0] if terms else None


def _figure_words(text: str, d: dict) -> str:
    """A figure with the words that say what it is ("giảm 1,2%", "tăng trưởng âm 1,5%", "bằng 110%
    kế hoạch"): from the last clause mark before it to the end of its own phrase."""
    start, end = d["start"], d["end"]
    # not past another figure, nor past a clause mark: the words before are this figure's own
    digits = [m.end() for m in re.finditer(r"\d", text[max(0, start - 60) : start])]
    last_digit = max(0, start - 60) + digits[-1] if digits else -1
    left = max(*(text.rfind(c, 0, start) for c in ",;:.(\n"), last_digit - 1)
    left = max(left + 1, start - 60)
    tail = re.match(r"[^,;.()\n]{0,30}", text[end:])
    return " ".join(text[left : end + (tail.end() if tail else 0)].split())


def _dec(v) -> Decimal | None:
    return None if v is None else Decimal(str(v))
