"""`chitieu report COMMITTEE --kind annual|midterm|term [--year Y] [--term 2020-2025] -o FILE`.

The lead's `chitieu` command hands this module its sub-parser (``add_arguments``) and its parsed
arguments (``run``). Every error a user can cause ends in one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

__all__ = ["add_arguments", "find_committee", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("committee", help='tên Đảng bộ, không cần dấu, ví dụ "khue trung", "phuong 1", "long duc"')
    parser.add_argument(
        "--kind",
        required=True,
        choices=("annual", "midterm", "term"),
        help="annual: báo cáo năm; midterm: sơ kết giữa nhiệm kỳ; term: tổng kết nhiệm kỳ",
    )
    parser.add_argument("--year", type=int, help="năm của báo cáo năm (bắt buộc với --kind annual)")
    parser.add_argument("--term", help="nhiệm kỳ, ví dụ 2015-2020 (mặc định: nhiệm kỳ gần nhất có chỉ tiêu)")
    parser.add_argument("-o", "--output", required=True, help="tệp ra: .docx, .xlsx hoặc .pdf")
    parser.add_argument("--date", help="ngày ký báo cáo, YYYY-MM-DD (mặc định: hôm nay)")
    parser.add_argument("--number", default="", help='số văn bản, ví dụ 15 cho "Số 15-BC/ĐU" (mặc định để trống)')
    parser.add_argument("--margins", default="20,20,30,15", help="lề trên,dưới,trái,phải (mm); mặc định 20,20,30,15")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="với tệp .zip: số tiến trình song song / with a .zip output: processes in parallel",
    )
    parser.add_argument(
        "--no-trend-charts",
        dest="trends",
        action="store_false",
        help="không kèm phụ lục biểu đồ xu hướng (nhanh hơn) / leave out the appendix of trend charts (faster)",
    )


def _setup_django() -> None:
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chitieu.settings")
        import django

        django.setup()


class CliError(Exception):
    """One line for the user; the exit code is 2."""


def find_committee(query: str):
    """The committee a name designates: case and diacritics ignored ("khue trung" is phường Khuê
    Trung); an exact name or title wins over a part of one; several matches are an error."""
    from chitieu.orgs.models import COMMITTEE_KINDS, Unit

    from .text import fold

    wanted = fold(query)
    if not wanted:
        raise CliError("Cần tên Đảng bộ / a committee name is required")
    committees = list(Unit.objects.filter(kind__in=COMMITTEE_KINDS).select_related("parent"))
    exact = [u for u in committees if wanted in (fold(u.name), fold(u.title), fold(u.party_title))]
    found = exact or [u for u in committees if wanted in fold(u.party_title)]
    if len(found) > 1:
        active = [u for u in found if u.is_active]  # a merged predecessor yields to its successor
        found = active if len(active) == 1 else found
    if not found:
        raise CliError(f"Không tìm thấy Đảng bộ «{query}» / no committee matches {query!r}")
    if len(found) > 1:
        names = ", ".join(f"{u.title}" + (f" ({u.parent.title})" if u.parent else "") for u in found)
        raise CliError(f"«{query}» khớp nhiều Đảng bộ: {names}; hãy ghi rõ hơn / ambiguous name, be more specific")
    return found[0]


def _date(text: str | None) -> dt.date:
    if not text:
        from django.utils import timezone

        return timezone.localdate()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"Ngày không hợp lệ: {text!r} (YYYY-MM-DD) / invalid date") from None


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except CliError as exc:
        print(f"chitieu report: {exc}", file=sys.stderr)
        return 2


def find_unit(query: str):
    """A committee, or any unit above committees (quận, tỉnh, cả nước), by its name or title."""
    from chitieu.orgs.models import Kind, Unit

    from .text import fold

    wanted = fold(query)
    units = [u for u in Unit.objects.exclude(kind=Kind.BRANCH) if wanted in (fold(u.name), fold(u.title))]
    if len(units) == 1:
        return units[0]
    if not units:
        return find_committee(query)
    raise CliError(f"«{query}» khớp {len(units)} đơn vị; hãy ghi rõ hơn / ambiguous name, be more specific")


def _run_batch(args: argparse.Namespace, out: Path) -> int:
    """`chitieu report "quận Cẩm Lệ" --kind term -o bao-cao.zip --jobs 2`: every committee's report."""
    if args.kind == "annual" and args.year is None:
        raise CliError("Báo cáo năm cần --year, ví dụ --year 2023 / the annual report needs --year")
    if not 1 <= args.jobs <= 64:
        raise CliError("--jobs từ 1 đến 64 / --jobs 1 to 64")
    try:
        _setup_django()
    except Exception as exc:  # noqa: BLE001 - settings or environment: one line, not a traceback
        raise CliError(f"Không khởi động được ứng dụng / cannot set up chitieu: {exc}") from None
    import time

    from .batch import build_zip

    unit = find_unit(args.committee)
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} Đảng bộ", end="\n" if done >= total else "", file=sys.stderr, flush=True)

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "wb") as f:
            written, skipped = build_zip(
                unit,
                args.kind,
                f,
                today=_date(args.date),
                year=args.year,
                jobs=args.jobs,
                progress=progress,
                trends=args.trends,
            )
    except OSError as exc:
        raise CliError(f"Không ghi được {out}: {exc.strerror} / cannot write the file") from None
    seconds = time.monotonic() - started
    print(
        f"Đã ghi {out}: {written} báo cáo của {unit.party_title} trong {seconds:.1f} giây"
        + (f"; {len(skipped)} Đảng bộ chưa lập được (xem khong-lap-duoc.txt)" if skipped else "")
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() == ".zip":
        return _run_batch(args, out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("docx", "xlsx", "pdf"):
        raise CliError(f"Tệp ra phải là .docx, .xlsx hoặc .pdf: {args.output} / output must be .docx, .xlsx or .pdf")
    from .docx import Margins
    from .pdf import MISSING_MESSAGE, PdfUnavailable, soffice_path

    try:
        margins = Margins.parse(args.margins)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if fmt == "pdf" and soffice_path() is None:
        raise CliError(MISSING_MESSAGE)  # said before any work, not after
    if args.kind == "annual" and args.year is None:
        raise CliError("Báo cáo năm cần --year, ví dụ --year 2023 / the annual report needs --year")
    try:
        _setup_django()
    except Exception as exc:  # noqa: BLE001 - settings or environment: one line, not a traceback
        raise CliError(f"Không khởi động được ứng dụng / cannot set up chitieu: {exc}") from None
    from django.db.utils import DatabaseError

    from .content import ReportError, build_report
    from .render import render

    try:
        committee = find_committee(args.committee)
        content = build_report(
            committee,
            args.kind,
            today=_date(args.date),
            year=args.year,
            term=args.term,
            number=args.number,
            trends=args.trends,
        )
        data = render(content, fmt, margins=margins)
    except (ReportError, PdfUnavailable) as exc:
        raise CliError(str(exc)) from None
    except DatabaseError as exc:
        raise CliError(f"Cơ sở dữ liệu chưa sẵn sàng (đã chạy migrate chưa?) / database not ready: {exc}") from None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise CliError(f"Không ghi được {out}: {exc.strerror} / cannot write the file") from None
    summary = content.summary
    print(f"Đã ghi {out} — {content.party_title}, {content.subject}; {summary.line}.")
    return 0


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - `python -m chitieu.reports.cli`
    parser = argparse.ArgumentParser(prog="chitieu report", description="Viết báo cáo theo thể thức văn bản của Đảng")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
