"""One entry point for the three formats, shared by the command line and the download view."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the writers never touch Django: content.py alone reads the models
    from .content import ReportContent
from .docx import Margins, render_docx

__all__ = ["CONTENT_TYPES", "FORMATS", "render"]

FORMATS = ("docx", "xlsx", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def render(content: ReportContent, fmt: str, *, margins: Margins | None = None) -> bytes:
    """The report file in ``fmt``; raises pdf.PdfUnavailable for a PDF without LibreOffice."""
    if fmt == "docx":
        return render_docx(content, margins=margins)
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(content)
    if fmt == "pdf":
        from .pdf import docx_to_pdf

        return docx_to_pdf(render_docx(content, margins=margins))
    raise ValueError(f"Định dạng không hỗ trợ: {fmt!r} (docx, xlsx, pdf) / unsupported format")
