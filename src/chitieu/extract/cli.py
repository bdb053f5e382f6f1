"""`chitieu extract FILE... [--format jsonl|csv|table] [--check]`.

The lead's ``chitieu.cli`` mounts this as the ``extract`` sub-command: ``add_arguments`` declares
the options, ``run`` does the work and returns the exit code. Errors a user can cause (a missing
file, an unsupported type, a corrupt .docx/.pdf) print one line to stderr, Vietnamese then English,
and give exit code 1 after the other files were still read; never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import TextIO

from .check import check_claims
from .extractor import extract_file
from .model import ClaimConflict, Fact
from .readers import ExtractError

__all__ = ["add_arguments", "run"]

FIELDS = [
    "doc",
    "text",
    "start",
    "end",
    "value",
    "value_max",
    "of",
    "unit",
    "counted",
    "per",
    "hedge",
    "indicator",
    "role",
    "year",
    "subject",
    "claim",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="báo cáo .txt, .docx, .pdf, .html")
    parser.add_argument(
        "--format",
        choices=("jsonl", "csv", "table"),
        default="jsonl",
        help="jsonl (mặc định, một bản ghi JSON mỗi dòng), csv, table",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="liệt kê các nhận định (đạt/vượt) mà số liệu mâu thuẫn / list claims the figures contradict",
    )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    try:
        return _run(args, out, err)
    except BrokenPipeError:  # "chitieu extract … | head": the reader stopped; not an error
        return 0


def _run(args: argparse.Namespace, out: TextIO | None, err: TextIO | None) -> int:
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    status = 0
    facts: list[Fact] = []
    for path in args.files:
        try:
            facts.extend(extract_file(path))
        except ExtractError as e:
            print(f"chitieu extract: {e}", file=err)
            status = 1
    conflicts = check_claims(facts) if args.check else []
    fmt = args.format
    if fmt == "jsonl":
        for f in facts:
            out.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
        for c in conflicts:
            out.write(json.dumps({"type": "claim_conflict", **c.to_dict()}, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for f in facts:
            writer.writerow(f.to_dict())
        _print_conflicts(conflicts, err if conflicts else out)
    else:
        _print_table(facts, out)
        if args.check:
            _print_conflicts(conflicts, out)
    return status


def _cell(v: object) -> str:
    return "" if v is None else str(v)


def _print_table(facts: list[Fact], out: TextIO) -> None:
    cols = ["doc", "start", "text", "unit", "counted", "indicator", "role", "year", "subject", "claim"]
    rows = [[_cell(f.to_dict()[c]) for c in cols] for f in facts]
    widths = [max([len(c)] + [len(r[k]) for r in rows]) for k, c in enumerate(cols)]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip(), file=out)
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip(), file=out)


def _print_conflicts(conflicts: list[ClaimConflict], out: TextIO) -> None:
    print(file=out)
    if not conflicts:
        print("Không có nhận định nào mâu thuẫn với số liệu / no claim contradicts the figures", file=out)
        return
    print(f"Nhận định mâu thuẫn với số liệu / claims the figures contradict: {len(conflicts)}", file=out)
    for c in conflicts:
        print("  " + c.describe(), file=out)
