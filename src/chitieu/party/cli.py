"""`chitieu party …`: import a roster, write the import template, print the computed indicators.

    chitieu party import "phường Kim Tân" danh-sach.xlsx
    chitieu party template mau.xlsx
    chitieu party indicators "phường Kim Tân" 2019

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


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chitieu.settings")
    import django

    django.setup()


class CliError(Exception):
    pass


def find_committee(text: str):
    from chitieu.orgs.models import COMMITTEE_KINDS, Unit

    qs = Unit.objects.filter(kind__in=COMMITTEE_KINDS)
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
        f"Đã nhập {format_number(result.created)} đảng viên vào {committee.party_title} trong "
        f"{format_number(seconds, 1)} giây ({format_number(rate, 0)} dòng/giây)"
    )
    return 0
