"""A province's or the country's reports as the web app builds them: a background job (chitieu.jobs)
queued in the database and run by the worker, its progress read as the job's page reads it.

    DATABASE_URL=postgres://…/chitieu_national .venv/bin/python benchmarks/report_job.py [--unit ID]
        [--kind term] [--processes 2] [--no-trend-charts]

The unit defaults to the tree's root (the country). The job is asked for by the user ``bench-admin``
(benchmarks/pages.py creates it; created here if missing), exactly as the form on /reports/u/<id>/batch/
asks for it (``runner.start``), then ``chitieu worker --once`` runs the queue in a child process, as on a
server. Every 5 s the job's row is read (done / total), as its page reads it. The ZIP is written under a
temporary CHITIEU_HOME and removed. This is a benchmark, not a test: it reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", type=int, help="the unit's id (default: the tree's root)")
    parser.add_argument("--kind", default="term", choices=("annual", "midterm", "term"))
    parser.add_argument("--year", type=int)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--no-trend-charts", dest="trends", action="store_false", help="as the form's box left unticked: no appendix"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("report_job.py: set DATABASE_URL")
    home = tempfile.mkdtemp(prefix="chitieu-report-job-")
    os.environ.update(CHITIEU_HOME=home, CHITIEU_REPORT_PROCESSES=str(args.processes))
    os.environ["DJANGO_SETTINGS_MODULE"] = "chitieu.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User

    from chitieu.jobs import runner
    from chitieu.jobs.models import Job
    from chitieu.orgs.models import Unit
    from chitieu.reports.batch import committees_under
    from chitieu.reports.tasks import report_batch

    unit = Unit.objects.get(pk=args.unit) if args.unit else Unit.objects.filter(parent=None).order_by("pk").first()
    user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser("bench-admin")
    n = len(committees_under(unit))
    today = dt.date(2025, 12, 31)
    params = {"kind": args.kind, "year": args.year, "fmt": "docx", "today": today.isoformat(), "trends": args.trends,
              "kind_title": f"bench {time.time()}", "file_name": "bench.zip"}  # fmt: skip
    t0 = time.perf_counter()
    job, _ = runner.start(Job.Kind.REPORTS, unit, user, params, report_batch)
    trends = "with" if args.trends else "without"
    print(f"{unit.title}: {n:,} committees, {args.kind} reports {trends} trend charts, {args.processes} processes;"
          f" job {job.pk} queued")  # fmt: skip
    worker = subprocess.Popen([sys.executable, "-m", "chitieu.cli", "worker", "--once"], env=os.environ.copy())
    trail = []
    while worker.poll() is None:
        time.sleep(5)
        job.refresh_from_db()
        trail.append((time.perf_counter() - t0, job.done, job.total, job.status))
        print(f"  {trail[-1][0]:6.1f} s  {job.done:>6,}/{job.total:,}  {job.get_status_display()}", flush=True)
    job.refresh_from_db()
    seconds = time.perf_counter() - t0
    size = job.path.stat().st_size if job.path.exists() else 0
    rate = n / seconds
    status = job.get_status_display()
    print(f"status: {status}; {seconds:.1f} s in all, {rate:.1f} committees/s; ZIP {size / 1e6:.0f} MB")
    print("  " + job.message.splitlines()[0] if job.message else "")
    job.path.unlink(missing_ok=True)
    Job.objects.filter(pk=job.pk).delete()
    return 0 if job.status == Job.Status.DONE else 1


if __name__ == "__main__":
    sys.exit(main())
