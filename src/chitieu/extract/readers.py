"""Reading reports into plain text: .txt, .docx, .pdf and saved news pages (.html).

The character offsets of every extracted figure refer to the string ``read_text`` returns, so the
readers never normalise more than they must: a .txt file is returned exactly as decoded; a .pdf's
lines wrapped inside a sentence are joined.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import zipfile
from pathlib import Path

from chitieu.limits import TooLarge, check_zip, strip_control_chars

__all__ = ["ExtractError", "SUPPORTED_SUFFIXES", "read_text"]

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


class ExtractError(ValueError):
    """A file that cannot be read. The message is one line: Vietnamese, then English."""


def read_text(path: str | Path) -> str:
    """The plain text of a report; the offsets of extracted figures refer to this string."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ExtractError(
            f"Không hỗ trợ loại tệp '{suffix or p.name}' (chỉ .txt, .docx, .pdf, .html): {p} "
            f"/ unsupported file type '{suffix or p.name}' (only .txt, .docx, .pdf, .html)"
        )
    if not p.exists():
        raise ExtractError(f"Không tìm thấy tệp: {p} / file not found")
    if p.is_dir():
        raise ExtractError(f"Đây là thư mục, không phải tệp: {p} / is a directory, not a file")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ExtractError(f"Không đọc được tệp: {p} ({e.strerror}) / cannot read file") from None
    if suffix == ".txt":
        text = decode_text(data, str(p))
    elif suffix == ".docx":
        text = _read_docx(p)
    elif suffix == ".pdf":
        text = _read_pdf(p)
    else:
        text = _read_html(data, p)
    # NUL and other control characters (PDF text layers carry them) cannot be stored in
    # PostgreSQL and mean nothing to a reader: dropped here, so offsets refer to the clean text.
    return strip_control_chars(text)


def decode_text(data: bytes, name: str = "") -> str:
    """Decode a plain-text report.

    UTF-8 first, as the gold offsets assume; a BOM is dropped (Notepad writes one). Word's
    "Unicode text" is UTF-16 with a BOM. Older Vietnamese Windows files are cp1258, which writes
    tone marks as combining characters, so that text is composed to NFC to match the catalog.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise ExtractError(
            f"Không giải mã được tệp văn bản {name} (cần UTF-8 hoặc Windows-1258) "
            f"/ cannot decode text file (expected UTF-8 or Windows-1258)"
        ) from None
    if "\x00" in text:
        raise ExtractError(f"Tệp {name} không phải văn bản thuần / not a plain-text file")
    return unicodedata.normalize("NFC", text)


def _read_docx(p: Path) -> str:
    """Paragraphs and table cells, in document order.

    Reports keep their key figures in tables ("Chỉ tiêu | Nghị quyết | Kết quả"), so the cells of a
    row are joined by tabs on one line: the indicator name and its figures stay in one sentence.
    """
    if not zipfile.is_zipfile(p):
        raise ExtractError(f"Tệp .docx bị hỏng hoặc không phải Word: {p} / corrupt or not a .docx file")
    try:
        check_zip(p)
    except TooLarge as exc:
        raise ExtractError(f"{p.name}: {exc}") from None
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(p))
        lines: list[str] = []
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(block, document).text)
            elif tag == "tbl":
                for row in Table(block, document).rows:
                    cells: list[str] = []
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # a merged cell repeats
                            continue
                        seen.add(id(cell._tc))
                        cells.append(" ".join(par.text for par in cell.paragraphs).strip())
                    lines.append("\t".join(cells))
    except ExtractError:
        raise
    except Exception as e:  # python-docx and lxml raise many types on damaged files
        raise ExtractError(
            f"Tệp .docx bị hỏng, không đọc được: {p} ({type(e).__name__}) / corrupt .docx file"
        ) from None
    return "\n".join(lines)


def _read_pdf(p: Path) -> str:
    # pypdf logs every repair it makes to a damaged file; the user gets one clear line instead.
    pdf_log = logging.getLogger("pypdf")
    level = pdf_log.level
    pdf_log.setLevel(logging.CRITICAL)
    try:
        return _read_pdf_quietly(p)
    finally:
        pdf_log.setLevel(level)


def _read_pdf_quietly(p: Path) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(p))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError(f"Tệp PDF có mật khẩu: {p} / the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractError:
        raise
    except Exception as e:  # pypdf raises PdfReadError, ValueError, KeyError … on damaged files
        raise ExtractError(f"Tệp PDF bị hỏng, không đọc được: {p} ({type(e).__name__}) / corrupt .pdf file") from None
    text = _unwrap(unicodedata.normalize("NFC", "\n\n".join(pages)))
    if not text.strip():
        raise ExtractError(
            f"Tệp PDF không có lớp chữ (có thể là bản scan, cần OCR trước): {p} "
            f"/ the PDF has no text layer (scanned?); run OCR first"
        )
    return text


# A PDF's text layer ends every printed line with a line break, which the rules read as the end of
# a sentence. A break after a word or a comma and before a lower-case word continues the sentence;
# one before a digit may start a page number or a numbered item, so it stays.
_WRAP_RE = re.compile(r"(?<=[^\W_]|[,(])\n(?=[^\W\d_])")


def _unwrap(text: str) -> str:
    return _WRAP_RE.sub(lambda m: " " if text[m.end()].islower() else "\n", text)


def _read_html(data: bytes, p: Path) -> str:
    """The article text of a saved news page, without the site's menus, counters and links.

    trafilatura keeps the article body; when it finds none (a bare fragment, not a page) the
    whole visible text is used instead.
    """
    try:
        import trafilatura

        text = trafilatura.extract(
            data, include_tables=True, include_comments=False, include_links=False, favor_recall=True
        )
        if not text or not text.strip():
            text = trafilatura.html2txt(data)
    except Exception as e:
        raise ExtractError(f"Không đọc được trang HTML: {p} ({type(e).__name__}) / unreadable HTML") from None
    if not text or not text.strip():
        raise ExtractError(f"Trang HTML không có nội dung bài viết: {p} / no article text in the page")
    return unicodedata.normalize("NFC", text)
