"""Speed of the member-roster import: 100 000 rows from CSV and XLSX into a fresh database.

    .venv/bin/python benchmarks/party_import.py [--rows 100000] [--xlsx]

Builds a throwaway SQLite database (or uses DATABASE_URL when set), a committee with 30 branches,
writes a roster file in the import template's columns, and times ``import_members`` (check every
row, then bulk_create in one transaction), printing the CLI's progress lines and rows per second.
Then it imports the same file with one bad row and shows that nothing was written and the row is named.
This is a benchmark, not a test: nothing fails, it reports.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time


def roster_rows(n: int, branches: list[str], seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        year = rng.randint(1960, 2022)
        admitted = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
        birth = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year - rng.randint(19, 40)}"
        full = admitted[:6] + str(year + 1)
        rows.append([f"Nguyễn Văn Số {i}", birth, rng.choice(("Nam", "Nữ")), rng.choice(branches), admitted, full,
                     "chính thức", "", str(10**8 + i), "", "", ""])  # fmt: skip
    return rows


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def to_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx", action="store_true", help="also time an XLSX file of the same rows")
    parser.add_argument(
        "--ratings", type=int, default=0, help="add this many yearly rating columns (Xếp loại 2020, 2021…)"
    )
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="chitieu-bench-")
    os.environ.setdefault("CHITIEU_HOME", home)
    os.environ.setdefault("CHITIEU_TESTING", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chitieu.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from chitieu.orgs.models import BranchKind, Kind
    from chitieu.orgs.tree import create_unit
    from chitieu.party.cli import _progress
    from chitieu.party.importers import MEMBER_COLUMNS, ImportFailed, import_members
    from chitieu.party.models import Member

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    committee = create_unit(Kind.WARD, f"Thử {time.time_ns()}", create_unit(Kind.CITY, "Thử"))
    names = [f"Tổ dân phố {i}" for i in range(1, 31)]
    for name in names:
        create_unit(Kind.BRANCH, name, committee, branch_kind=BranchKind.RESIDENTIAL)
    header = [h for _, h, _, _ in MEMBER_COLUMNS]
    rows = roster_rows(args.rows, names)
    if args.ratings:
        # rated each year from 2020 on that the member ends on the roll (admitted by then: column 4)
        levels = ("HTXSNV", "HTTNV", "HTTNV", "HTNV", "HTNV", "HTNV", "KHTNV")
        years = [2020 + k for k in range(args.ratings)]
        header += [f"Xếp loại {y}" for y in years]
        width = len(MEMBER_COLUMNS)  # the statistical columns roster_rows leaves out, empty
        rows = [
            r + [""] * (width - len(r)) + [levels[(i + y) % len(levels)] if y >= int(r[4][-4:]) else "" for y in years]
            for i, r in enumerate(rows)
        ]

    files = [("csv", to_csv(header, rows))]
    if args.xlsx:
        files.append(("xlsx", to_xlsx(header, rows)))
    for fmt, data in files:
        Member.objects.filter(committee=committee).delete()
        started = time.perf_counter()
        result = import_members(None, committee, f"roster.{fmt}", data, progress=_progress)
        seconds = time.perf_counter() - started
        print(f"{fmt}: {result.created:,} rows ({result.ratings:,} ratings) in {seconds:.1f} s = "
              f"{result.created / seconds:,.0f} rows/s ({len(data) / 1e6:.1f} MB file)")  # fmt: skip

    Member.objects.filter(committee=committee).delete()
    bad = [r[:] for r in rows]
    bad[len(bad) // 2][1] = "31/02/1990"
    started = time.perf_counter()
    try:
        import_members(None, committee, "roster.csv", to_csv(header, bad))
    except ImportFailed as exc:
        seconds = time.perf_counter() - started
        print(f"one bad row: refused in {seconds:.1f} s, {Member.objects.filter(committee=committee).count()} "
              f"rows written; {exc.errors[0]}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
