"""Import the organisation tree from CSV or XLSX: one row per unit, parents before children.

Columns: kind (tỉnh, thành phố, thị xã, quận/huyện, phường, xã, thị trấn, chi bộ, or the English
kind names), name, parent (the parent's name as "kind name", e.g. "thành phố Lào Cai"; empty for a
top unit), branch_kind (khu dân cư / cơ quan, for branches), code. Every row is checked first;
a file with any bad row imports nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from openpyxl import load_workbook

from chitieu.limits import TooLarge, check_zip, unreadable_workbook

from .models import BranchKind, Kind, Unit
from .tree import create_unit

KIND_WORDS = {label: value for value, label in Kind.choices} | {v: v for v in Kind.values}
KIND_WORDS |= {"quận": Kind.DISTRICT, "huyện": Kind.RURAL_DISTRICT, "tỉnh": Kind.PROVINCE, "thành phố": Kind.CITY}
KIND_WORDS |= {"cả nước": Kind.COUNTRY, "toàn quốc": Kind.COUNTRY}
BRANCH_WORDS = {
    "khu dân cư": BranchKind.RESIDENTIAL,
    "cơ quan": BranchKind.AGENCY,
    "cơ quan, đơn vị": BranchKind.AGENCY,
}
BRANCH_WORDS |= {v: v for v in BranchKind.values}
COLUMNS = ("kind", "name", "parent", "branch_kind", "code")


@dataclass
class RowError:
    row: int  # 1-based, the header is row 1; 0 for the whole file
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:  # the file itself: "dòng 0, cột -" named nothing the user can find
            return self.message
        return f"dòng {self.row}, cột {self.column}: {self.message}"


class ImportFailed(ValueError):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:20]))


def read_rows(name: str, data: bytes) -> list[dict[str, str]]:
    if name.lower().endswith(".xlsx"):
        try:
            check_zip(data)
        except TooLarge as exc:
            raise ImportFailed([RowError(0, "-", str(exc))]) from None
        try:
            ws = load_workbook(io.BytesIO(data), read_only=True).active
            rows = [[("" if c is None else str(c)).strip() for c in r] for r in ws.iter_rows(values_only=True)]
        except Exception:  # openpyxl raises many types on a damaged file, some only while reading rows
            raise ImportFailed([RowError(0, "-", unreadable_workbook(name))]) from None
    elif name.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            message = f"Tệp «{name}» phải là tệp CSV mã hóa UTF-8 / CSV must be UTF-8"
            raise ImportFailed([RowError(0, "-", message)]) from None
        try:
            rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text))]
        except csv.Error:  # a field over csv's limit (128 KB), a NUL…
            message = f"Không đọc được tệp «{name}»: tệp CSV hỏng / malformed CSV"
            raise ImportFailed([RowError(0, "-", message)]) from None
    else:
        raise ImportFailed([RowError(0, "-", f"Tệp «{name}»: chỉ nhận tệp .csv hoặc .xlsx / only .csv or .xlsx")])
    if not rows:
        raise ImportFailed([RowError(0, "-", f"Tệp «{name}» trống / empty file")])
    header = [h.lower() for h in rows[0]]
    missing = [c for c in ("kind", "name") if c not in header]
    if missing:
        raise ImportFailed([RowError(1, c, "thiếu cột / missing column") for c in missing])
    return [dict(zip(header, r + [""] * (len(header) - len(r)), strict=False)) for r in rows[1:] if any(r)]


def import_units(name: str, data: bytes, user=None) -> int:
    rows = read_rows(name, data)
    errors: list[RowError] = []
    known = {u.title.lower(): u for u in Unit.objects.all()}
    planned: dict[str, tuple] = {}
    for i, row in enumerate(rows, start=2):
        kind = KIND_WORDS.get(row.get("kind", "").strip().lower())
        unit_name = row.get("name", "").strip()
        parent_title = row.get("parent", "").strip().lower()
        branch_kind = row.get("branch_kind", "").strip().lower()
        if kind is None:
            errors.append(RowError(i, "kind", f"loại đơn vị không rõ: {row.get('kind')!r} / unknown kind"))
            continue
        if not unit_name:
            errors.append(RowError(i, "name", "tên trống / empty name"))
            continue
        if parent_title and parent_title not in known and parent_title not in planned:
            errors.append(
                RowError(i, "parent", f"không tìm thấy đơn vị cấp trên {row.get('parent')!r} / unknown parent")
            )
            continue
        if kind == Kind.BRANCH and branch_kind and branch_kind not in BRANCH_WORDS:
            errors.append(RowError(i, "branch_kind", f"loại chi bộ không rõ: {branch_kind!r}"))
            continue
        title = f"{Kind(kind).label} {unit_name}".lower()
        if title in known or title in planned:
            errors.append(RowError(i, "name", f"đơn vị đã có: {title!r} / duplicate unit"))
            continue
        planned[title] = (i, kind, unit_name, parent_title, BRANCH_WORDS.get(branch_kind, ""), row.get("code", ""))
    if errors:
        raise ImportFailed(errors)
    created = 0
    with transaction.atomic():
        for title, (i, kind, unit_name, parent_title, branch_kind, code) in planned.items():
            parent = known.get(parent_title) if parent_title else None
            try:
                unit = create_unit(kind, unit_name, parent, branch_kind=branch_kind, code=code[:20])
            except ValueError as exc:
                raise ImportFailed([RowError(i, "kind", str(exc))]) from None
            known[title] = unit
            created += 1
    return created
