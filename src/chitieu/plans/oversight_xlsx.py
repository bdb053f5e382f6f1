"""The province page's tables as an XLSX workbook: the heat table (committees × indicators, each cell
the verdict in words, coloured as on the page, "(nháp)" or "(chưa duyệt)" after it when it rests on a
result nobody approved yet) and the completeness (one row per committee and year:
its targets with an approved result, a submitted one, a draft, none). Numbers are numbers."""

from __future__ import annotations

import io

from django.utils.text import capfirst
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .oversight import CATEGORIES, Overview

FONT = "Times New Roman"  # as the Party's documents (party.statform_xlsx)
# The page's colours (static/chitieu/site.css), light enough for the words to read in print.
FILLS = {
    "exceeded": "B7E1C1",
    "met": "D7EFDC",
    "not_met": "F6C9C5",
    "in_progress": "DCE7F7",
    "unjudged": "E6E6E6",
}


UNAPPROVED_HEAD = "Chỉ tiêu tính từ số liệu chưa duyệt"
NOTE_UNAPPROVED = (
    "Ghi chú: «(nháp)»: đánh giá tính từ số liệu nháp, chưa gửi duyệt; «(chưa duyệt)»: từ số liệu đã gửi, "
    "chờ cấp trên duyệt."
)


def _head(ws, row: int, values: list[str]) -> None:
    for col, text in enumerate(values, start=1):
        cell = ws.cell(row, col, text)
        cell.font = Font(name=FONT, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = ws.cell(row + 1, 2)


def _title(ws, text: str, viewing: str) -> None:
    ws["A1"] = text
    ws["A1"].font = Font(name=FONT, size=13, bold=True)
    ws["A2"] = f"Đang xem: {viewing}"
    ws["A2"].font = Font(name=FONT, italic=True)


def heat_sheet(ws, view: Overview) -> None:
    heat = view.heat()
    _title(ws, f"{capfirst(view.unit.title)}: đánh giá chỉ tiêu theo Đảng bộ", view.viewing)
    counts = [capfirst(label) for _, label in CATEGORIES]
    _head(
        ws,
        4,
        ["Đảng bộ", "Trực thuộc", "Nhiệm kỳ", *(i.name for i in heat.columns), *counts, "Tổng số chỉ tiêu",
         UNAPPROVED_HEAD],
    )  # fmt: skip
    r = 5
    for h in heat.rows:
        row = h.row
        s = row.summary
        numbers = [s.exceeded, s.met, s.not_met, s.in_progress, s.unjudged, s.total, s.unapproved] if s else [0] * 7
        values = [
            row.committee.party_title,
            row.committee.parent.title if row.committee.parent_id else "",
            row.term.label if row.term else "",
            *(c.text if c else "—" for c in h.cells),
            *numbers,
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(r, col, value)
            cell.font = Font(name=FONT)
        for col, c in enumerate(h.cells, start=4):
            if c is not None:
                ws.cell(r, col).fill = PatternFill("solid", fgColor=FILLS[c.category])
        r += 1
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 11
    for col in range(4, 4 + len(heat.columns)):
        ws.column_dimensions[get_column_letter(col)].width = 18
    ws.column_dimensions[get_column_letter(4 + len(heat.columns) + 6)].width = 16
    ws.cell(r + 1, 1, NOTE_UNAPPROVED).font = Font(name=FONT, italic=True)
    if heat.unlinked:
        ws.cell(r + 2, 1, f"Ghi chú: {heat.unlinked} chỉ tiêu chưa gắn chỉ số trong danh mục, không có cột.")


def completeness_sheet(ws, view: Overview) -> None:
    report = view.report
    _title(ws, f"{capfirst(view.unit.title)}: tình hình nhập và duyệt kết quả", view.viewing)
    _head(ws, 4, ["Đảng bộ", "Nhiệm kỳ", "Năm", "Số chỉ tiêu", "Đã duyệt", "Chờ duyệt", "Nháp", "Chưa có"])
    r = 5
    for rr in report.rows:
        for label, cell in zip(report.labels, rr.cells, strict=True):
            if cell is None:
                continue
            year = int(label) if label.isdigit() else label
            values = [rr.row.committee.party_title, rr.row.term.label, year, cell.total, cell.approved,
                      cell.submitted, cell.draft, cell.missing]  # fmt: skip
            for col, value in enumerate(values, start=1):
                ws.cell(r, col, value).font = Font(name=FONT)
            r += 1
    for label, total in zip(report.labels, report.totals, strict=True):
        year = int(label) if label.isdigit() else label
        values = ["Tổng cộng", "", year, total.total, total.approved, total.submitted, total.draft, total.missing]
        for col, value in enumerate(values, start=1):
            ws.cell(r, col, value).font = Font(name=FONT, bold=True)
        r += 1
    for rr in report.without_targets:
        ws.cell(r, 1, rr.committee.party_title).font = Font(name=FONT)
        ws.cell(r, 2, "chưa có chỉ tiêu trong nhiệm kỳ đang xem").font = Font(name=FONT, italic=True)
        r += 1
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 11
    for col in "CDEFGH":
        ws.column_dimensions[col].width = 12


def workbook(view: Overview) -> bytes:
    wb = Workbook()
    heat_sheet(wb.active, view)
    wb.active.title = "Đánh giá chỉ tiêu"
    completeness_sheet(wb.create_sheet("Nhập và duyệt kết quả"), view)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
