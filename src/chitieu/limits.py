"""Bounds on what a user may send, checked before any parser sees it. Pure: no Django here.

A .docx or .xlsx is a zip: 1 MB of it can unpack to 1 GiB of XML, and the XML libraries then take
two to three times that in memory. Every zip is measured by the sizes its directory declares
before it is opened; Python's zipfile never unpacks an entry beyond its declared size, so the
declared sum bounds what the readers (python-docx, openpyxl, our own XML readers) will see.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

# Whole upload (one file, one request). A ward's report with photographs is a few MB; the member
# list of the largest committee (about 5,000 people) is under 2 MB as CSV.
MAX_UPLOAD_BYTES = int(os.environ.get("CHITIEU_MAX_UPLOAD_MB", "25")) * 1024 * 1024
# A zip's contents, unpacked: Word keeps photographs compressed, so only XML grows much.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
# Pasted text: the "các chỉ tiêu chủ yếu" block of a resolution is 2–10 thousand characters.
MAX_PASTE_CHARS = 50_000


class TooLarge(ValueError):
    """An input over a bound; the message is Vietnamese with English beside."""


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def too_large_message(size: int, what: str = "Tệp") -> str:
    return f"{what} quá lớn ({_mb(size)}; tối đa {_mb(MAX_UPLOAD_BYTES)}) / too large (at most {_mb(MAX_UPLOAD_BYTES)})"


def unreadable_workbook(name: str = "") -> str:
    """What an upload that is no workbook is told: the user's own file by its name; no row or
    column (there is none), and no exception class."""
    which = f"tệp «{name}»" if name else "tệp này"
    return (
        f"Không đọc được {which} như một bảng tính Excel: tệp XLSX hỏng hoặc không phải bảng tính Excel "
        "/ the file cannot be read as an Excel workbook"
    )


def check_zip(source: bytes | str | Path) -> None:
    """Refuse a zip (docx, xlsx) whose entries would unpack beyond the bounds. Not a zip: no check
    here, the reader says it is damaged."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return
    if len(entries) > MAX_ZIP_ENTRIES:
        raise TooLarge(
            f"Tệp nén có quá nhiều phần ({len(entries)}; tối đa {MAX_ZIP_ENTRIES}) / too many entries in the archive"
        )
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise TooLarge(
            f"Tệp giải nén ra quá lớn ({_mb(unpacked)}; tối đa {_mb(MAX_UNPACKED_BYTES)}): có thể là tệp độc hại / "
            f"the file unpacks to {_mb(unpacked)}, more than {_mb(MAX_UNPACKED_BYTES)}"
        )


# Control characters other than tab, newline and carriage return: NUL is refused by PostgreSQL (a
# 500) and kept by SQLite (a dump that PostgreSQL cannot load); the others are never typed by a user.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_chars(text: str) -> bool:
    return CONTROL_RE.search(text) is not None


def strip_control_chars(text: str) -> str:
    """For text read from a document: removed, not refused (the user did not type them)."""
    return CONTROL_RE.sub("", text)
