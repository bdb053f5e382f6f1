"""What the committee page's charts cost (issue 15: Vega-Lite charts drawn by vl-convert).

    .venv/bin/python benchmarks/committee_charts.py [--database-url URL] [--committee ID] [--repeat 3]

Against an existing database (the national one: benchmarks/national.py), for the typical committee
that benchmarks/pages.py picks (or ``--committee``), as its editor (bench-editor, made by pages.py):

- cold: the page's kept body and every drawn chart forgotten (a new worker process, or a new state
  whose targets all changed): every target's chart is drawn;
- one changed: the kept body forgotten but the charts kept (a result of one target typed: the body is
  rendered again, and only the changed chart would be drawn; here none changed, so this is the floor);
- warm: the body kept (what pages.py measures under load).

Prints the charts on the page and the median of ``--repeat`` requests of each kind. Writes nothing
but the login's rows. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pages  # noqa: E402  (the same setup and the same committee as the pages benchmark)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--committee", type=int)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--home", default="/tmp/chitieu-bench-pages")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("committee_charts.py: give --database-url or DATABASE_URL")
    pages.setup_django(args.database_url, args.home)

    from django.core.cache import cache
    from django.test import Client

    from chitieu.plans import charts

    committee, term, province, _ = pages.pick_units(args.committee, None)
    users = pages.ensure_users(committee, province)
    client = Client()
    client.force_login(users["editor"])
    url = f"/c/{committee.pk}/?term={term.pk}"

    def timed(forget_body: bool, forget_charts: bool) -> tuple[float, str]:
        if forget_body:
            cache.clear()
        if forget_charts:
            charts._drawn_svg.cache_clear()
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed, response.content.decode()

    timed(True, True)  # vl-convert's runtime starts (about 0,5 s, once a process)
    rows = []
    for name, body, drawn in (("cold", True, True), ("one changed", True, False), ("warm", False, False)):
        times = []
        for _ in range(args.repeat):
            elapsed, html = timed(body, drawn)
            times.append(elapsed)
        rows.append((name, statistics.median(times), min(times), max(times)))
    drawn = html.count('<svg class="trend"')
    print(f"{committee} (id {committee.pk}), term {term.label}: {drawn} charts")
    for name, median, low, high in rows:
        print(f"  {name:<12} {median * 1000:>8.0f} ms  (min {low * 1000:.0f}, max {high * 1000:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
