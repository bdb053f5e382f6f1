"""Tests of the extraction scorer (tests/extract/score.py) and of the annotated seeds it scores against."""

import copy
import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from chitieu.demo import SEEDS_DIR

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CATALOG = ROOT / "src" / "chitieu" / "core" / "indicators.toml"
SEEDS = Path(os.environ.get("CHITIEU_SEEDS", SEEDS_DIR))
SEED_STEMS = [
    "000_3d36761486085697",
    "001_43fdf4eb8b168b57",
    "002_250a69442f17014b",
    "003_49722e1c02d19ffb",
    "004_9ccd0a3510ad4263",
]

_spec = importlib.util.spec_from_file_location("chitieu_tests_extract_score", HERE / "score.py")
score_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_mod)
score = score_mod.score


def rec(start, end, value, unit="count", doc="a.txt", **kw):
    base = {
        "doc": doc,
        "text": "x" * (end - start),
        "start": start,
        "end": end,
        "value": value,
        "value_max": None,
        "of": None,
        "unit": unit,
        "counted": None,
        "indicator": None,
        "role": "actual",
        "year": None,
        "subject": None,
        "claim": None,
    }
    base.update(kw)
    return base


EXPECTED = [
    rec(0, 5, 270900000000, "VND", indicator="production_value_total", year="2019"),
    rec(10, 15, Decimal("8.27"), "%", indicator="poverty_rate", role="actual"),
    rec(20, 32, 12, "%", value_max=15, role="target"),
    rec(40, 43, 7, counted="tổ dân phố", of=7),
]


def _mutate(records, index, **changes):
    out = copy.deepcopy(records)
    out[index].update(changes)
    return out


# (name, predicted, {group: (precision, recall)})
CASES = [
    ("perfect", EXPECTED, {g: (1.0, 1.0) for g in score_mod.FIELD_GROUPS}),
    ("missing record", EXPECTED[:3], {"match": (1.0, 0.75), "value+unit": (1.0, 0.75), "role": (1.0, 0.75)}),
    (
        "wrong unit",
        _mutate(EXPECTED, 1, unit="‰"),
        {"match": (1.0, 1.0), "value+unit": (0.75, 0.75), "indicator": (1.0, 1.0), "all": (0.75, 0.75)},
    ),
    ("wrong value_max", _mutate(EXPECTED, 2, value_max=None), {"value+unit": (0.75, 0.75)}),
    ("wrong of", _mutate(EXPECTED, 3, of=None), {"value+unit": (0.75, 0.75)}),
    (
        "wrong indicator",
        _mutate(EXPECTED, 0, indicator=None),
        {"indicator": (0.75, 0.75), "value+unit": (1.0, 1.0), "all": (0.75, 0.75)},
    ),
    ("wrong role", _mutate(EXPECTED, 2, role="actual"), {"role": (0.75, 0.75), "year": (1.0, 1.0)}),
    ("null equals null, value vs null", _mutate(EXPECTED, 1, year="2019"), {"year": (0.75, 0.75)}),
    ("extra record", EXPECTED + [rec(50, 52, 3)], {"match": (0.8, 1.0), "value+unit": (0.8, 1.0)}),
    (
        "shifted span still matches",
        _mutate(EXPECTED, 2, start=19, end=30),
        {"match": (1.0, 1.0), "span": (0.75, 0.75), "value+unit": (1.0, 1.0)},
    ),
    (
        "no overlap does not match",
        _mutate(EXPECTED, 3, start=33, end=39),
        {"match": (0.75, 0.75), "value+unit": (0.75, 0.75)},
    ),
    ("Decimal comparison", _mutate(EXPECTED, 0, value=Decimal("2.709E+11")), {"value+unit": (1.0, 1.0)}),
    (
        "float and int compare as Decimal",
        _mutate(_mutate(EXPECTED, 0, value=270900000000.0), 1, value=8.27),
        {"value+unit": (1.0, 1.0)},
    ),
    (
        "other document does not match",
        _mutate(EXPECTED, 0, doc="b.txt"),
        {"match": (0.75, 0.75), "value+unit": (0.75, 0.75)},
    ),
    ("doc given as a path", [dict(r, doc="/tmp/x/a.txt") for r in EXPECTED], {"all": (1.0, 1.0)}),
    ("no predictions", [], {"match": (0.0, 0.0), "value+unit": (0.0, 0.0)}),
]


@pytest.mark.parametrize("name, predicted, want", CASES, ids=[c[0] for c in CASES])
def test_score_table(name, predicted, want):
    result = score(predicted, EXPECTED)
    for group, (p, r) in want.items():
        assert result[group]["precision"] == pytest.approx(p), (group, result[group])
        assert result[group]["recall"] == pytest.approx(r), (group, result[group])
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        assert result[group]["f1"] == pytest.approx(f1)


def test_perfect_prediction_scores_one_everywhere():
    result = score(copy.deepcopy(EXPECTED), EXPECTED)
    assert all(result[g]["f1"] == 1.0 for g in score_mod.FIELD_GROUPS)


def test_overlap_matching_is_one_to_one():
    expected = [rec(0, 10, 1), rec(10, 20, 2)]
    # one predicted span covering both expected spans matches only one of them
    result = score([rec(0, 20, 1)], expected)
    assert result["match"]["correct"] == 1
    assert result["match"]["recall"] == 0.5
    # two predictions overlapping the same expected record: only one matches
    result = score([rec(0, 4, 1), rec(3, 9, 1)], [rec(0, 10, 1)])
    assert result["match"]["correct"] == 1
    assert result["match"]["precision"] == 0.5


def test_greedy_by_largest_overlap():
    expected = [rec(0, 10, 1), rec(10, 20, 2)]
    predicted = [rec(2, 14, 2), rec(12, 20, 2)]  # overlaps: p0-e0 8, p0-e1 4, p1-e1 8
    pairs = score_mod.match_records(predicted, expected)
    assert sorted(pairs) == [(0, 0), (1, 1)]
    result = score(predicted, expected)
    assert result["match"]["correct"] == 2
    assert result["value+unit"]["correct"] == 1  # p0 (value 2) is paired with e0 (value 1)


def test_numbers_equal():
    eq = score_mod.numbers_equal
    assert eq(Decimal("270900000000"), Decimal("2.709E+11"))
    assert eq(270900000000, Decimal("2.709E+11"))
    assert eq(8.27, Decimal("8.27"))
    assert eq(None, None)
    assert not eq(None, 0)
    assert not eq(Decimal("8.27"), Decimal("8.270001"))
    assert not eq(True, 1)


def test_json_loading_uses_decimal(tmp_path):
    p = tmp_path / "pred.jsonl"
    p.write_text('{"doc": "x.txt", "start": 0, "end": 1, "value": 2.709E+11, "unit": "VND"}\n\n', encoding="utf-8")
    (r,) = score_mod.load_predictions([p])
    assert isinstance(r["value"], Decimal) and r["value"] == 270900000000
    assert isinstance(r["start"], Decimal)


def test_doc_defaults_to_prediction_file_stem(tmp_path):
    p = tmp_path / "000_3d36761486085697.jsonl"
    p.write_text('{"start": 0, "end": 1, "value": 1, "unit": "count"}\n', encoding="utf-8")
    (r,) = score_mod.load_predictions([p])
    assert score_mod.doc_key(r["doc"]) == "000_3d36761486085697"


def test_per_doc_results():
    result = score(EXPECTED + [rec(0, 3, 1, doc="b.txt")], EXPECTED, per_doc=True)
    assert result["per_doc"]["a"]["all"]["f1"] == 1.0
    assert result["per_doc"]["b"]["match"]["precision"] == 0.0


# ───────────────────────────── CLI ─────────────────────────────


def _write_expected_as_prediction(tmp_path, mutate=None):
    records = score_mod.load_expected()
    if mutate:
        records = mutate(records)
    p = tmp_path / "pred.jsonl"
    with p.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
    return p


def _run_cli(*args):
    return subprocess.run(
        [sys.executable, str(HERE / "score.py"), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_cli_gold_scores_perfect(tmp_path):
    # default=str writes Decimals as strings; the scorer compares numeric strings as Decimal too
    p = _write_expected_as_prediction(tmp_path)
    out = _run_cli(p, "--min", "value+unit=0.97", "--min", "indicator=0.93", "--min", "role=0.93")
    assert out.returncode == 0, out.stderr
    assert "value+unit" in out.stdout and "1.000" in out.stdout


def test_cli_fails_below_threshold(tmp_path):
    def drop_indicators(records):
        return [dict(r, indicator=None) for r in records]

    p = _write_expected_as_prediction(tmp_path, drop_indicators)
    out = _run_cli(p, "--min", "value+unit=0.97", "--min", "indicator=0.93")
    assert out.returncode == 1
    assert "FAIL indicator" in out.stderr
    out = _run_cli(p, "--min", "value+unit.recall=0.99")
    assert out.returncode == 0, out.stderr


def test_cli_scores_against_other_annotations(tmp_path):
    # --expected DIR: a held-out set of one document, a.jsonl, scored instead of the seeds
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.jsonl").write_text(json.dumps(rec(0, 5, 7, counted="hộ")) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        json.dumps(rec(0, 5, 7, counted="hộ", doc="texts/a.txt"))
        + "\n"
        + json.dumps(rec(9, 12, 3, doc="texts/a.txt"))
        + "\n",
        encoding="utf-8",
    )
    out = _run_cli(pred, "--expected", gold, "--min", "counted.recall=1", "--min", "match.precision=0.5")
    assert out.returncode == 0, out.stderr
    assert "warning" not in out.stderr  # a.txt is a document of the held-out set, not an unknown one
    out = _run_cli(pred, "--expected", gold, "--min", "match.precision=0.9")
    assert out.returncode == 1 and "FAIL match precision 0.500" in out.stderr
    out = _run_cli(pred, "--expected", tmp_path / "missing")
    assert out.returncode != 0 and "not a directory" in out.stderr


def test_cli_rejects_unknown_group(tmp_path):
    p = _write_expected_as_prediction(tmp_path)
    assert _run_cli(p, "--min", "colour=0.5").returncode != 0


# ───────────────────────────── the annotated seeds ─────────────────────────────

FIELDS = [
    "text",
    "start",
    "end",
    "value",
    "value_max",
    "of",
    "unit",
    "counted",
    "indicator",
    "role",
    "year",
    "subject",
    "claim",
]
UNITS = {"VND", "%", "‰", "ha", "count", "times", "other"}
ROLES = {"actual", "target", "baseline", "achievement"}
CLAIMS = {None, "đạt", "vượt", "chưa đạt"}
YEAR = re.compile(r"^\d{4}(-\d{4})?$")
SUBJECT = re.compile(r"^(phường|xã|thị trấn|quận|huyện|thị xã|thành phố|tỉnh) \S.*$")


@pytest.fixture(scope="module")
def catalog_keys():
    with CATALOG.open("rb") as f:
        return {ind["key"] for ind in tomllib.load(f)["indicator"]}


def test_expected_files_exist():
    assert score_mod.expected_docs() == SEED_STEMS


def test_load_expected_adds_doc():
    records = score_mod.load_expected()
    assert {r["doc"] for r in records} == {f"{s}.txt" for s in SEED_STEMS}
    assert all(isinstance(r["value"], Decimal) for r in records)
    assert len(score_mod.load_expected(["001_43fdf4eb8b168b57.txt"])) < len(records)


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_expected_records_valid(stem, catalog_keys):
    lines = (HERE / "expected" / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line, parse_float=Decimal) for line in lines]
    assert records
    prev_end = -1
    for r in records:
        assert list(r) == FIELDS, r
        assert isinstance(r["start"], int) and isinstance(r["end"], int) and r["end"] > r["start"]
        assert r["start"] >= prev_end, f"records out of text order or overlapping: {r}"
        prev_end = r["end"]
        assert r["text"] == r["text"].strip() and r["text"]
        assert r["text"][0].isdigit() or r["text"][0].isalpha(), r
        assert isinstance(r["value"], (int, Decimal)) and not isinstance(r["value"], bool)
        for f in ("value_max", "of"):
            assert r[f] is None or isinstance(r[f], (int, Decimal)), r
        if r["value_max"] is not None:
            assert r["value_max"] > r["value"], r
        if r["of"] is not None:
            assert "/" in r["text"], r
        assert r["unit"] in UNITS, r
        if r["unit"] == "count":
            c = r["counted"]
            assert isinstance(c, str) and c == c.lower() and c == c.strip() and c, r
            assert unicodedata.is_normalized("NFC", c)
        else:
            assert r["counted"] is None, r
        assert r["indicator"] is None or r["indicator"] in catalog_keys, r
        assert r["role"] in ROLES, r
        assert r["year"] is None or YEAR.match(r["year"]), r
        assert r["subject"] is None or SUBJECT.match(r["subject"]), r
        assert r["claim"] in CLAIMS, r
        if r["role"] == "target":
            assert r["claim"] is None, r


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed texts not found at {SEEDS}")
@pytest.mark.parametrize("stem", SEED_STEMS)
def test_expected_spans_match_seed_text(stem):
    content = open(SEEDS / f"{stem}.txt", encoding="utf-8").read()
    for line in (HERE / "expected" / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        assert content[r["start"] : r["end"]] == r["text"], r
