"""Changing results and targets: draft → submitted → approved by the level above, with an audit trail.

Plain functions, called explicitly by views, the API and importers; each writes its audit entry.
Approved figures are locked until a reviewer reopens them.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import IntegrityError, transaction

from chitieu.core.targets import TargetError, parse_target
from chitieu.orgs.access import can_edit, can_review
from chitieu.orgs.audit import audit
from chitieu.versions import check_version

from .models import Result, SourceDocument, Status, Target, Term


class WorkflowError(ValueError):
    """A change the rules do not allow; the message is shown to the user."""


def _result_snapshot(r: Result) -> dict:
    return {"year": r.year, "value": str(r.value), "status": r.status}


def check_year(term: Term, year: int | None) -> None:
    if year is not None and not (term.start_year <= year <= term.end_year):
        raise WorkflowError(f"Năm {year} ngoài nhiệm kỳ {term.label} / year {year} is outside the term {term.label}")


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


# A field of a result not given to set_result keeps what is stored: a form that edits the value
# must not wipe the note, the source sentence or the document another path recorded.
KEEP = _Keep()


def set_result(
    user,
    target: Target,
    year: int | None,
    value: Decimal,
    *,
    seen: str | None = None,
    document: SourceDocument | None | _Keep = KEEP,
    span: tuple[int, int] | None | _Keep = KEEP,
    source_text: str | _Keep = KEEP,
    claim: str | _Keep = KEEP,
    note: str | _Keep = KEEP,
) -> Result:
    """Create or change the result of a target for a year (None: the whole term).

    ``seen`` is the version of the result the writer read (chitieu.versions; NO_RECORD when there
    was none): a different version now raises StaleWrite instead of overwriting someone else's save.
    """
    committee = target.term.committee
    if not can_edit(user, committee):
        raise WorkflowError("Không có quyền sửa số liệu của đơn vị này / not allowed to edit this committee")
    check_year(target.term, year)
    # Two first saves of one cell at once: on PostgreSQL both may find no row and insert; the
    # loser's unique-constraint error is retried once, and then finds the winner's row.
    for attempt in (1, 2):
        try:
            return _set_result(user, committee, target, year, value, seen, document, span, source_text, claim, note)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _set_result(user, committee, target, year, value, seen, document, span, source_text, claim, note) -> Result:
    with transaction.atomic():
        # Writers of one target's results queue on the target's row first, always in that order: on
        # PostgreSQL two saves of one target otherwise deadlocked on the row locks of its results.
        Target.objects.select_for_update(no_key=True).filter(pk=target.pk).values_list("pk", flat=True).first()
        existing = Result.objects.select_for_update().filter(target=target, year=year).first()
        if existing and existing.status == Status.APPROVED:
            raise WorkflowError(
                "Số liệu đã được duyệt, cần mở lại trước khi sửa / approved figures are locked until reopened"
            )
        check_version(existing, seen)
        old = _result_snapshot(existing) if existing else None
        result = existing or Result(target=target, year=year)
        # A result may be below zero (a growth that fell, "-2,6%"): it is stored with its sign.
        result.value = value
        result.status = Status.DRAFT
        result.entered_by = user if user.is_authenticated else None
        if document is not KEEP:
            result.document = document
        if span is not KEEP:
            result.span_start, result.span_end = span if span else (None, None)
        for name, given in (("source_text", source_text), ("claim", claim), ("note", note)):
            if given is not KEEP:
                setattr(result, name, given)
        result.save()
        audit(
            user,
            committee,
            "result.update" if existing else "result.create",
            result,
            old,
            _result_snapshot(result),
        )
    return result


def _transition(user, results: list[Result], to: str, allowed_from: tuple[str, ...], action: str, review: bool):
    changed = []
    with transaction.atomic():
        for r in results:
            committee = r.target.term.committee
            allowed = can_review(user, committee) if review else can_edit(user, committee)
            if not allowed:
                raise WorkflowError("Không có quyền / not allowed")
            if r.status not in allowed_from:
                raise WorkflowError(
                    f"Không thể chuyển từ '{r.get_status_display()}' / cannot move from status {r.status}"
                )
            old = _result_snapshot(r)
            r.status = to
            r.save(update_fields=["status"])
            audit(user, committee, action, r, old, _result_snapshot(r))
            changed.append(r)
    return changed


def submit(user, results: list[Result]) -> list[Result]:
    return _transition(user, results, Status.SUBMITTED, (Status.DRAFT,), "result.submit", review=False)


def approve(user, results: list[Result]) -> list[Result]:
    return _transition(user, results, Status.APPROVED, (Status.SUBMITTED,), "result.approve", review=True)


def reopen(user, results: list[Result]) -> list[Result]:
    return _transition(user, results, Status.DRAFT, (Status.SUBMITTED, Status.APPROVED), "result.reopen", review=True)


def create_term(user, committee, **fields) -> Term:
    """Open a term (nhiệm kỳ) for a committee."""
    if not can_edit(user, committee):
        raise WorkflowError("Không có quyền sửa số liệu của đơn vị này / not allowed to edit this committee")
    if Term.objects.filter(committee=committee, start_year=fields["start_year"]).exists():
        raise WorkflowError("Nhiệm kỳ này đã có / this term exists")
    term = Term.objects.create(committee=committee, **fields)
    snapshot = {k: str(v) if v is not None else None for k, v in fields.items()}
    audit(user, committee, "term.create", term, None, snapshot)
    return term


# --- pasting a resolution's main targets ------------------------------------------------------

# An item: "1- ", "2. ", "3) ", "(4) ", "a) ", "(b) ", "I. ", "Chỉ tiêu 5: ", or a bullet. A letter or a
# Roman numeral (capitals: "c)" is a letter) must be followed by "." or ")" and a space, so a wrapped line
# ("a dân …") stays glued.
_NUMBERED = re.compile(
    r"^\s*(?:(?:chỉ\s+tiêu(?:\s+số)?\s+)?(\d{1,2})\s*[-.):/]\s*"
    r"|\(\s*(\d{1,2})\s*\)\s*"
    r"|\(?\s*((?-i:[IVX]{1,6}))\s*[.)]\s+"
    r"|\(?\s*([a-zđ])\s*\)\s+"
    r"|([a-zđ])\.\s+(?=[^\W\d_])"
    r"|[-–•+*]\s+)(.+)$",
    re.IGNORECASE,
)
_LETTERS = "abcdđeghiklmnopqrstuvxy"  # the order of a Vietnamese list: a) b) c) d) đ) e) g) …
_ROMAN = {"i": 1, "v": 5, "x": 10}


def _roman(text: str) -> int | None:
    values = [_ROMAN[c] for c in text.lower()]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if total > 0 else None


def _item_number(m: re.Match, count: int) -> int:
    """The number an item carries: "3." is 3, "(4)" 4, "II." 2, "b)" 2; a bullet takes the next one."""
    digits, bracketed, roman, letter, letter_dot = m.group(1, 2, 3, 4, 5)
    if digits or bracketed:
        return int(digits or bracketed)
    if roman:
        return _roman(roman) or count + 1
    letter = (letter or letter_dot or "").lower()
    return _LETTERS.index(letter) + 1 if letter in _LETTERS else count + 1


def split_target_lines(text: str) -> list[tuple[int, str]]:
    """The numbered lines of a "các chỉ tiêu chủ yếu" block: "1- Tổng giá trị …", "2. Thu ngân sách …",
    "(3) …", "a) …", "I. …", "Chỉ tiêu 5: …".

    Lines without a number continue the previous one (Word wraps long targets).
    """
    lines: list[tuple[int, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _NUMBERED.match(line)
        if m:
            number = _item_number(m, len(lines))
            lines.append((number, m.group(6).strip()))
        elif lines:
            n, prev = lines[-1]
            lines[-1] = (n, f"{prev} {line}")
        else:
            lines.append((1, line))
    return lines


def propose_targets(text: str) -> list[dict]:
    """One proposal per numbered line: the parsed target, or the reason it could not be read."""
    proposals = []
    for number, line in split_target_lines(text):
        try:
            t = parse_target(line)
            proposals.append({"number": number, "text": line, "target": t, "error": ""})
        except (TargetError, ValueError) as exc:
            proposals.append({"number": number, "text": line, "target": None, "error": str(exc)})
    return proposals


def target_fields(core_target, *, number: int, year: int | None = None) -> dict:
    """The model fields of a confirmed target, from the core's ``Target``."""
    return {
        "number": number,
        "year": year,
        "text": core_target.text,
        "indicator": core_target.indicator or "",
        "shape": core_target.shape.value,
        "value": core_target.value,
        "value_max": core_target.value_max,
        "unit": core_target.unit.value,
        "counted": core_target.counted or "",
        "period": core_target.period.value if core_target.period else "",
        "direction": core_target.direction,
        "strict": core_target.strict,
        "confirmed": True,
        "of": core_target.of,
        "count": core_target.count,
        "relative": core_target.relative,
        "since": core_target.since,
        "deadline": core_target.deadline,
        "per": core_target.per or "",
        "measure": core_target.measure or "",
    }


def save_target(user, term: Term, core_target, *, number: int, year: int | None = None, target=None) -> Target:
    """Store a confirmed target (new, or replacing ``target``'s fields)."""
    if not can_edit(user, term.committee):
        raise WorkflowError("Không có quyền sửa số liệu của đơn vị này / not allowed to edit this committee")
    check_year(term, year)
    fields = target_fields(core_target, number=number, year=year)
    with transaction.atomic():
        old = None
        if target is None:
            target = Target.objects.create(term=term, **fields)
        else:
            if target.results.filter(status=Status.APPROVED).exists():
                # Changing the target would flip verdicts that the level above has approved.
                raise WorkflowError(
                    "Chỉ tiêu có số liệu đã được duyệt, cần mở lại trước khi sửa / "
                    "the target has approved results; reopen them first"
                )
            old = {k: str(getattr(target, k)) for k in fields}
            for k, v in fields.items():
                setattr(target, k, v)
            target.save()
        audit(
            user,
            term.committee,
            "target.update" if old else "target.create",
            target,
            old,
            {k: str(v) for k, v in fields.items()},
        )
    return target
