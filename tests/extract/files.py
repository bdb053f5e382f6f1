"""Test fixtures: files of every supported type, made here so the tests need no binary fixtures."""

from __future__ import annotations

import io
from pathlib import Path


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer in Vietnamese.

    The standard fonts cannot encode Vietnamese, so each character gets a one-byte code and a
    ToUnicode map says which character it is: exactly what a text extractor reads.
    """
    chars = sorted({c for line in lines for c in line})
    code = {c: i + 1 for i, c in enumerate(chars)}
    cmap = "\n".join(f"<{code[c]:02X}> <{ord(c):04X}>" for c in chars)
    tounicode = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Custom def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{cmap}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 760 Td"]
    for line in lines:
        ops.append("<" + "".join(f"{code[c]:02X}" for c in line) + "> Tj T*")
    ops.append("ET")
    content = "\n".join(ops).encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(tounicode) + tounicode + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    path.write_bytes(docx_bytes(paragraphs, table))
    return path
