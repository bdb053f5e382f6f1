"""The term grid (issue 15): every target of a term by every year, typed like a spreadsheet.

One row per target of the resolution, one column per year of the term and one for the whole term,
as the XLSX template (plans.spreadsheet) lays them out. Each row is read by the one-target form
(plans.forms.ResultsForm): the same parsing of Vietnamese numbers and words, the same "only what
the user changed is written", the same versions read (chitieu.versions), so a value means the
same whichever page took it.

The page posts the whole grid (it works without JavaScript); grid.js also saves one row at a
time with the same POST and ``Accept: application/json``. Each row carries one hidden field,
``t<id>.seen``: a JSON object of cell -> [version read, value shown], unpacked into the form's
``v<cell>`` and ``initial-<cell>`` fields (three fields a cell would pass Django's 1000-field
bound at 48 targets). A save is all or nothing: a bad value, a locked (approved) figure or a cell
someone else saved meanwhile writes nothing, and the grid comes back with the user's values and
the reason beside each cell concerned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from chitieu import notices
from chitieu.core.targets import Shape, format_target
from chitieu.edge import BadParameter
from chitieu.orgs.access import can_edit, get_unit_for_user
from chitieu.versions import NO_RECORD, StaleWrite, version_of

from .forms import CELL_HINTS, ResultsForm, conflict_message, display_value, field_name
from .models import Result, Status, Target, Term
from .workflow import WorkflowError, set_result

# Cells just saved, shown "đã lưu" once on the page the save redirects to.
_SAVED_KEY = "term_grid_saved"
_STATUS_TITLES = {
    Status.DRAFT: "nháp: chưa gửi duyệt",
    Status.SUBMITTED: "đã gửi, chờ cấp trên duyệt",
    Status.APPROVED: "đã duyệt: cần cấp trên mở lại trước khi sửa",
}


# A cell's key is its field in plans.forms.ResultsForm, which reads each row.
cell_key = field_name


def cell_name(target: Target, year: int | None) -> str:
    return f"t{target.pk}.{cell_key(year)}"


@dataclass
class Cell:
    target: Target
    year: int | None
    value: str  # what the input shows
    initial: str  # what it showed when the page was opened: unchanged cells are not written
    version: str  # the version of the stored result read then (NO_RECORD: none)
    stored: Result | None
    error: str = ""
    just_saved: bool = False

    @property
    def key(self) -> str:
        return cell_key(self.year)

    @property
    def name(self) -> str:
        return cell_name(self.target, self.year)

    @property
    def id(self) -> str:
        return f"c-{self.target.pk}-{self.key}"

    @property
    def error_id(self) -> str:
        return f"e-{self.target.pk}-{self.key}"

    @property
    def label(self) -> str:
        when = f"năm {self.year}" if self.year is not None else "cả nhiệm kỳ"
        return f"Chỉ tiêu {self.target.number}, {when}"

    @property
    def readonly(self) -> bool:
        """An approved figure is locked until the level above reopens it (plans.workflow.set_result)."""
        return self.stored is not None and self.stored.status == Status.APPROVED

    @property
    def changed(self) -> bool:
        """Typed and not saved yet (an emptied cell is not saved: ResultsForm leaves it)."""
        return bool(self.value.strip()) and self.value.strip() != self.initial.strip()

    @property
    def status_title(self) -> str:
        return _STATUS_TITLES.get(self.stored.status, "") if self.stored else ""


@dataclass
class Row:
    target: Target
    cells: list[Cell] = field(default_factory=list)

    @property
    def seen_name(self) -> str:
        return f"t{self.target.pk}.seen"

    @property
    def seen(self) -> str:
        """What the row's cells showed and the versions read, for the next save."""
        return json.dumps(
            {c.key: [c.version, c.initial] for c in self.cells if c.version or c.initial},
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @property
    def target_text(self) -> str:
        return format_target(self.target.as_core())

    @property
    def unit(self) -> str:
        t = self.target
        if t.counted and t.unit in ("count", "other"):
            return t.counted
        if t.measure and t.unit == "other":
            return t.measure
        return t.get_unit_display()

    @property
    def hint(self) -> str:
        return CELL_HINTS.get(Shape(self.target.shape), "")

    @property
    def hint_id(self) -> str:
        return f"h-{self.target.pk}"


def _targets(term: Term) -> list[Target]:
    # Through the term's manager every target's ``term`` is this term (and its committee): no query each.
    return list(term.targets.filter(year__isnull=True).order_by("number", "id"))


def _stored(term: Term, *, who: bool = False) -> dict[tuple[int, int | None], Result]:
    results = Result.objects.filter(target__term=term, target__year__isnull=True)
    if who:  # a conflict names who saved the other value
        results = results.select_related("entered_by")
    return {(r.target_id, r.year): r for r in results}


def _shown(stored: dict, target: Target, year: int | None) -> str:
    r = stored.get((target.pk, year))
    return display_value(r, target) if r is not None else ""


def _row_data(post, target: Target, years: list[int | None]) -> dict | None:
    """The row of ``target`` in a posted grid, as plans.forms.ResultsForm reads one target's form;
    None when the post does not hold the row (a save of other rows)."""
    prefix = f"t{target.pk}."
    keys = [cell_key(y) for y in years]
    data = {key: post[prefix + key] for key in keys if prefix + key in post}
    raw = post.get(prefix + "seen")
    if raw is None:
        # no versions sent (a script): like the one-target form, the values are not checked against any
        return data or None
    try:
        seen = json.loads(raw)
        if not isinstance(seen, dict) or not all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(s, str) for s in v) for v in seen.values()
        ):
            raise ValueError
    except ValueError:
        raise BadParameter("Dữ liệu của bảng gửi lên không đúng dạng; hãy tải lại trang / malformed grid") from None
    for key in keys:
        version, initial = seen.get(key, [NO_RECORD, ""])
        data[f"v{key}"] = version
        data[f"initial-{key}"] = initial
    return data


def _cells(targets: list[Target], years: list[int | None], stored: dict) -> dict[tuple[int, str], Cell]:
    """Every cell as stored now."""
    cells = {}
    for t in targets:
        for y in years:
            shown = _shown(stored, t, y)
            r = stored.get((t.pk, y))
            cells[(t.pk, cell_key(y))] = Cell(t, y, shown, shown, version_of(r), r)
    return cells


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def term_grid(request, term_id: int):
    """GET: the grid (read-only for whoever may not edit); POST: save the changed cells."""
    term = get_object_or_404(Term, pk=term_id)
    term.committee = get_unit_for_user(request.user, term.committee_id, edit=request.method == "POST")
    editable = can_edit(request.user, term.committee)
    years: list[int | None] = [*term.years, None]
    targets = _targets(term)
    stored = _stored(term)
    cells = _cells(targets, years, stored)
    if request.method == "POST":
        outcome = _save(request, term, targets, years, stored, cells)
        if outcome is not None:
            return outcome
    else:
        saved = request.session.pop(_SAVED_KEY, None)  # shown once, on this term's grid only
        for name in saved["cells"] if saved and saved.get("term") == term.pk else []:
            pk, _, key = name[1:].partition(".")
            cell = cells.get((int(pk), key)) if pk.isdigit() else None
            if cell is not None:
                cell.just_saved = True
    rows = [Row(t, [cells[(t.pk, cell_key(y))] for y in years]) for t in targets]
    problems = [c for r in rows for c in r.cells if c.error]
    return render(
        request,
        "plans/grid.html",
        {"term": term, "years": term.years, "rows": rows, "editable": editable, "problems": problems},
    )


def _save(request, term, targets, years, stored, cells):
    """Write the cells a posted grid changed, all or nothing. The response (a redirect, or JSON for
    a row saved by grid.js) on success; None after filling ``cells`` with what to show again."""
    forms: dict[int, ResultsForm] = {}
    for t in targets:
        data = _row_data(request.POST, t, years)
        if data is None:
            continue
        forms[t.pk] = ResultsForm(
            data,
            target=t,
            years=term.years,
            initial_values={y: _shown(stored, t, y) for y in years},
            versions={y: version_of(stored.get((t.pk, y))) for y in years},
        )
    valid = all([f.is_valid() for f in forms.values()])  # a list: every row's errors, not the first's
    by_pk = {t.pk: t for t in targets}
    if not valid:
        for pk, f in forms.items():
            for key, errs in f.errors.items():
                if (pk, key) in cells:
                    cells[(pk, key)].error = " ".join(errs)
        _show_posted(forms, cells)
        return _failed(request, cells, forms, by_pk, years, conflict=False)
    changes = []
    for pk, f in forms.items():
        for year, (value, seen) in f.cleaned_data["changes"].items():
            r = stored.get((pk, year))
            # A value typed again as it is stored ("11" over "11,0") changes nothing: not written,
            # so a figure sent for review does not fall back to a draft.
            if r is None or Decimal(r.value) != value:
                changes.append((by_pk[pk], year, value, seen))
    # One order for every writer of several targets: by target, as plans.workflow queues on its row.
    changes.sort(key=lambda c: (c[0].pk, c[1] is None, c[1] or 0))
    conflicts: dict[tuple[int, str], Result | None] = {}
    locked: dict[tuple[int, str], str] = {}
    with transaction.atomic():
        for target, year, value, seen in changes:
            try:
                set_result(request.user, target, year, value, seen=seen)
            except StaleWrite as exc:
                conflicts[(target.pk, cell_key(year))] = exc.current
            except WorkflowError as exc:
                locked[(target.pk, cell_key(year))] = str(exc)
        if conflicts or locked:  # all or nothing: the user decides on the others' values first
            transaction.set_rollback(True)
    if not conflicts and not locked:
        names = [cell_name(t, y) for t, y, _, _ in changes]
        return _saved(request, term, targets, years, forms, names, _emptied(forms, stored))
    # What others saved is shown, each cell the user changed keeps the user's value; saving again
    # compares with what is stored now, so it overwrites the other value knowingly.
    now = _cells(targets, years, _stored(term, who=True))
    cells.clear()
    cells.update(now)
    _show_posted(forms, cells, only_changed=True)
    for (pk, key), current in conflicts.items():
        cells[(pk, key)].error = conflict_message(current, by_pk[pk])
    for (pk, key), message in locked.items():
        cells[(pk, key)].error = message
    return _failed(request, cells, forms, by_pk, years, conflict=bool(conflicts))


def _show_posted(forms: dict[int, ResultsForm], cells: dict, *, only_changed: bool = False) -> None:
    """The posted grid's values in ``cells``: every one as it was sent (a bad value: the versions and
    values read with it too), or only those the user changed (on stored values read again)."""
    for pk, f in forms.items():
        changed = set(f.changed_data)
        for key in f.years:
            cell = cells[(pk, key)]
            if key not in f.data:
                continue
            if only_changed:
                if key in changed:
                    cell.value = f.data[key]
                continue
            cell.value = f.data[key]
            if f"v{key}" in f.data:
                cell.version = f.data[f"v{key}"]
                cell.initial = f.data[f"initial-{key}"]


def _failed(request, cells: dict, forms: dict, by_pk: dict, years: list, *, conflict: bool):
    """None (the page shows the grid again), or the JSON answer of a row saved by grid.js."""
    if not _wants_json(request):
        return None
    problems = {c.name: c.error for c in cells.values() if c.error}
    return JsonResponse(
        {
            "ok": False,
            "message": f"Chưa lưu gì: {len(problems)} ô cần xem lại.",
            "errors": problems,
            "rows": {str(pk): _row_json(by_pk[pk], cells, years) for pk in forms},
        },
        status=409 if conflict else 422,
        json_dumps_params={"ensure_ascii": False},
    )


def _row_json(target: Target, cells: dict, years: list) -> dict:
    """A row as stored (or as the next save must read it) for grid.js: its seen field, and each
    cell's stored value and status."""
    row = Row(target, [cells[(target.pk, cell_key(y))] for y in years])
    return {
        "seen": row.seen,
        "cells": {
            c.key: {
                "stored": c.initial,
                "status": c.stored.status if c.stored else "",
                "status_label": c.stored.get_status_display() if c.stored else "",
                "status_title": c.status_title,
            }
            for c in row.cells
        },
    }


def _emptied(forms: dict[int, ResultsForm], stored: dict) -> int:
    """Cells holding a stored result that the user emptied: ResultsForm leaves them as they are
    (a result is deleted through its own action), and the user is told so."""
    return sum(
        1
        for pk, f in forms.items()
        for key, year in f.years.items()
        if key in f.data and not str(f.data[key]).strip() and (pk, year) in stored
    )


EMPTIED = "{n} ô để trống vẫn giữ số liệu đã lưu: để trống một ô không xóa số liệu của ô đó."


def _saved(request, term, targets, years, forms, names: list[str], emptied: int):
    count = len(names)
    done = f"Đã lưu {count} kết quả."
    if _wants_json(request):
        now = _cells(targets, years, _stored(term))
        by_pk = {t.pk: t for t in targets}
        return JsonResponse(
            {
                "ok": True,
                "saved": count,
                "message": " ".join(
                    [done if count else notices.NOTHING_CHANGED] + ([EMPTIED.format(n=emptied)] if emptied else [])
                ),
                "cells": names,
                "rows": {str(pk): _row_json(by_pk[pk], now, years) for pk in forms},
            },
            json_dumps_params={"ensure_ascii": False},
        )
    notices.saved(request, count, done)
    if emptied:
        messages.info(request, EMPTIED.format(n=emptied))
    if count:
        request.session[_SAVED_KEY] = {"term": term.pk, "cells": names}
    return redirect(reverse("term_grid", args=[term.pk]))
