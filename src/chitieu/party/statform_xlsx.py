"""A statistical form as an XLSX workbook laid out like the paper form: the issuing body top left, the
form's number top right, the title and period centred, the table with numbered columns ("1, 2, 3,
4 = 2 × 100 / 3"), then the notes on what is incomplete and the signature block."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .statforms import StatForm

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "Times New Roman"  # the Party's documents are set in Times New Roman (Hướng dẫn 36-HD/VPTW)


def _font(size: int = 12, **kw) -> Font:
    return Font(name=FONT, size=size, **kw)


def _number(value):
    """Counts as integers, means and percentages as numbers with their decimals: a cell Excel adds."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def write_sheet(ws, form: StatForm) -> None:
    width = 5 if form.compare else 3
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 62
    for col in range(3, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
    last = get_column_letter(width)

    ws["A1"] = form.unit.party_title.upper()
    ws["A1"].font = _font(bold=True)
    ws.merge_cells("A1:B1")
    ws[f"{last}1"] = form.code
    ws[f"{last}1"].font = _font(italic=True)
    ws[f"{last}1"].alignment = Alignment(horizontal="right")
    ws["A3"] = form.title.upper()
    ws["A4"] = form.period.label.upper() + f" (từ {form.period.start:%d/%m/%Y} đến {form.period.end:%d/%m/%Y})"
    for ref in ("A3", "A4"):
        ws.merge_cells(f"{ref}:{last}{ref[1:]}")
        ws[ref].alignment = Alignment(horizontal="center")
    ws["A3"].font = _font(14, bold=True)
    ws["A4"].font = _font(bold=True)
    ws[f"{last}5"] = form.unit_label
    ws[f"{last}5"].font = _font(11, italic=True)
    ws[f"{last}5"].alignment = Alignment(horizontal="right")

    head = 6
    if form.compare:
        headers = [("A", "STT"), ("B", "Tiêu chí"), ("C", "Thực hiện"), ("E", "(%) kỳ này so với cùng kỳ năm trước")]
        for col, text in headers:
            ws[f"{col}{head}"] = text
        ws[f"C{head + 1}"] = "Kỳ này"
        ws[f"D{head + 1}"] = "Cùng kỳ năm trước"
        ws.merge_cells(f"A{head}:A{head + 1}")
        ws.merge_cells(f"B{head}:B{head + 1}")
        ws.merge_cells(f"C{head}:D{head}")
        ws.merge_cells(f"E{head}:E{head + 1}")
        numbers = ["", "1", "2", "3", "4 = 2 × 100 / 3"]
    else:
        ws[f"A{head}"], ws[f"B{head}"], ws[f"C{head}"] = "STT", "Tiêu chí", "Số lượng"
        for col in "ABC":
            ws.merge_cells(f"{col}{head}:{col}{head + 1}")
        numbers = ["", "1", "2"]
    for i, text in enumerate(numbers, start=1):
        ws.cell(head + 2, i, text)
    for row in ws.iter_rows(min_row=head, max_row=head + 2, max_col=width):
        for cell in row:
            cell.font = _font(11, bold=cell.row < head + 2, italic=cell.row == head + 2)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BOX

    r = head + 3
    for line in form.lines:
        label = ("   " * line.indent) + line.label + (" (*)" if line.incomplete else "")
        values = [line.number, label, _number(line.now)]
        if form.compare:
            values += [_number(line.before), _number(line.percent)]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.border = BOX
            cell.font = _font(11, bold=line.bold, italic=line.missing)
            if c >= 3:
                cell.alignment = Alignment(horizontal="right")
                cell.number_format = "0.00" if c == 5 or (isinstance(value, float)) else "#,##0"
            elif c == 2:
                cell.alignment = Alignment(wrap_text=True)
        r += 1

    r += 1
    for text in [*(f"Chưa cân đối: {p}" for p in form.problems), *(f"Ghi chú: {n}" for n in form.notes)]:
        ws.cell(r, 1, text).font = _font(11, italic=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.cell(r, 1).alignment = Alignment(wrap_text=True)
        ws.row_dimensions[r].height = 30
        r += 1
    r += 1
    ws.cell(r, width - 1 if form.compare else 2, "……, ngày … tháng … năm ……").font = _font(11, italic=True)
    r += 1
    ws.cell(r, 2, "NGƯỜI LẬP BIỂU").font = _font(bold=True)
    ws.cell(r, width - 1 if form.compare else 3, "T/M ĐẢNG ỦY").font = _font(bold=True)
    ws.print_options.horizontalCentered = True
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1


def workbook(forms: list[StatForm]) -> bytes:
    """One sheet per form ("Biểu 1", "Biểu 2", …)."""
    wb = Workbook()
    wb.remove(wb.active)
    for form in forms:
        write_sheet(wb.create_sheet(f"Biểu {form.number}"), form)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
