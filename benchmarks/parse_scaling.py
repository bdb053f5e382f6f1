"""How the parsers' time grows with the input: ms per KB from 1 KB to 1 MB, realistic and adversarial.

    .venv/bin/python benchmarks/parse_scaling.py [--repeat 3] [--cap 60]

Three functions: ``parse_target`` on one long line, ``read_actual`` on one long result, and
``extract_text`` on a text. Each is given 1, 4, 16, 64, 256 and 1024 KB (of UTF-8) of:

- realistic text: real resolution lines (tests/core/real_targets) repeated, joined by "; " into one
  line for the two phrase readers and by line breaks for the extractor;
- adversarial text: "5" + " triệu" × n, one long run of digits, one long run of "%", "5%"
  repeated, and "năm " repeated (the word is both "five" and "year").

It prints the time per KB at each size (the best of ``--repeat`` runs) and the ratio of the 1 MB
figure to the 1 KB one: about 1 means linear, 1000 quadratic. The phrase readers refuse a phrase
over 2.000 characters with a TargetError; that refusal is what is timed past that size (marked r),
and it must stay fast too. A run over ``--cap`` seconds is stopped and the larger sizes skipped.
This is a benchmark, not a test: nothing fails, it reports.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from chitieu.core.quantity import QuantityError  # noqa: E402
from chitieu.core.targets import TargetError, parse_target  # noqa: E402
from chitieu.core.verdicts import read_actual  # noqa: E402
from chitieu.extract import ExtractError, extract_text  # noqa: E402

SIZES_KB = (1, 4, 16, 64, 256, 1024)


class Capped(BaseException):
    pass


def _alarm(signum, frame):
    raise Capped()


def real_lines() -> tuple[list[str], list[str]]:
    targets, results = [], []
    for path in sorted((ROOT / "tests/core/real_targets").glob("*.toml")):
        for line in tomllib.loads(path.read_text("utf-8")).get("line", []):
            targets.append(line["text"])
            results += [r["text"] for r in line.get("result", [])]
    return targets, results


def fill(unit: str, kb: int, sep: str = "", head: str = "") -> str:
    """``head`` + ``unit`` repeated to exactly ``kb`` KB of UTF-8 (cut at a character)."""
    size = kb * 1024
    reps = max(1, size // max(1, len((unit + sep).encode("utf-8"))) + 1)
    text = (head + sep.join([unit] * reps)).encode("utf-8")[:size]
    return text.decode("utf-8", "ignore")


def run_once(fn: Callable, text: str, cap: float) -> tuple[float, str]:
    """(seconds, outcome) of one call; outcome: ok, r (refused with the documented error), or the error."""
    signal.setitimer(signal.ITIMER_REAL, cap)
    t0 = time.perf_counter()
    try:
        fn(text)
        outcome = "ok"
    except (TargetError, QuantityError, ExtractError):
        outcome = "r"
    except Capped:
        outcome = "capped"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        outcome = f"{type(exc).__name__}"
    finally:
        seconds = time.perf_counter() - t0
        signal.setitimer(signal.ITIMER_REAL, 0)
    return seconds, outcome


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each size; the best counts (default 3)")
    ap.add_argument("--cap", type=float, default=60, help="seconds after which a run is stopped (default 60)")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)

    targets, results = real_lines()
    paragraphs = "\n".join(targets)
    inputs: dict[str, Callable[[int], str]] = {
        "real lines": None,  # per function, below
        '"5" + " triệu"×n': lambda kb: fill(" triệu", kb, head="5"),
        "digit run": lambda kb: fill("9", kb),
        '"%" run': lambda kb: fill("%", kb),
        '"5%" repeated': lambda kb: fill("5%", kb, sep=" "),
        '"năm " repeated': lambda kb: fill("năm ", kb),
    }
    real = {
        "parse_target": lambda kb: fill("; ".join(targets), kb),
        "read_actual": lambda kb: fill("; ".join(results), kb),
        "extract_text": lambda kb: fill(paragraphs, kb, sep="\n"),
    }
    functions = {"parse_target": parse_target, "read_actual": read_actual, "extract_text": extract_text}
    for fn in functions.values():  # warm up: compiled patterns, the catalog
        run_once(fn, targets[0], args.cap)

    head = "".join(f"{f'{kb} KB' if kb < 1024 else '1 MB':>11}" for kb in SIZES_KB)
    print(f"ms per KB (best of {args.repeat}; r: refused with the documented error)\n")
    print(f"{'function':13} {'input':18}{head}  1MB/1KB")
    for name, fn in functions.items():
        for label, make in inputs.items():
            make = make or real[name]
            cells, per_kb = [], {}
            capped = False
            for kb in SIZES_KB:
                if capped:
                    cells.append(f"{'-':>11}")
                    continue
                text = make(kb)
                best, outcome = min(run_once(fn, text, args.cap) for _ in range(args.repeat))
                if outcome == "capped":
                    capped = True
                    cells.append(f"{f'>{args.cap:g} s':>11}")
                    continue
                per_kb[kb] = best * 1000 / kb
                mark = "" if outcome == "ok" else (" r" if outcome == "r" else f" {outcome[:6]}")
                cells.append(f"{per_kb[kb]:{11 - len(mark)}.3g}{mark}")
            ratio = f"{per_kb[1024] / per_kb[1]:8.3g}" if 1024 in per_kb and per_kb.get(1) else f"{'-':>8}"
            print(f"{name:13} {label:18}{''.join(cells)}  {ratio}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
