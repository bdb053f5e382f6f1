"""PDF: the DOCX converted by LibreOffice, so that the PDF is exactly the document the office edits.

LibreOffice is optional (a 300 MB install a server may not have); without it the PDF buttons say so
and the command answers with one clear line instead of a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["MISSING_FOR_PAGE", "MISSING_MESSAGE", "PdfUnavailable", "docx_to_pdf", "soffice_path"]

MISSING_MESSAGE = (
    "Không tìm thấy LibreOffice (soffice) để chuyển báo cáo sang PDF: hãy cài gói libreoffice-writer, "
    "hoặc tải bản .docx / LibreOffice is not installed: install libreoffice-writer or use .docx"
)

# The same, for the office on the committee page: what to do, without package names.
MISSING_FOR_PAGE = (
    "Chưa tải được bản PDF vì máy chủ chưa cài phần mềm LibreOffice (dùng để chuyển báo cáo sang PDF). "
    "Hãy tải bản DOCX rồi lưu thành PDF bằng Word, hoặc đề nghị quản trị viên cài LibreOffice."
)


class PdfUnavailable(RuntimeError):
    """LibreOffice is missing, or failed to convert; the message is for the user."""


def soffice_path() -> str | None:
    """LibreOffice's command: $CHITIEU_SOFFICE, else soffice or libreoffice on the PATH."""
    configured = os.environ.get("CHITIEU_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, *, timeout: float = 120) -> bytes:
    """Convert DOCX bytes to PDF bytes with a headless LibreOffice."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(MISSING_MESSAGE)
    with tempfile.TemporaryDirectory(prefix="chitieu-pdf-") as tmp:
        src = Path(tmp) / "baocao.docx"
        src.write_bytes(docx)
        # A profile of its own: two conversions at once would otherwise share one LibreOffice
        # instance and the second would silently hand its file to the first.
        profile = (Path(tmp) / "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        cmd += ["--convert-to", "pdf", "--outdir", tmp, str(src)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable(f"LibreOffice không chuyển được sang PDF / conversion failed: {exc}") from exc
        pdf = Path(tmp) / "baocao.pdf"
        if done.returncode != 0 or not pdf.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise PdfUnavailable(
                "LibreOffice không chuyển được sang PDF / conversion failed"
                + (f": {detail[-1]}" if detail else f" (mã {done.returncode})")
            )
        return pdf.read_bytes()
