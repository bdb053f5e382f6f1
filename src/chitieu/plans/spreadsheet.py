"""The yearly-results workbook: a pre-filled template to download, and its upload.

One row per target, one column per year and one for the whole term. Money is entered in millions
of đồng (the unit reports use) and the header says so; the hidden first column holds the target id.
A file with any bad cell imports nothing and names its row and column.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from chitieu.core.quantity import QuantityError, Unit, parse_number
from chitieu.core.targets import Shape
from chitieu.core.verdicts import show_result
from chitieu.limits import TooLarge, check_zip, unreadable_workbook
from chitieu.versions import NO_RECORD, StaleWrite, version_of

from .forms import clean_result
from .models import Result, Status, Target, Term
from .workflow import WorkflowError, set_result

MILLION = Decimal(1_000_000)
UNIT_LABELS = {
    "VND": "triệu đồng", "%": "%", "‰": "‰", "ha": "ha", "count": "", "times": "lần", "other": "",
    "yes_no": "đạt / không đạt", "rating": "mức xếp loại",
}  # fmt: skip


@dataclass
class CellError:
    row: int  # 0: the whole file ("dòng 0, cột -" told the user nothing)
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if self.column in ("", "-"):
            return f"dòng {self.row}: {self.message}"
        return f"dòng {self.row}, cột {self.column}: {self.message}"


class ImportFailed(ValueError):
    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:20]))


def _which(name: str) -> str:
    return f"Tệp «{name}»" if name else "Tệp"


def results_template(term: Term) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    header = ["id", "STT", "Chỉ tiêu", "Đơn vị", *[str(y) for y in term.years], "Cả nhiệm kỳ"]
    ws.append(header)
    targets = list(term.targets.filter(year__isnull=True).prefetch_related("results"))
    for t in targets:
        values = {r.year: Decimal(r.value) for r in t.results.all()}

        def cell(year, t=t, values=values):
            v = values.get(year)
            if v is None:
                return None
            if t.shape in (Shape.YES_NO, Shape.RATING_LEVEL):
                return show_result(t.as_core(), v)  # "đạt", "hoàn thành tốt nhiệm vụ": read back as words
            return float(v / MILLION) if t.unit == Unit.VND else float(v)

        unit_label = UNIT_LABELS.get(t.unit, "") or t.counted
        ws.append([t.pk, t.number, t.text, unit_label, *[cell(y) for y in term.years], cell(None)])
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["C"].width = 60
    for c in ws[1]:
        c.font = Font(bold=True, name="Times New Roman")
        c.alignment = Alignment(horizontal="center", wrap_text=True)
    ws.freeze_panes = "E2"
    # What each cell held when the file was downloaded, in a sheet Excel does not show: on upload,
    # a cell the user did not change is not written (someone may have changed it since), and a cell
    # changed both here and on the site since the download is a conflict, not an overwrite.
    seen = wb.create_sheet(SEEN_SHEET)
    seen.sheet_state = "veryHidden"
    seen.append(["id", "năm", "phiên bản", "giá trị"])
    for t in targets:
        for r in t.results.all():
            seen.append([t.pk, r.year if r.year is not None else "term", version_of(r), str(Decimal(r.value))])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


SEEN_SHEET = "da_tai_ve"


def _seen(workbook) -> dict[tuple[int, int | None], tuple[str, Decimal]] | None:
    """The hidden sheet of a downloaded template: (target id, year) -> (version, value) then."""
    if SEEN_SHEET not in workbook.sheetnames:
        return None  # a file made by hand: every filled cell is the user's
    out = {}
    for row in list(workbook[SEEN_SHEET].iter_rows(values_only=True))[1:]:
        try:
            key = (int(row[0]), None if row[1] == "term" else int(row[1]))
            out[key] = (str(row[2]), Decimal(str(row[3])))
        except (TypeError, ValueError, IndexError, InvalidOperation):
            continue
    return out


def _cell_value(raw, target: Target, year: int | None) -> Decimal:
    """An Excel cell: a number (Excel floats: read through their shortest repr; signed), or Vietnamese
    text read as the results form reads it (chitieu.plans.forms.clean_result)."""
    unit = target.unit
    if isinstance(raw, bool):
        raise forms.ValidationError("không phải số / not a number")
    if isinstance(raw, int | float):
        try:
            value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError("không phải số / not a number") from None
        return value * MILLION if unit == Unit.VND else value
    text = str(raw).strip()
    if unit == Unit.VND:
        try:
            return parse_number(text) * MILLION  # the column is in millions
        except QuantityError:
            pass
    return clean_result(text, target, year)


def import_results(user, term: Term, data: bytes, name: str = "") -> int:
    """``name``: the file's name on the user's computer, for the messages."""
    try:
        check_zip(data)
    except TooLarge as exc:
        raise ImportFailed([CellError(0, "-", str(exc))]) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        seen = _seen(workbook)
    except Exception:
        raise ImportFailed([CellError(0, "-", unreadable_workbook(name))]) from None
    if not rows:
        raise ImportFailed([CellError(0, "-", f"{_which(name)} trống / empty file")])
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    year_cols = {}
    for i, h in enumerate(header):
        if h.isascii() and h.isdigit() and len(h) == 4:
            year_cols[i] = int(h)
        elif h.lower() == "cả nhiệm kỳ":
            year_cols[i] = None
    if not header or header[0] != "id" or not year_cols:
        message = f"{_which(name)} không đúng mẫu; hãy tải mẫu từ trang / not the template"
        raise ImportFailed([CellError(0, "-", message)])
    targets = {t.pk: t for t in term.targets.filter(year__isnull=True)}
    errors: list[CellError] = []
    planned: list[tuple] = []
    for rnum, row in enumerate(rows[1:], start=2):
        if not row or all(v is None or str(v).strip() == "" for v in row):
            continue
        try:
            target = targets[int(row[0])]
        except (TypeError, ValueError, KeyError):
            errors.append(CellError(rnum, "id", "chỉ tiêu không thuộc nhiệm kỳ này / target not in this term"))
            continue
        for col, year in year_cols.items():
            raw = row[col] if col < len(row) else None
            if raw is None or str(raw).strip() == "":
                continue
            if year is not None and not (term.start_year <= year <= term.end_year):
                errors.append(CellError(rnum, header[col], "năm ngoài nhiệm kỳ / year outside the term"))
                continue
            try:
                planned.append((rnum, header[col], target, year, _cell_value(raw, target, year)))
            except forms.ValidationError as exc:
                errors.append(CellError(rnum, header[col], "; ".join(exc.messages)))
    if errors:
        raise ImportFailed(errors)
    existing = {(r.target_id, r.year): r for r in Result.objects.filter(target__term=term)}
    count = 0
    conflicts: list[CellError] = []
    with transaction.atomic():
        for rnum, column, target, year, value in planned:
            current = existing.get((target.pk, year))
            if current is not None and Decimal(current.value) == value:
                continue
            version = None
            if seen is not None:
                version, shown = seen.get((target.pk, year), (NO_RECORD, None))
                if shown is not None and shown == value:
                    continue  # not changed in the file: what is stored now stays
            if current is not None and current.status == Status.APPROVED:
                message = f"'{target.text}' đã được duyệt, không sửa được / approved, locked"
                raise ImportFailed([CellError(rnum, column, message)])
            try:
                set_result(user, target, year, value, seen=version, note="nhập từ tệp XLSX")
            except StaleWrite as exc:
                now = show_result(target.as_core(), Decimal(exc.current.value)) if exc.current else "(đã xóa)"
                conflicts.append(
                    CellError(rnum, column, f"'{target.text}': người khác đã sửa thành {now} sau khi "
                              "bạn tải tệp về; hãy tải mẫu mới / changed on the site since the download")
                )  # fmt: skip
            except WorkflowError as exc:
                raise ImportFailed([CellError(rnum, column, str(exc))]) from None
            count += 1
        if conflicts:
            transaction.set_rollback(True)
    if conflicts:
        raise ImportFailed(conflicts)
    return count
