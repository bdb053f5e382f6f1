"""The targets table as a spreadsheet: results per year and verdicts, laid out for printing.

The first sheet is what the office prints and pins to the report: the figures written the
Vietnamese way (1.234,5) as the document writes them, whatever the reader's locale. The second
sheet holds the same figures as plain numbers for anyone who wants to compute with them.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

if TYPE_CHECKING:  # the writers never touch Django: content.py alone reads the models
    from .content import ReportContent

__all__ = ["render_xlsx"]

FONT = "Times New Roman"
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _font(size: float = 12, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic)


def _targets_sheet(ws, content: ReportContent) -> None:
    ref = "Kế hoạch" if content.ref == "kế hoạch" else "Nghị quyết"
    years = content.years
    heads = ["STT", "Chỉ tiêu", ref, *[f"Năm {y}" for y in years], "Thực hiện", "Tỷ lệ %", "Đánh giá", "Ghi chú"]
    widths = [6, 46, 16, *[14] * len(years), 16, 10, 12, 28]
    last_col = get_column_letter(len(heads))
    lines = [
        (content.issuer, _font(12, bold=True), Alignment(horizontal="left")),
        ("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU", _font(14, bold=True), _CENTRE),
        (content.subject, _font(12, italic=True), _CENTRE),
    ]
    for i, (text, font, align) in enumerate(lines, start=1):
        ws.merge_cells(f"A{i}:{last_col}{i}")
        cell = ws.cell(row=i, column=1, value=text)
        cell.font, cell.alignment = font, align
    ws.row_dimensions[3].height = 32
    header_row = 5
    for col, (head, width) in enumerate(zip(heads, widths, strict=True), start=1):
        cell = ws.cell(row=header_row, column=col, value=head)
        cell.font, cell.alignment, cell.border = _font(bold=True), _CENTRE, _BOX
        ws.column_dimensions[get_column_letter(col)].width = width
    for n, r in enumerate(content.rows, start=header_row + 1):
        notes = []
        if r.basis:
            notes.append(f"Đánh giá: {r.basis}")
        if r.conflict:
            notes.append(f"Nguồn số liệu ghi «{r.claim}», khác với đánh giá theo số liệu")
        values = [
            r.number,
            r.name,
            r.target,
            *[r.yearly.get(y, "") for y in years],
            r.result_shown,
            r.pct,
            r.verdict,
            "; ".join(notes),
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=n, column=col, value=value)
            left = col in (2, len(values))
            cell.font = _font(bold=col == len(values) - 1 and r.verdict_key == "not_met")
            cell.alignment, cell.border = (_WRAP if left else _CENTRE), _BOX
    end = header_row + len(content.rows) + 2
    ws.merge_cells(f"A{end}:{last_col}{end}")
    total = content.summary
    note = f"; {total.unapproved_note}" if total.unapproved else ""  # counted on drafts: said so
    summary = ws.cell(row=end, column=1, value=f"Tổng hợp: {total.line[0].upper()}{total.line[1:]}{note}.")
    summary.font = _font(bold=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)
    # Printing: A4 landscape, one page wide, the header row repeated on every page.
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{last_col}{end}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6)
    ws.oddFooter.center.text = "Trang &P/&N"


def _data_sheet(ws, content: ReportContent) -> None:
    heads = ["STT", "Chỉ tiêu", "Mã chỉ số", "Đơn vị", "Chỉ tiêu (từ)", "Chỉ tiêu (đến)", "Năm", "Giá trị", "Đánh giá"]
    ws.append(heads)
    for cell in ws[1]:
        cell.font = _font(bold=True)
    for r in content.rows:
        base = [r.number, r.name, r.indicator, r.unit, r.target_value, r.target_value_max]
        for year, value in sorted(r.yearly_values.items()):
            ws.append([*base, year, value, ""])
        if r.result_value is not None:
            ws.append([*base, r.basis, r.result_value, r.verdict_key])
    for col, width in zip("ABCDEFGHI", (6, 46, 28, 8, 18, 18, 14, 20, 10), strict=True):
        ws.column_dimensions[col].width = width


def _party_sheet(ws, content: ReportContent) -> None:
    ws.append(["Chỉ số", "Giá trị"])
    for cell in ws[1]:
        cell.font = _font(bold=True)
    for f in content.party:
        ws.append([f.label, f.text])
    ws.column_dimensions["A"].width = 70
    ws.column_dimensions["B"].width = 20


def render_xlsx(content: ReportContent) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    _targets_sheet(ws, content)
    _data_sheet(wb.create_sheet("Số liệu"), content)
    if content.party:
        _party_sheet(wb.create_sheet("Xây dựng Đảng"), content)
    wb.properties.title = f"{content.title} {content.subject}"
    wb.properties.creator = content.issuer
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
