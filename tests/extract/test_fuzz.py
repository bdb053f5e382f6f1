"""Arbitrary, truncated and corrupt input never crashes the extractor: facts or an ExtractError."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chitieu.demo import SEEDS_DIR
from chitieu.extract import ExtractError, check_claims, extract_text, read_text

from .files import make_docx, make_pdf

SEEDS = Path(os.environ.get("CHITIEU_SEEDS", SEEDS_DIR))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []

# Pieces of report text that exercise the rules: numbers in every form, units, verdicts, names.
PIECES = list("0123456789.,/-–% ‰()\n:;“”") + [
    "năm ",
    "hai ",
    "mười ",
    "đạt ",
    "vượt ",
    "chưa đạt ",
    "chỉ tiêu ",
    "Nghị quyết ",
    "phường ",
    "Phường 1 ",
    "xã Long Đức ",
    "tỷ đồng",
    "triệu đồng",
    "%/năm",
    "năm 2019",
    "nhiệm kỳ 2020-2025",
    "từ ",
    " trở lên",
    "so với ",
    "trong đó ",
    "đảng viên",
    "hộ nghèo",
    "lần",
    "ha",
    "http://x.vn/1",
    "9" * 40,
    "Đang online: ",
]
report_like = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


def _check(text: str) -> None:
    facts = extract_text(text)
    for f in facts:
        assert text[f.start : f.end] == f.text
        f.to_dict()
    check_claims(facts)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.text(max_size=300), report_like))
def test_arbitrary_text_never_crashes(text):
    _check(text)


@pytest.mark.skipif(not SEED_TEXTS, reason="seed texts not found")
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_truncated_seed_text_never_crashes(data):
    text = data.draw(st.sampled_from(SEED_TEXTS))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    _check(text[start:end])


def _good_docx(tmp_path: Path) -> bytes:
    return make_docx(tmp_path / "good.docx", ["Đảng bộ có 312 đảng viên."]).read_bytes()


GOOD_PDF = make_pdf(["Năm 2019, tổng giá trị sản xuất đạt 270,9 tỷ đồng."])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(suffix=st.sampled_from([".docx", ".pdf"]), cut=st.floats(0, 1), flips=st.lists(st.integers(0, 10**6)))
def test_truncated_or_corrupt_docx_pdf_give_extract_error(tmp_path_factory, suffix, cut, flips):
    tmp = tmp_path_factory.mktemp("bad")
    data = bytearray(_good_docx(tmp) if suffix == ".docx" else GOOD_PDF)
    data = data[: int(len(data) * cut)]
    for pos in flips:
        if data:
            data[pos % len(data)] ^= 0xFF
    p = tmp / f"bad{suffix}"
    p.write_bytes(bytes(data))
    try:
        text = read_text(p)
    except ExtractError as e:
        message = str(e)
        assert message and "\n" not in message and " / " in message
        return
    _check(text)  # damage the reader could repair: the text it recovered is still extracted safely
