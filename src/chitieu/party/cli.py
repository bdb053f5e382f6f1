"""`chitieu party …`: import a roster, write the import template, print the computed indicators.

    chitieu party import "phường Kim Tân" danh-sach.xlsx
    chitieu party template mau.xlsx
    chitieu party indicators "phường Kim Tân" 2019
    chitieu party forms "phường Kim Tân" 2024-6t -o bieu.xlsx   (or "quận Cẩm Lệ": its committees added up)

The committee is named as reports name it ("phường Kim Tân", "xã Long Đức") or by its id.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="party_command", required=True)
    p = sub.add_parser("import", help="nhập danh sách đảng viên từ .xlsx/.csv / import a member roster")
    p.add_argument("committee", help='Đảng bộ: "phường Kim Tân" hoặc mã số / name or id')
    p.add_argument("file", type=Path)
    p = sub.add_parser("template", help="ghi tệp mẫu danh sách đảng viên / write the import template")
    p.add_argument("file", type=Path, help="…xlsx hoặc …csv")
    p = sub.add_parser("indicators", help="các chỉ số tính từ hồ sơ tổ chức đảng / computed indicators")
    p.add_argument("committee")
    p.add_argument("year", type=int)
    p = sub.add_parser("forms", help="biểu thống kê Biểu 1–7 / the statistical forms")
    p.add_argument("unit", help='Đảng bộ, huyện hoặc tỉnh: "phường Kim Tân", "quận Cẩm Lệ" hoặc mã số / name or id')
    p.add_argument("period", help="2024 (cả năm) hoặc 2024-6t (6 tháng đầu năm) / the year or its first half")
    p.add_argument("-o", "--output", type=Path, help="ghi ra tệp .xlsx; không có thì in ra màn hình")


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chitieu.settings")
    import django

    django.setup()


class CliError(Exception):
    pass


def find_committee(text: str, *, any_kind: bool = False):
    from chitieu.orgs.models import COMMITTEE_KINDS, Kind, Unit

    qs = Unit.objects.exclude(kind=Kind.BRANCH) if any_kind else Unit.objects.filter(kind__in=COMMITTEE_KINDS)
    if text.isascii() and text.isdigit() and len(text) <= 18:
        found = list(qs.filter(pk=int(text)))
    else:
        wanted = " ".join(text.split()).lower()
        for prefix in ("đảng bộ ",):
            wanted = wanted.removeprefix(prefix)
        found = [u for u in qs if wanted in (u.title.lower(), u.name.lower())]
    if len(found) != 1:
        raise CliError(f"không tìm thấy đúng một Đảng bộ «{text}» ({len(found)} kết quả) / no single committee")
    return found[0]


def _progress(stage: str, done: int, total: int) -> None:
    from chitieu.core.quantity import format_number

    label = {"check": "Kiểm tra", "write": "Ghi"}[stage]
    of = f"/{format_number(total)}" if total else ""
    end = "\n" if total and done >= total else ""
    print(f"\r{label}: {format_number(done)}{of} dòng", end=end, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except CliError as exc:
        print(f"chitieu party: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    _setup()  # the importers' module defines models: Django first, even for a template
    if args.party_command == "template":
        from . import importers

        data = importers.template_xlsx() if args.file.suffix.lower() == ".xlsx" else importers.template_csv()
        try:
            args.file.write_bytes(data)
        except OSError as exc:
            raise CliError(f"không ghi được tệp {args.file}: {exc.strerror}") from None
        print(f"Đã ghi {args.file}")
        return 0
    from chitieu.core.catalog import indicators
    from chitieu.core.quantity import format_number

    if args.party_command == "forms":
        return _forms(args)
    committee = find_committee(args.committee)
    if args.party_command == "indicators":
        from .indicators import computed_indicators

        values = computed_indicators(committee, args.year)
        for key, value in values.items():
            ind = indicators()[key]
            shown = f"{format_number(value, 1)}%" if ind.unit.value == "%" else format_number(value)
            print(f"{key:38} {shown:>10}  {ind.name}")
        return 0
    from .importers import ImportFailed, import_members

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CliError(f"không đọc được tệp {args.file}: {exc.strerror}") from None
    started = time.monotonic()
    try:
        result = import_members(None, committee, args.file.name, data, progress=_progress)
    except ImportFailed as exc:
        print(f"Không nhập dòng nào: {len(exc.errors)} lỗi / nothing imported", file=sys.stderr)
        for e in exc.errors[:50]:
            print(f"  {e}", file=sys.stderr)
        if len(exc.errors) > 50:
            print(f"  … và {len(exc.errors) - 50} lỗi khác", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    rate = result.created / seconds if seconds else 0
    print(
        f"Đã nhập {format_number(result.created)} đảng viên"
        + (f" và {format_number(result.ratings)} lượt xếp loại" if result.ratings else "")
        + f" vào {committee.party_title} trong {format_number(seconds, 1)} giây ({format_number(rate, 0)} dòng/giây)"
    )
    return 0


def _forms(args: argparse.Namespace) -> int:
    from chitieu.core.quantity import format_number

    from .statform_xlsx import workbook
    from .statforms import FormError, build_forms, parse_period

    unit = find_committee(args.unit, any_kind=True)
    try:
        period = parse_period(args.period)
    except FormError as exc:
        raise CliError(str(exc)) from None
    try:
        forms = build_forms(unit, period)
    except FormError as exc:
        raise CliError(str(exc)) from None
    if args.output:
        try:
            args.output.write_bytes(workbook(forms))
        except OSError as exc:
            raise CliError(f"không ghi được tệp {args.output}: {exc.strerror}") from None
        print(f"Đã ghi {len(forms)} biểu của {unit.party_title}, {period.label}, vào {args.output}")
        return 0
    for form in forms:
        print(f"{form.code} — {form.title} — {unit.party_title}, {form.period.label}")
        for line in form.lines:
            now = "—" if line.now is None else format_number(line.now)
            print(f"  {line.number:>4} {'  ' * line.indent}{line.label[:70]:<{74 - 2 * line.indent}} {now:>9}")
        for text in form.problems + form.notes:
            print(f"  * {text}")
        print()
    return 0
