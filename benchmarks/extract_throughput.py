"""Throughput of the extractor on a few MB of Vietnamese report text, against a bare number scan.

    .venv/bin/python benchmarks/extract_throughput.py [--mb 3] [--repeat 3]

The text is the seed articles' paragraphs, shuffled and repeated to the size asked for (real
report prose at its real density of figures). Three measures, in MB/s of UTF-8 text:

- bare scan: ``re.finditer(r"\\d[\\d.,]*", text)``, the practical upper bound of any extractor
  written on Python's regular expressions;
- ``extract_text``: the whole extraction (quantities, indicator, role, year, subject, claim);
- ``scan`` alone: finding the quantities, without the context rules.

The goal is an extractor at least a tenth as fast as the bare scan; the ratio is printed.
Times are the best of ``--repeat`` runs, in CPU seconds of this process; the three measures take
turns within each round, so that a machine shared with other work weighs on all of them alike.
This is a benchmark, not a test: nothing fails, it reports.

Measured on the project's 2-core machine (2026-11): ratio 0.026-0.029, against a goal of 0.1; 0.025-0.027
with the second round of rules (docs/extraction.md), which cost no speed overall. Compiling
scan.py, context.py and lexicon.py with mypyc, typed for it, reached 0.049. perf showed why it goes no
further: even compiled, regular-expression matching and string operations alone take about 0.20 s of the
0.17 s budget for 3 MB, in roughly 200,000 regex calls for 9,700 facts. Reaching 0.1 needs the per-figure
rules to make far fewer calls (rules run once per sentence, not per figure), not a faster interpreter.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from chitieu.demo import SEEDS_DIR
from chitieu.extract import extract_text
from chitieu.extract.scan import scan

BARE = re.compile(r"\d[\d.,]*")


def corpus(megabytes: float, seed: int = 1) -> str:
    paragraphs = []
    for path in sorted(Path(SEEDS_DIR).glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    if not paragraphs:
        sys.exit(f"no seed texts in {SEEDS_DIR}")
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    while size < megabytes * 1e6:
        rng.shuffle(paragraphs)
        for p in paragraphs:
            out.append(p)
            size += len(p.encode("utf-8")) + 1
    return "\n".join(out)


def best_times(measures: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best CPU time of each measure over ``repeat`` rounds: CPU time, not wall time, and the
    measures interleaved, so that other processes on a shared machine do not skew the ratio."""
    best = dict.fromkeys(measures, float("inf"))
    for _ in range(repeat):
        for name, fn in measures.items():
            t0 = time.process_time()
            fn()
            best[name] = min(best[name], time.process_time() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=3.0, help="size of the text in MB (default 3)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each measure; the best counts")
    args = ap.parse_args(argv)

    text = corpus(args.mb)
    mb = len(text.encode("utf-8")) / 1e6
    numbers = sum(1 for _ in BARE.finditer(text))
    facts = len(extract_text(text))  # also compiles the patterns, before anything is timed
    times = best_times(
        {
            "bare": lambda: sum(1 for _ in BARE.finditer(text)),
            "scan": lambda: scan(text),
            "extract": lambda: extract_text(text),
        },
        args.repeat,
    )
    t_bare, t_scan, t_extract = times["bare"], times["scan"], times["extract"]

    print(f"text: {mb:.2f} MB, {len(text):,} characters, {numbers:,} digit runs, {facts:,} facts")
    print(f"bare regex scan   {mb / t_bare:8.1f} MB/s  ({t_bare:.3f} s)")
    print(f"scan (quantities) {mb / t_scan:8.1f} MB/s  ({t_scan:.3f} s)")
    print(f"extract_text      {mb / t_extract:8.1f} MB/s  ({t_extract:.3f} s)")
    print(f"ratio extract/bare {t_bare / t_extract:.3f}  (goal >= 0.1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
