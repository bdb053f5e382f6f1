"""Report generation: seconds per committee report, and what a province (100) and the country (3,321) take.

    .venv/bin/python benchmarks/report_generation.py [--reports 200] [--processes 2] [--xlsx]

Builds the demo database (the five seeds, with their Party rosters) in a temporary directory, then
writes reports of the demo committees over and over: every kind (annual 2023, mid-term, end-of-term),
DOCX with its chart (and the XLSX with --xlsx). It measures one process (wall and CPU seconds per
report, split into reading the data, drawing the chart and writing the document) and a pool of
``--processes`` processes, the way a province's or the country's reports would be run on 2 cores.
PDF is left out: LibreOffice takes seconds per file and runs only when someone asks for a PDF.

On a machine shared with other work the wall clock of the pool says how many cores were free as
much as how fast the code is: the load average is printed before each run, and the pool's CPU
seconds against its wall clock show how many cores it actually got.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

TODAY = dt.date(2025, 12, 31)
KINDS = (("annual", 2023), ("midterm", None), ("term", None))
PROVINCE, COUNTRY = 100, 3321


def setup(home: str) -> None:
    os.environ["CHITIEU_HOME"] = home
    os.environ.setdefault("CHITIEU_TESTING", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "chitieu.settings"
    import django

    django.setup()


def jobs() -> list[tuple[int, str, int | None]]:
    from chitieu.orgs.models import COMMITTEE_KINDS, Unit

    return [(pk, kind, year) for pk in Unit.objects.filter(kind__in=COMMITTEE_KINDS).values_list("pk", flat=True)
            for kind, year in KINDS]  # fmt: skip


_XLSX = False


def generate(job: tuple[int, str, int | None]) -> tuple[float, float, float, float, int]:
    """One report: (build, chart, document) seconds, CPU seconds, targets in it."""
    from chitieu.orgs.models import Unit
    from chitieu.reports.chart import render_png
    from chitieu.reports.content import build_report
    from chitieu.reports.docx import render_docx
    from chitieu.reports.xlsx import render_xlsx

    pk, kind, year = job
    cpu = time.process_time()
    t0 = time.perf_counter()
    content = build_report(Unit.objects.get(pk=pk), kind, year=year, today=TODAY)
    t1 = time.perf_counter()
    png = render_png(content.chart) if content.chart else None
    t2 = time.perf_counter()
    render_docx(content, chart_png=png)
    if _XLSX:
        render_xlsx(content)
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, time.process_time() - cpu, len(content.rows)


def _worker_init(xlsx: bool) -> None:
    global _XLSX
    _XLSX = xlsx
    from django.db import connections

    connections.close_all()  # a connection of its own in each process


def main() -> int:
    global _XLSX
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200, help="reports to write in each run (default 200)")
    parser.add_argument(
        "--processes", "--workers", type=int, default=2, help="processes of the parallel run (default 2)"
    )
    parser.add_argument("--xlsx", action="store_true", help="also write the XLSX of each report")
    args = parser.parse_args()
    _XLSX = args.xlsx

    home = tempfile.mkdtemp(prefix="chitieu-bench-")
    setup(home)
    from django.core.management import call_command
    from django.db import connections

    from chitieu.demo.load import load_demo

    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    load_demo()
    print(f"demo database: {time.perf_counter() - t:.1f} s (not counted)")
    todo = jobs()
    run = [todo[i % len(todo)] for i in range(args.reports)]

    # The pool is run first and printed second: its workers are forked, and a process that has drawn
    # a chart cannot fork one that draws (vl-convert's runtime runs on threads a fork does not copy:
    # plans.charts.draw).
    connections.close_all()
    n = args.processes
    ctx = mp.get_context("fork")
    pool_load = os.getloadavg()[0]
    with ctx.Pool(n, initializer=_worker_init, initargs=(args.xlsx,)) as pool:
        pool.map(generate, todo * n)  # warm up each worker
        t = time.perf_counter()
        pooled = pool.map(generate, run, chunksize=4)
        par = time.perf_counter() - t

    for job in todo:  # warm up: imports, fonts, the document template, the charts' runtime
        generate(job)
    load_before = os.getloadavg()[0]
    t = time.perf_counter()
    results = [generate(job) for job in run]
    wall = time.perf_counter() - t
    per = wall / len(run)
    cpu = statistics.mean(r[3] for r in results)
    print(f"\n1 process, {len(run)} reports ({len(todo)} distinct: {len(todo) // len(KINDS)} committees × "
          f"{', '.join(k for k, _ in KINDS)}; {'DOCX + XLSX' if args.xlsx else 'DOCX'}; "
          f"load average before: {load_before:.1f}):")  # fmt: skip
    print(f"  {per:.3f} s per report (CPU {cpu:.3f} s); median {statistics.median(sum(r[:3]) for r in results):.3f} s")
    for i, part in enumerate(("reading the data", "drawing the chart", "writing the document")):
        print(f"    {part:22} {statistics.mean(r[i] for r in results):.3f} s")
    for kind, _ in KINDS:
        times = [sum(r[:3]) for r, job in zip(results, run, strict=True) if job[1] == kind]
        print(f"    {kind:8} reports: {statistics.mean(times):.3f} s each")

    rate = len(run) / par
    pool_cpu = sum(r[3] for r in pooled)
    print(f"\n{n} processes (load average before: {pool_load:.1f}; {os.cpu_count()} cores):")
    print(f"  {par:.2f} s for {len(run)} reports, {rate:.1f} reports/s, {par / len(run):.3f} s per report (wall)")
    print(f"  CPU {pool_cpu / len(run):.3f} s per report; the pool kept {pool_cpu / par:.2f} of {n} cores busy")
    country = COUNTRY / rate
    print(f"  a province ({PROVINCE} reports): {PROVINCE / rate:.1f} s")
    print(f"  the country ({COUNTRY:,} reports): {country:.0f} s = {country / 60:.1f} min (goal: < 5 min)")
    print(f"  on one core: {PROVINCE * per:.1f} s and {COUNTRY * per / 60:.1f} min")
    # On a machine busy with other work the wall clock overstates; the CPU time does not.
    print(f"  from CPU time, {n} idle cores: a province {PROVINCE * cpu / n:.1f} s, "
          f"the country {COUNTRY * cpu / n / 60:.1f} min")  # fmt: skip
    print(f"  (load average after the run: {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
