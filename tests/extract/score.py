"""Score extractor output against the annotated seeds (tests/extract/expected/*.jsonl).

Usage:
    python tests/extract/score.py PRED.jsonl [PRED.jsonl ...] [--min GROUP=THRESHOLD ...] [--diff]

PRED.jsonl holds one JSON record per line, as printed by `chitieu extract FILE`, with a `doc` field naming
the seed file (a path or a bare file name; the stem is what counts). A record without `doc` takes the stem
of the PRED file it came from. Predicted records of documents that are not seeds are ignored (with a
warning); every seed is scored, so a seed without predictions scores zero recall.
--expected DIR scores against other annotations (DIR/STEM.jsonl for each document STEM.txt).

Matching, per document: a predicted record matches an expected one when their [start, end) spans
overlap; one-to-one, greedily by largest overlap (ties: closer boundaries, then text order).
For each field group:  precision = correct / len(predicted),  recall = correct / len(expected),
F1 = harmonic mean, where a matched pair is correct for
    match      always (detection of the quantity)
    span       start and end both equal
    value+unit value, value_max, of (as Decimal) and unit all equal
    indicator, role, year, subject, claim, counted   equal (null == null is correct)
    all        value+unit and every field above correct

--min GROUP=T fails (exit 1) when the F1 of GROUP is below T; GROUP.precision / GROUP.recall /
GROUP.f1 select another measure, e.g. --min value+unit=0.97 --min indicator.recall=0.9.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

EXPECTED_DIR = Path(__file__).resolve().parent / "expected"

FIELD_GROUPS = [
    "match",
    "span",
    "value+unit",
    "indicator",
    "role",
    "year",
    "subject",
    "claim",
    "counted",
    "all",
]
SIMPLE_FIELDS = ["indicator", "role", "year", "subject", "claim", "counted"]
NUMBER_FIELDS = ["value", "value_max", "of"]


# ───────────────────────────── loading ─────────────────────────────


def _loads(line: str) -> dict:
    return json.loads(line, parse_float=Decimal, parse_int=Decimal)


def read_jsonl(path: str | Path) -> list[dict]:
    records = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                records.append(_loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON: {e}") from None
    return records


def expected_docs(expected_dir: Path = EXPECTED_DIR) -> list[str]:
    """Stems of the annotated documents, sorted."""
    return sorted(p.stem for p in expected_dir.glob("*.jsonl"))


def load_expected(docs: Iterable[str] | None = None, expected_dir: Path = EXPECTED_DIR) -> list[dict]:
    """Expected records of all annotated documents (or of `docs`), each with `doc` = the file name."""
    wanted = None if docs is None else {doc_key(d) for d in docs}
    out = []
    for stem in expected_docs(expected_dir):
        if wanted is not None and stem not in wanted:
            continue
        for rec in read_jsonl(expected_dir / f"{stem}.jsonl"):
            rec["doc"] = f"{stem}.txt"
            out.append(rec)
    return out


def load_predictions(paths: Iterable[str | Path]) -> list[dict]:
    out = []
    for path in paths:
        for rec in read_jsonl(path):
            rec.setdefault("doc", Path(path).stem)
            out.append(rec)
    return out


# ───────────────────────────── comparison ─────────────────────────────


def doc_key(doc: object) -> str:
    """'/x/y/000_abc.txt', '000_abc.txt', '000_abc' -> '000_abc'."""
    name = Path(str(doc)).name
    for suffix in (".txt", ".jsonl"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def to_decimal(x: object) -> Decimal | None | object:
    """Numbers (int, float, Decimal, numeric str) -> Decimal; None stays None; anything else unchanged."""
    if x is None or isinstance(x, bool):
        return x
    if isinstance(x, Decimal):
        return x
    if isinstance(x, int):
        return Decimal(x)
    if isinstance(x, float):
        return Decimal(repr(x))
    if isinstance(x, str):
        try:
            return Decimal(x)
        except InvalidOperation:
            return x
    return x


def numbers_equal(a: object, b: object) -> bool:
    a, b = to_decimal(a), to_decimal(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        if not (a.is_finite() and b.is_finite()):
            return False
        return a == b
    return False


def _span(rec: dict) -> tuple[int, int] | None:
    try:
        start, end = int(rec["start"]), int(rec["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (start, end) if end > start else None


def match_records(predicted: list[dict], expected: list[dict]) -> list[tuple[int, int]]:
    """One-to-one greedy matching of overlapping spans within one document: (pred index, exp index)."""
    pairs = []
    for i, p in enumerate(predicted):
        ps = _span(p)
        if ps is None:
            continue
        for j, e in enumerate(expected):
            es = _span(e)
            if es is None:
                continue
            overlap = min(ps[1], es[1]) - max(ps[0], es[0])
            if overlap > 0:
                boundary = abs(ps[0] - es[0]) + abs(ps[1] - es[1])
                pairs.append((-overlap, boundary, j, i))
    pairs.sort()
    used_p, used_e, out = set(), set(), []
    for _, _, j, i in pairs:
        if i in used_p or j in used_e:
            continue
        used_p.add(i)
        used_e.add(j)
        out.append((i, j))
    out.sort(key=lambda ij: ij[1])
    return out


def field_results(p: dict, e: dict) -> dict[str, bool]:
    res = {"match": True, "span": _span(p) == _span(e)}
    res["value+unit"] = all(numbers_equal(p.get(f), e.get(f)) for f in NUMBER_FIELDS) and (
        p.get("unit") == e.get("unit")
    )
    for f in SIMPLE_FIELDS:
        res[f] = p.get(f) == e.get(f)
    res["all"] = res["value+unit"] and all(res[f] for f in SIMPLE_FIELDS)
    return res


def _prf(correct: int, n_pred: int, n_exp: int) -> dict:
    if n_pred == 0 and n_exp == 0:
        p = r = f = 1.0
    else:
        p = correct / n_pred if n_pred else 0.0
        r = correct / n_exp if n_exp else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "correct": correct, "predicted": n_pred, "expected": n_exp}


def _group_by_doc(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for rec in records:
        out.setdefault(doc_key(rec.get("doc", "")), []).append(rec)
    return out


def compare(predicted: list[dict], expected: list[dict]) -> dict:
    """Matching details: per doc, the matched pairs with their field results, misses and false positives."""
    pred_by_doc, exp_by_doc = _group_by_doc(predicted), _group_by_doc(expected)
    docs = {}
    for doc in sorted(set(pred_by_doc) | set(exp_by_doc)):
        preds, exps = pred_by_doc.get(doc, []), exp_by_doc.get(doc, [])
        pairs = match_records(preds, exps)
        matched_p = {i for i, _ in pairs}
        matched_e = {j for _, j in pairs}
        docs[doc] = {
            "predicted": preds,
            "expected": exps,
            "pairs": [(preds[i], exps[j], field_results(preds[i], exps[j])) for i, j in pairs],
            "missed": [e for j, e in enumerate(exps) if j not in matched_e],
            "spurious": [p for i, p in enumerate(preds) if i not in matched_p],
        }
    return docs


def _score_docs(docs: dict) -> dict:
    n_pred = sum(len(d["predicted"]) for d in docs.values())
    n_exp = sum(len(d["expected"]) for d in docs.values())
    out = {}
    for g in FIELD_GROUPS:
        correct = sum(1 for d in docs.values() for _, _, res in d["pairs"] if res[g])
        out[g] = _prf(correct, n_pred, n_exp)
    return out


def score(predicted: list[dict], expected: list[dict], per_doc: bool = False) -> dict:
    """{group: {precision, recall, f1, correct, predicted, expected}} over all documents (micro average).

    With per_doc=True the result also has "per_doc": {doc stem: {group: {...}}}.
    """
    docs = compare(predicted, expected)
    out = _score_docs(docs)
    if per_doc:
        out["per_doc"] = {doc: _score_docs({doc: d}) for doc, d in docs.items()}
    return out


# ───────────────────────────── CLI ─────────────────────────────


def format_table(result: dict, title: str = "overall") -> str:
    lines = [
        f"{title}",
        f"{'group':<12} {'precision':>9} {'recall':>7} {'f1':>7} {'correct':>8} {'pred':>5} {'exp':>5}",
    ]
    for g in FIELD_GROUPS:
        r = result[g]
        lines.append(
            f"{g:<12} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>7.3f} {r['correct']:>8} "
            f"{r['predicted']:>5} {r['expected']:>5}"
        )
    return "\n".join(lines)


def _short(rec: dict) -> str:
    keys = ["value", "value_max", "of", "unit", "counted", "indicator", "role", "year", "subject", "claim"]
    vals = ", ".join(f"{k}={rec.get(k)!s}" for k in keys)
    return f"[{rec.get('start')}:{rec.get('end')}] {rec.get('text', '')!r} {vals}"


def format_diff(docs: dict) -> str:
    lines = []
    for doc, d in docs.items():
        if not (d["missed"] or d["spurious"] or any(not res["all"] for _, _, res in d["pairs"])):
            continue
        lines.append(f"== {doc}")
        for e in d["missed"]:
            lines.append(f"  MISSED   {_short(e)}")
        for p in d["spurious"]:
            lines.append(f"  SPURIOUS {_short(p)}")
        for p, e, res in d["pairs"]:
            bad = [g for g in FIELD_GROUPS if g not in ("all", "match") and not res[g]]
            if bad:
                lines.append(f"  WRONG {','.join(bad)}\n    expected  {_short(e)}\n    predicted {_short(p)}")
    return "\n".join(lines)


def parse_min(specs: list[str]) -> list[tuple[str, str, float]]:
    out = []
    for spec in specs:
        name, sep, thr = spec.partition("=")
        if not sep:
            raise SystemExit(f"--min {spec!r}: expected GROUP=THRESHOLD")
        group, measure = name, "f1"
        for m in ("precision", "recall", "f1"):
            if name.endswith("." + m):
                group, measure = name[: -len(m) - 1], m
        if group not in FIELD_GROUPS:
            raise SystemExit(f"--min {spec!r}: unknown group {group!r}; one of {', '.join(FIELD_GROUPS)}")
        try:
            out.append((group, measure, float(thr)))
        except ValueError:
            raise SystemExit(f"--min {spec!r}: threshold is not a number") from None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pred", nargs="+", help="predicted records, JSON lines")
    ap.add_argument("--min", action="append", default=[], metavar="GROUP=T", help="fail below this F1")
    ap.add_argument("--per-doc", action="store_true", help="also print a table per document")
    ap.add_argument("--diff", action="store_true", help="list misses, spurious records and wrong fields")
    ap.add_argument(
        "--expected",
        type=Path,
        default=EXPECTED_DIR,
        metavar="DIR",
        help="annotations to score against (default: the seeds' tests/extract/expected/)",
    )
    args = ap.parse_args(argv)
    thresholds = parse_min(args.min)
    if not args.expected.is_dir():
        raise SystemExit(f"--expected {args.expected}: not a directory")

    seeds = set(expected_docs(args.expected))
    predicted = []
    for rec in load_predictions(args.pred):
        if doc_key(rec.get("doc", "")) in seeds:
            predicted.append(rec)
        else:
            print(f"warning: ignoring a record of unknown document {rec.get('doc')!r}", file=sys.stderr)
    expected = load_expected(expected_dir=args.expected)

    docs = compare(predicted, expected)
    result = _score_docs(docs)
    if args.per_doc:
        for doc, d in docs.items():
            print(format_table(_score_docs({doc: d}), title=doc))
            print()
    print(format_table(result))
    if args.diff:
        print()
        print(format_diff(docs))

    failed = [(g, m, t, result[g][m]) for g, m, t in thresholds if result[g][m] < t]
    for g, m, t, got in failed:
        print(f"FAIL {g} {m} {got:.3f} < {t}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
