"""The report as a Word document in the format of Party documents (Hướng dẫn 36-HD/VPTW, 2018).

The rules of the guideline this writer follows, so that nobody has to retype the result:
- A4 paper, portrait; margins top 20-25, bottom 20-25, left 30-35, right 15-20 mm (default 20/20/30/15).
- Times New Roman (a Unicode font per TCVN 6909:2001), body at 14 pt, justified, first lines
  indented 1-1,27 cm, paragraphs at least 6 pt apart, line spacing from single to 1,5 lines.
- Top left: the body directly above, in capitals, upright, not bold; under it the issuing body in
  capitals, bold, then a "*" and the number "Số …-BC/ĐU" (BC for báo cáo, ĐU for Đảng ủy).
- Top right: "ĐẢNG CỘNG SẢN VIỆT NAM" in capitals, bold, 15 pt, ruled underneath as long as the
  words; under the rule the place and date in italics.
- The kind of document ("BÁO CÁO") centred in bold capitals, its summary line centred in bold, then
  a short rule of dashes.
- Signature: "T/M ĐẢNG ỦY" (on behalf of the committee) and the title "BÍ THƯ" in bold capitals,
  room for the signature and seal, then the name in bold.
- Bottom left: "Nơi nhận:" underlined, then the recipients at 12 pt, each "- …,", the last one
  "- Lưu Văn phòng Đảng ủy."
- Pages numbered in Arabic figures, centred in the top margin, from the second page on.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, unescape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.image.image import Image
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

if TYPE_CHECKING:  # the writers never touch Django: content.py alone reads the models
    from .content import ReportContent

__all__ = ["FONT", "Margins", "render_docx"]

FONT = "Times New Roman"
# Width of "ĐẢNG CỘNG SẢN VIỆT NAM" in Times New Roman bold 15 pt (measured on Liberation Serif 2,
# which has the same metrics): the rule under it is drawn this long.
_PARTY_NAME_WIDTH_MM = 72.7


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15

    @classmethod
    def parse(cls, text: str) -> Margins:
        """ "20,20,30,15" or "20/20/30/15": top, bottom, left, right in mm."""
        parts = [p for p in re.split(r"[,/;\s]+", (text or "").strip()) if p]
        try:
            values = [float(p.replace(",", ".")) for p in parts]
        except ValueError:
            values = []
        if len(values) != 4 or not all(5 <= v <= 60 for v in values):
            raise ValueError(
                f"Lề không hợp lệ: {text!r}; cần 4 số mm trên,dưới,trái,phải, ví dụ 20,20,30,15 "
                "/ margins: four numbers in mm, top,bottom,left,right"
            )
        return cls(*values)

    @property
    def text_width_mm(self) -> float:
        return 210 - self.left - self.right


# --- low-level helpers ------------------------------------------------------------------------


def _set_fonts(rpr_parent, name: str = FONT) -> None:
    """Set the font for every script: Word picks the East Asian and complex-script slots for some
    Vietnamese letters, and a slot left on the theme font shows them in Calibri."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "vi-VN")


# "8 - 10%/năm" must not break at its dash: a range read across two lines reads as two numbers.
_RANGE = re.compile(r"(\d) - (\d)")


def _keep_ranges(text: str) -> str:
    return _RANGE.sub("\\1\u00a0-\u00a0\\2", text)


def _run(p, text: str, *, size: float = 14, bold=False, italic=False, highlight=False, underline=False):
    r = p.add_run(_keep_ranges(text))
    r.font.size = Pt(size)
    r.bold = bold or None
    r.italic = italic or None
    if underline:
        r.underline = True
    if highlight:
        r.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return r


def _para(container, text: str = "", *, size: float = 14, bold=False, italic=False, align=None, indent=False,
          after: float = 6, before: float = 0, keep=False, highlight=False, underline=False):  # fmt: skip
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if keep:
        fmt.keep_with_next = True
    if text:
        _run(p, text, size=size, bold=bold, italic=italic, highlight=highlight, underline=underline)
    return p


# What follows w:pBdr in a paragraph's properties: Word rejects elements out of schema order.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _bottom_rule(p) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    p._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def _no_cell_margins(table) -> None:
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.insert_element_before(mar, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _twips(mm: float) -> str:
    return str(round(mm / 25.4 * 1440))


def _widths(table, widths_mm: list[float]) -> None:
    # A fixed layout (autofit off) with the total width stated: LibreOffice otherwise shares the
    # page out equally between the columns.
    table.autofit = False
    tblw = table._tbl.tblPr.find(qn("w:tblW"))
    tblw.set(qn("w:w"), _twips(sum(widths_mm)))
    tblw.set(qn("w:type"), "dxa")
    for col, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), _twips(w))
    # The XML directly: python-docx's table.rows[i].cells recomputes the grid at every access.
    for tr in table._tbl.tr_lst:
        for tc, w in zip(tr.tc_lst, widths_mm, strict=True):
            tc.width = Mm(w)


def _row_flags(tr, *, header: bool = False) -> None:
    trpr = tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))  # a row is never cut across two pages
    if header:  # repeated at the top of every page the table runs onto
        trpr.append(OxmlElement("w:tblHeader"))


def _page_number_header(section) -> None:
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    field.append(r)
    p._p.append(field)


def _styles(doc) -> dict[str, str]:
    """The body's paragraph styles, by their ids. Formatting lives in named styles, not on every run: the office
    restyles a whole report in one place, and the writer does a fraction of the XML work."""
    normal = doc.styles["Normal"]
    out = {}

    def add(key, name, *, size=14, bold=None, italic=None, align=None, indent=False, before=0, after=6,
            keep=False, highlight=False):  # fmt: skip
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.style_id = "BaoCao" + key.title().replace("_", "")  # ASCII ids, whatever the names
        st.base_style = normal
        st.quick_style = True
        st.font.size = Pt(size)
        st.font.bold = bold
        st.font.italic = italic
        if highlight:
            st.font.highlight_color = WD_COLOR_INDEX.YELLOW
        pf = st.paragraph_format
        pf.alignment = align
        pf.space_before, pf.space_after = Pt(before), Pt(after)
        if indent:
            pf.first_line_indent = Cm(1.27)
        if keep:
            pf.keep_with_next = True
        out[key] = st.style_id

    j, c = WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER
    add("para", "Báo cáo - Đoạn văn", align=j, indent=True)
    # The signature never stands alone on a page: the closing paragraph goes with it.
    add("closing", "Báo cáo - Đoạn kết", align=j, indent=True, keep=True)
    add("h1", "Báo cáo - Mục I", bold=True, align=j, indent=True, before=6, keep=True)
    add("h2", "Báo cáo - Mục 1", bold=True, align=j, indent=True, keep=True)
    add("h3", "Báo cáo - Điểm a", bold=True, italic=True, align=j, indent=True, keep=True)
    add("placeholder", "Báo cáo - Cần bổ sung", italic=True, align=j, indent=True, highlight=True)
    add("cell", "Báo cáo - Ô bảng", size=12, after=0)
    add("cell_centre", "Báo cáo - Ô bảng giữa", size=12, align=c, after=0)
    add("cell_head", "Báo cáo - Đầu bảng", size=12, bold=True, align=c, after=0)
    add("table_note", "Báo cáo - Ghi chú bảng", size=12, italic=True, before=3, highlight=True)
    add("figure", "Báo cáo - Hình", align=c, after=0, keep=True)
    add("caption", "Báo cáo - Chú thích hình", size=12, italic=True, align=c)
    add("appendix", "Báo cáo - Phụ lục", bold=True, align=c, after=0, keep=True)
    add("appendix_note", "Báo cáo - Ghi chú phụ lục", italic=True, align=c, after=12, keep=True)
    return out


# --- the parts of the document ----------------------------------------------------------------


def _header(doc, content: ReportContent, margins: Margins) -> None:
    # The two header blocks need about 17 cm side by side ("ĐẢNG ỦY PHƯỜNG KHUÊ TRUNG" in bold
    # 14 pt is 8 cm, "ĐẢNG CỘNG SẢN VIỆT NAM" in bold 15 pt over 7 cm), so, as the offices' own
    # templates do, the header table reaches up to 1 cm into the wide left margin.
    reach = max(0.0, min(10.0, margins.left - 15))
    width = margins.text_width_mm + reach
    left_w = round(width * 0.48, 1)
    right_w = round(width - left_w, 1)
    table = doc.add_table(rows=1, cols=2)
    _no_cell_margins(table)
    _widths(table, [left_w, right_w])
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(-round(reach / 25.4 * 1440)))
    ind.set(qn("w:type"), "dxa")
    table._tbl.tblPr.insert_element_before(ind, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    left, right = table.rows[0].cells
    c = WD_ALIGN_PARAGRAPH.CENTER
    first = left.paragraphs[0]
    first.alignment = c
    first.paragraph_format.space_after = Pt(0)
    _run(first, content.superior, highlight=content.superior_placeholder)
    _para(left, content.issuer, bold=True, align=c, after=0)
    _para(left, "*", align=c, after=0)
    _para(left, content.number, align=c, after=0)

    top = right.paragraphs[0]
    top.alignment = c
    top.paragraph_format.space_after = Pt(4)
    _run(top, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True)
    # The rule is as long as the words: indent the paragraph (and so its border) to their width.
    side = max((right_w - _PARTY_NAME_WIDTH_MM) / 2 - 1.5, 0)
    top.paragraph_format.left_indent = Mm(side)
    top.paragraph_format.right_indent = Mm(side)
    _bottom_rule(top)
    _para(right, content.place_date, italic=True, align=c, after=0, before=6)


def _title(doc, content: ReportContent) -> None:
    c = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, content.title, size=16, bold=True, align=c, before=18, after=0, keep=True)
    _para(doc, content.subject, bold=True, align=c, after=0, keep=True)
    _para(doc, "-----", align=c, after=12, keep=True)


# The body is written as WordprocessingML text, and the document parsed once: building the same
# elements one by one through python-docx took most of a report's time (each child is placed by a
# scan of its siblings), and a province renders its hundred reports at once.


def _xml_text(text: str) -> str:
    return escape(_keep_ranges(text), {'"': "&quot;"})


def _p_xml(style_id: str, text: str = "", *, bold: bool = False) -> str:
    run = ""
    if text:
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        run = f'<w:r>{rpr}<w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r>'
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{run}</w:p>'


def _table_xml(content: ReportContent, margins: Margins, styles: dict[str, str]) -> str:
    ref = "Kế hoạch" if content.ref == "kế hoạch" else "Nghị quyết"
    heads = ["STT", "Chỉ tiêu", ref, "Thực hiện", "Tỷ lệ %", "Đánh giá"]
    shares = [0.075, 0.38, 0.16, 0.16, 0.1, 0.125]
    widths = [_twips(margins.text_width_mm * s) for s in shares]

    def row(values: list[str], style_ids: list[str], *, header: bool = False, bold_last: bool = False) -> str:
        # cantSplit: a row is never cut across two pages; tblHeader: the head repeats on each page.
        flags = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            f"{_p_xml(sid, v, bold=bold_last and k == len(values) - 1)}</w:tc>"
            for k, (v, w, sid) in enumerate(zip(values, widths, style_ids, strict=True))
        )
        return f"<w:tr><w:trPr>{flags}</w:trPr>{cells}</w:tr>"

    centre, left = styles["cell_centre"], styles["cell"]
    out = [
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(int(w) for w in widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *[f'<w:gridCol w:w="{w}"/>' for w in widths],
        "</w:tblGrid>",
        row(heads, [styles["cell_head"]] * 6, header=True),
    ]
    for r in content.rows:
        values = [str(r.number), r.name, r.target, r.result_shown, r.pct, r.verdict + ("*" if r.conflict else "")]
        # A target not met stands out in bold: it is what the reader looks for first.
        out.append(row(values, [centre, left, centre, centre, centre, centre], bold_last=r.verdict_key == "not_met"))
    out.append("</w:tbl>")
    conflicts = [r for r in content.rows if r.conflict]
    notes = "; ".join(f"chỉ tiêu {r.number}: nguồn ghi «{r.claim}»" for r in conflicts)
    note = f"(*) Đánh giá theo số liệu, khác với nguồn số liệu ({notes})." if conflicts else ""
    out.append(_p_xml(styles["table_note"], note))
    return "".join(out)


# A picture as python-docx writes it (CT_Inline.new_pic_inline): "wp" and "r" are declared on the
# document element, "a" and "pic" on the picture.
_PICTURE = (
    '<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:drawing><wp:inline '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="Picture {id}"/><wp:cNvGraphicFramePr>'
    '<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic>'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
    '<pic:cNvPr id="0" name="{filename}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
    '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic></a:graphicData>'
    "</a:graphic></wp:inline></w:drawing></w:r></w:p>"
)


def _body(content: ReportContent, margins: Margins, png: bytes | None, styles: dict[str, str], image_rid: str) -> str:
    """The report's blocks as WordprocessingML, the chart as a picture of relationship ``image_rid``."""
    chunks: list[str] = []
    pictures = 0
    for b in content.blocks:
        if b.kind == "table":
            chunks.append(_table_xml(content, margins, styles))
        elif b.kind == "chart":
            if png is None:
                chunks.append(_p_xml(styles["placeholder"], "[Cần bổ sung: biểu đồ (không vẽ được trên máy này)]"))
                continue
            image = Image.from_blob(png)
            cx, cy = image.scaled_dimensions(Mm(min(160, margins.text_width_mm)), None)
            pictures += 1
            chunks.append(
                _PICTURE.format(
                    style=styles["figure"], cx=cx, cy=cy, id=pictures, filename=image.filename, rid=image_rid
                )
            )
            chunks.append(_p_xml(styles["caption"], f"Biểu đồ: {content.chart.title}"))
        elif b.kind == "dash":
            chunks.append(_p_xml(styles["para"], f"- {b.text}"))
        elif b.kind in ("placeholder", "note"):
            chunks.append(_p_xml(styles["placeholder"], b.text))
        else:
            chunks.append(_p_xml(styles.get(b.kind, styles["para"]), b.text))
    return "".join(chunks)


_TREND_RID = "rIdChitieuTrend{}"
_TREND_IMAGE = "word/media/trend{}.png"


def _trend_width_mm(margins: Margins) -> float:
    """A trend chart's width: two side by side across the text, less the cells' margins."""
    return margins.text_width_mm / 2 - 4


def _appendix_xml(content: ReportContent, margins: Margins, pngs: list[bytes], styles: dict[str, str]) -> str:
    """The appendix after the signature: each main target's results year by year (its trend chart,
    as the committee page shows it), two charts a row, each under its target's number and name."""
    rows = [r for r in content.rows if r.trend is not None]
    number = content.number[0].lower() + content.number[1:]
    date = content.place_date.partition(", ")[2]
    head = (
        f'<w:p><w:pPr><w:pStyle w:val="{styles["appendix"]}"/><w:pageBreakBefore/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">PHỤ LỤC</w:t></w:r></w:p>'
    )
    out = [
        head,
        _p_xml(styles["appendix"], "DIỄN BIẾN CÁC CHỈ TIÊU CHỦ YẾU QUA CÁC NĂM"),
        _p_xml(
            styles["appendix_note"],
            f"(Kèm theo Báo cáo {number}{', ' + date if date else ''} của Đảng ủy {content.committee_title})",
        ),
    ]
    half = _twips(margins.text_width_mm / 2)
    out.append(
        f'<w:tbl><w:tblPr><w:tblW w:w="{2 * int(half)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{half}"/>'
        "</w:tblGrid>"
    )
    cells = []
    for i, (r, png) in enumerate(zip(rows, pngs, strict=True), start=1):
        image = Image.from_blob(png)
        cx, cy = image.scaled_dimensions(Mm(_trend_width_mm(margins)), None)
        picture = _PICTURE.format(
            style=styles["figure"], cx=cx, cy=cy, id=100 + i, filename=f"trend{i}.png", rid=_TREND_RID.format(i)
        )
        cells.append(_p_xml(styles["cell_head"], f"{r.number}. {r.label or r.name}") + picture)
    if len(cells) % 2:
        cells.append("<w:p/>")
    for k in range(0, len(cells), 2):
        tcs = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{half}" w:type="dxa"/></w:tcPr>{c}</w:tc>' for c in cells[k : k + 2])
        out.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{tcs}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _trend_pngs(content: ReportContent, margins: Margins) -> list[bytes]:
    """The PNG of each target's trend, in the order of the rows; none when the charts cannot be drawn here."""
    from .chart import ChartUnavailable, render_trend_png

    try:
        width_cm = _trend_width_mm(margins) / 10
        return [render_trend_png(r.trend, width_cm=width_cm) for r in content.rows if r.trend is not None]
    except ChartUnavailable:
        return []


def _rels(package: _Package, pictured: bool, trends: int) -> bytes:
    """word/_rels/document.xml.rels: the chart's picture when there is one, then the trends'."""
    if not trends:
        return package.rels[pictured]
    root = etree.fromstring(package.rels[pictured])
    ns = root.nsmap[None]
    for i in range(1, trends + 1):
        rel = etree.SubElement(root, f"{{{ns}}}Relationship")
        rel.set("Id", _TREND_RID.format(i))
        rel.set("Type", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image")
        rel.set("Target", _TREND_IMAGE.format(i).removeprefix("word/"))
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def _signature(doc, content: ReportContent, margins: Margins) -> None:
    width = margins.text_width_mm
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_cell_margins(table)
    _widths(table, [round(width * 0.5, 1), round(width * 0.5, 1)])
    _row_flags(table._tbl.tr_lst[0])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.paragraph_format.space_after = Pt(0)
    first.paragraph_format.space_before = Pt(12)
    _run(first, "Nơi nhận", underline=True)
    _run(first, ":")
    for line in content.recipients:
        _para(left, f"- {line}", size=12, after=0)
    c = WD_ALIGN_PARAGRAPH.CENTER
    top = right.paragraphs[0]
    top.alignment = c
    top.paragraph_format.space_after = Pt(0)
    top.paragraph_format.space_before = Pt(12)
    _run(top, content.signer_for, bold=True)
    _para(right, content.signer_title, bold=True, align=c, after=0)
    # Room for the signature and the seal.
    _para(right, "", after=0)
    _para(right, "", after=0)
    _para(right, "", after=0)
    _para(right, "", after=0)
    _para(right, content.signer_name, bold=True, align=c, after=0, highlight=content.signer_placeholder)


@cache
def _template() -> tuple[bytes, dict[str, str]]:
    """The empty report document: A4, Times New Roman, the body styles, page numbers from page 2.

    Built once per process and reopened for each report: setting up styles through python-docx
    costs more than writing a whole report's text.
    """
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.1
    for name in ("Header", "Table Grid"):
        if name in doc.styles:
            _set_fonts(doc.styles[name].element)
    styles = _styles(doc)
    props = doc.core_properties
    props.language = "vi-VN"
    props.comments = "Viết bởi chitieu từ số liệu; các đoạn tô vàng cần Văn phòng Đảng ủy bổ sung, kiểm tra."
    _page_number_header(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), styles


# --- the package ------------------------------------------------------------------------------
#
# A report differs from the empty template in a few parts only: the document's XML, the title and
# author in docProps/core.xml, the pictures (the chart's, the trends') and their relationships.
# Opening the template with python-docx and saving it again (its 350 kB of styles parsed, serialised
# and compressed) took most of a report's time, so the template's other parts are compressed once
# per process and each report appends its own to a copy of them. What is written is what python-docx
# wrote: the header, title and signature are laid out by python-docx once per page layout, with
# markers where the texts go.

_IMAGE = "word/media/image1.png"
_DOCUMENT, _CORE, _RELS = "word/document.xml", "docProps/core.xml", "word/_rels/document.xml.rels"
_MARKER = re.compile(r"<w:t>([^<]*)@@chitieu:(\d+)@@([^<]*)</w:t>")
_BODY_MARKER = "@@chitieu:body@@"


@dataclass(frozen=True)
class _Package:
    stored: dict[bool, bytes]  # the zip of the unchanging parts, without and with pictures
    core: bytes  # docProps/core.xml of the template
    rels: dict[bool, bytes]  # the document's relationships, without and with the chart's picture
    image_rid: str  # the relationship of the picture, when there is one


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    return out.getvalue()


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {name: z.read(name) for name in z.namelist()}


@cache
def _package() -> _Package:
    template, _ = _template()
    plain = _parts(template)
    # The same with a picture: its relationship and its content type, as python-docx adds them.
    doc = Document(io.BytesIO(template))
    doc.add_picture(io.BytesIO(_tiny_png()))
    out = io.BytesIO()
    doc.save(out)
    pictured = _parts(out.getvalue())
    rels = etree.fromstring(pictured[_RELS])
    rid = next(r.get("Id") for r in rels if r.get("Target") == _IMAGE.removeprefix("word/"))
    stored = {}
    for picture, parts in ((False, plain), (True, pictured)):
        stored[picture] = _zip({k: v for k, v in parts.items() if k not in (_DOCUMENT, _CORE, _IMAGE, _RELS)})
    rels = {False: plain[_RELS], True: pictured[_RELS]}
    return _Package(stored=stored, core=plain[_CORE], rels=rels, image_rid=rid)


def _tiny_png() -> bytes:
    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (1, 1), "white").save(out, format="PNG")
    return out.getvalue()


def _texts(content: ReportContent) -> list[str]:
    """The texts of the header, the title and the signature, in the order of their markers."""
    return [
        content.superior,
        content.issuer,
        content.number,
        content.place_date,
        content.title,
        content.subject,
        content.signer_for,
        content.signer_title,
        content.signer_name,
        *content.recipients,
    ]


@cache
def _frame(margins: Margins, superior_placeholder: bool, signer_placeholder: bool, present: tuple[bool, ...]):
    """document.xml before and after the body, with a marker for each text of ``_texts`` that is
    not empty (``present``): laid out by python-docx, the way every report's page is."""
    names = ("superior", "issuer", "number", "place_date", "title", "subject", "signer_for", "signer_title")
    texts = [f"@@chitieu:{i}@@" if there else "" for i, there in enumerate(present)]
    frame = SimpleNamespace(
        **dict(zip(names, texts, strict=False)),
        signer_name=texts[8],
        recipients=texts[9:],
        superior_placeholder=superior_placeholder,
        signer_placeholder=signer_placeholder,
    )
    template, _ = _template()
    doc = Document(io.BytesIO(template))
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
    section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
    _header(doc, frame, margins)
    _title(doc, frame)
    doc.add_paragraph(_BODY_MARKER)
    _signature(doc, frame, margins)
    xml = serialize_part_xml(doc.element).decode("utf-8")
    before, after = xml.split(f"<w:p><w:r><w:t>{_BODY_MARKER}</w:t></w:r></w:p>")
    return before, after


def _run_content(text: str) -> str:
    """What python-docx writes in a run for ``text`` (a w:t for each stretch of text, w:tab for a
    tab, w:br for a line break), after the range rule of ``_run``."""
    out, stretch = [], []

    def flush() -> None:
        t = "".join(stretch)
        if t:
            space = ' xml:space="preserve"' if len(t.strip()) < len(t) else ""
            out.append(f"<w:t{space}>{escape(t)}</w:t>")
        stretch.clear()

    for char in _keep_ranges(text):
        if char == "\t":
            flush()
            out.append("<w:tab/>")
        elif char in "\r\n":
            flush()
            out.append("<w:br/>")
        else:
            stretch.append(char)
    flush()
    return "".join(out)


def render_docx(content: ReportContent, *, margins: Margins | None = None, chart_png: bytes | None = None) -> bytes:
    """The .docx file of a report. The chart is drawn here unless ``chart_png`` is given."""
    margins = margins or Margins()
    if content.chart is not None and chart_png is None:
        from .chart import ChartUnavailable, render_png

        try:
            chart_png = render_png(content.chart)
        except ChartUnavailable:
            chart_png = None
    _, styles = _template()
    package = _package()
    texts = _texts(content)
    before, after = _frame(
        margins, content.superior_placeholder, content.signer_placeholder, tuple(bool(t) for t in texts)
    )
    body = _body(content, margins, chart_png, styles, package.image_rid)
    trends = _trend_pngs(content, margins)

    def fill(xml: str) -> str:  # the markers of the header and the signature; the body has none
        return _MARKER.sub(lambda m: _run_content(unescape(m[1]) + texts[int(m[2])] + unescape(m[3])), xml)

    xml = fill(before) + body + fill(after)
    if trends:  # the appendix follows the signature, the last thing before the section's settings
        at = xml.rindex("<w:sectPr")
        xml = xml[:at] + _appendix_xml(content, margins, trends, styles) + xml[at:]
    # Parsed and written again: the document is well-formed XML, written as python-docx writes it.
    document = etree.tostring(etree.fromstring(xml.encode("utf-8")), encoding="UTF-8", standalone=True)
    core = parse_xml(package.core)
    props = CoreProperties(core)
    props.title = f"{content.title} {content.subject}"
    props.author = content.issuer
    pictured = chart_png is not None and any(b.kind == "chart" for b in content.blocks)
    out = io.BytesIO(package.stored[pictured or bool(trends)])  # with trends: the PNG content type
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(_CORE, serialize_part_xml(core))
        z.writestr(_DOCUMENT, document)
        z.writestr(_RELS, _rels(package, pictured, len(trends)))
        if pictured:
            z.writestr(_IMAGE, chart_png)
        for i, png in enumerate(trends, start=1):
            z.writestr(_TREND_IMAGE.format(i), png, compress_type=zipfile.ZIP_STORED)  # a PNG is compressed
    return out.getvalue()
