"""Page images of a generated report, for docs/report/: what the committee office would print.

    .venv/bin/python scripts/report_pages.py [--out docs/report] [--dpi 80]

Loads the demo (the five seeds) into a temporary database, writes the end-of-term report of phường
Khuê Trung, 2015-2020 (seed 001) dated 05/3/2020 as the DOCX the office downloads, converts it to
PDF with LibreOffice and the PDF to one PNG per page with pdftoppm. Needs LibreOffice and
poppler-utils (Debian: libreoffice-writer-nogui poppler-utils); fonts-liberation2 gives Times New
Roman's metrics with every Vietnamese letter.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

NAME = "khue-trung-tong-ket-nhiem-ky-2015-2020"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "report"), help="folder for the images")
    parser.add_argument("--dpi", type=int, default=80, help="resolution of the page images (default 80)")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("report_pages: pdftoppm không có; cài poppler-utils / pdftoppm is missing", file=sys.stderr)
        return 1

    home = tempfile.mkdtemp(prefix="chitieu-pages-")
    os.environ.update(CHITIEU_HOME=home, CHITIEU_TESTING="1", DJANGO_SETTINGS_MODULE="chitieu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from chitieu.demo.load import load_demo
    from chitieu.reports import cli
    from chitieu.reports.pdf import PdfUnavailable, docx_to_pdf

    call_command("migrate", verbosity=0)
    load_demo()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    docx = out / f"{NAME}.docx"
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    argv = ["khue trung", "--kind", "term", "--term", "2015-2020", "--date", "2020-03-05", "-o", str(docx)]
    if cli.run(parser.parse_args(argv)) != 0:
        return 1
    try:
        pdf = docx_to_pdf(docx.read_bytes())
    except PdfUnavailable as exc:
        print(f"report_pages: {exc}", file=sys.stderr)
        return 1
    for old in out.glob(f"{NAME}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", str(src), str(out / NAME)], check=True)
    pages = sorted(out.glob(f"{NAME}-*.png"))
    print(f"{len(pages)} trang / pages: " + ", ".join(p.name for p in pages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
