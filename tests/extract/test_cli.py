"""`chitieu extract`, run in-process through the project's command line."""

import csv
import io
import json
import os
from pathlib import Path

import pytest

from chitieu.cli import main
from chitieu.demo import SEEDS_DIR

from .files import make_docx

SEEDS = Path(os.environ.get("CHITIEU_SEEDS", SEEDS_DIR))
SEED_001 = SEEDS / "001_43fdf4eb8b168b57.txt"
needs_seeds = pytest.mark.skipif(not SEED_001.is_file(), reason=f"seed texts not found at {SEEDS}")

REPORT = (
    "Các chỉ tiêu chủ yếu nhiệm kỳ 2020-2025\n"
    "1- Thu ngân sách tăng bình quân 9,2%/năm, đạt chỉ tiêu Nghị quyết đề ra (10 - 12%/năm).\n"
    "2- Hằng năm kết nạp 12 đảng viên, vượt chỉ tiêu Nghị quyết đề ra (10 đảng viên/năm).\n"
)


@pytest.fixture
def report(tmp_path):
    p = tmp_path / "bao-cao.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


def test_jsonl_by_default(report, capsys):
    assert main(["extract", str(report)]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["text"] for r in records] == ["9,2%/năm", "10 - 12%/năm", "12", "10 đảng viên/năm"]
    first = records[0]
    assert first["doc"] == "bao-cao.txt"
    assert isinstance(first["value"], float) and first["value"] == 9.2
    assert isinstance(records[2]["value"], int)
    assert REPORT[first["start"] : first["end"]] == "9,2%/năm"
    assert first["indicator"] == "budget_revenue_growth_rate" and first["claim"] == "đạt"
    assert records[1]["role"] == "target" and records[1]["value_max"] == 12
    for key in ("of", "unit", "counted", "role", "year", "subject"):
        assert key in first


def test_check_lists_contradicted_claims(report, capsys):
    assert main(["extract", str(report), "--check"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    conflicts = [r for r in lines if r.get("type") == "claim_conflict"]
    assert len(conflicts) == 1
    assert conflicts[0]["text"] == "9,2%/năm" and conflicts[0]["target"] == "10 - 12%/năm"
    assert conflicts[0]["claimed"] == "đạt" and conflicts[0]["verdict"] == "chưa đạt"


@needs_seeds
def test_check_finds_the_seed_001_conflict(capsys):
    assert main(["extract", str(SEED_001), "--check", "--format", "table"]) == 0
    out = capsys.readouterr().out
    tail = out[out.index("Nhận định mâu thuẫn") :]
    assert "11,74%/năm" in tail and "12 - 15%/năm" in tail and '"chưa đạt"' in tail
    assert tail.count("11,74") == 1 and "35,47" not in tail  # "vượt" claims the figures bear out


def test_csv(report, capsys):
    assert main(["extract", str(report), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["text"] == "9,2%/năm" and rows[0]["unit"] == "%"
    assert rows[2]["counted"] == "đảng viên"


def test_several_files_and_docx(report, tmp_path, capsys):
    docx_path = make_docx(tmp_path / "b.docx", ["Đảng bộ phường có 312 đảng viên."])
    assert main(["extract", str(report), str(docx_path)]) == 0
    docs = {json.loads(line)["doc"] for line in capsys.readouterr().out.splitlines()}
    assert docs == {"bao-cao.txt", "b.docx"}


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("khong-co.txt", None, "Không tìm thấy tệp"),
        ("hong.docx", b"garbage", "Tệp .docx bị hỏng"),
        ("hong.pdf", b"%PDF-1.7 garbage", "Tệp PDF bị hỏng"),
        ("bang.xlsx", b"PK", "Không hỗ trợ loại tệp"),
    ],
)
def test_errors_are_one_line_and_non_zero(tmp_path, capsys, report, name, data, message):
    p = tmp_path / name
    if data is not None:
        p.write_bytes(data)
    code = main(["extract", str(p), str(report)])
    captured = capsys.readouterr()
    assert code != 0
    err_lines = captured.err.strip().splitlines()
    assert len(err_lines) == 1 and message in err_lines[0] and " / " in err_lines[0]
    assert "Traceback" not in captured.err
    assert len(captured.out.splitlines()) == 4  # the good file was still read
