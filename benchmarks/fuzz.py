"""Fuzz the parsers and upload readers with a million inputs: crashes and slow inputs.

    .venv/bin/python benchmarks/fuzz.py [--count 1000000] [--workers 2] [--out /tmp/chitieu-fuzz]
    .venv/bin/python benchmarks/fuzz.py --replay /tmp/chitieu-fuzz/<finding>.json

Every function gets its share of ``--count`` inputs (the weights in FUNCTIONS), made from a
deterministic seed per chunk, over ``--workers`` processes:

- text: real target and result lines (tests/core/real_targets/*.toml, review_cases/pairs.txt) and
  the seed articles, mutated (characters inserted, deleted, doubled; digits swapped for Unicode
  digits ² ٣ ３; Vietnamese letters, combining marks, NUL and control characters, bidi marks,
  surrogate escapes as a command line gives them; pieces of target wording spliced in); random
  Unicode; and adversarial repeats ("5" + " triệu" × 3200, digit runs, "%" runs, stacked accents).
- files: small real .docx/.xlsx (python-docx, openpyxl), .pdf (a text layer, tests/extract/files.py),
  .html, .txt and .csv made here, mutated byte by byte, or inside the zip (a part's XML mutated and
  re-zipped: row numbers, cell references, shared-string indexes, entities), and random bytes.

A crash is any exception other than the function's documented error (TargetError, QuantityError,
ExtractError, the importers' ImportFailed, the form's ValidationError), or a broken invariant
(an extracted fact whose span is not its text). Time is measured per call and put per KB of input
(an input under 1 KB counts as 1 KB); an input over 50 ms/KB is flagged slow, and one that would be
the slowest so far is timed twice more, the fastest of the three counting. A call is stopped after
3 s (a hang, flagged slow). Every crash and slow input is written to ``--out`` (the input, and a
.json with the traceback), at most 3 per distinct crash; ``--replay`` runs one again and prints its
traceback. Another of the project's own errors than the documented one (a QuantityError out of
parse_target) is counted apart, as "other err". ``--minutes`` stops the run at that time and reports
what was done: on a machine busy with other work a million inputs take far longer than on 2 free
cores (the µs/input column gives the CPU cost).

The importers need a database for their checks (the committee's branches, the term's targets):
each worker makes its own throwaway SQLite file (in /dev/shm when there is one) with one committee,
its branches, a term of real targets and an editor, and every import runs inside a transaction
that is rolled back. Memory is capped per worker (``--memory-gb``), so a runaway allocation is a
MemoryError, counted as a crash, rather than the machine's out-of-memory killer.
This is a benchmark, not a test: run it by hand.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import csv
import hashlib
import io
import json
import math
import multiprocessing as mp
import os
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
import tomllib
import traceback
import unicodedata
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # tests.extract.files.make_pdf

# Each function: (share of --count, inputs per chunk, kind of input, suffix of a saved input).
TABLE = {
    "core.targets.parse_target": (0.25, 2000, "text", "txt"),
    "core.verdicts.read_actual": (0.20, 2000, "text", "txt"),
    "core.verdicts.evaluate": (0.05, 2000, "pair", "input.json"),
    "core.quantity.parse_quantity": (0.25, 2000, "text", "txt"),
    "core.quantity.parse_number": (0.06, 2000, "text", "txt"),
    "core.quantity.parse_number_words": (0.05, 2000, "text", "txt"),
    "plans.forms.clean_result": (0.04, 2000, "pair", "input.json"),
    "extract.extract_text": (0.03, 50, "text", "txt"),
    "extract.read_text[.txt]": (0.01, 500, "bytes", "txt"),
    "extract.read_text[.docx]": (0.01, 50, "bytes", "docx"),
    "extract.read_text[.pdf]": (0.01, 50, "bytes", "pdf"),
    "extract.read_text[.html]": (0.01, 50, "bytes", "html"),
    "party.importers.import_members[.csv]": (0.01, 200, "bytes", "csv"),
    "party.importers.import_members[.xlsx]": (0.005, 50, "bytes", "xlsx"),
    "orgs.importer.import_units[.csv]": (0.01, 200, "bytes", "csv"),
    "orgs.importer.import_units[.xlsx]": (0.005, 50, "bytes", "xlsx"),
    "plans.spreadsheet.import_results": (0.005, 50, "bytes", "xlsx"),
}
SLOW_MS_PER_KB = 50.0
HANG_SECONDS = 3.0
EXAMPLES_PER_CRASH = 3

# --- material ------------------------------------------------------------------------------------

VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VIET += VIET.upper()
COMBINING = "".join(chr(c) for c in range(0x300, 0x370)) + "\u0489\u20dd\u1ab0\u1dc0"
UNI_DIGITS = "²³¹⁰⁴⁵⁹₀₁₉٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９१२३४५߀߁१𝟎𝟏𝟐𝟗①②⑩ⅫⅣ½¼¾⅓〇"
PUNCT = ".,%‰/-–—−:;()[]{}\"'“”‘’…·•×÷+=<>~!?@#$^&*_|\\ \t\n\r"
CONTROL = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\xa0\u2028\u2029\u200b\u200c\u200d\u2060\ufeff\u202e\u202d\u00ad\ufffd"
)
SURROGATE_ESCAPES = "\udc80\udcc3\udcff"  # what a command line of invalid UTF-8 becomes (surrogateescape)
PIECES = [
    "năm ", "hai ", "mười ", "mươi ", "linh ", "lẻ ", "mốt ", "lăm ", "tư ", "rưỡi ", "trăm ", "nghìn ", "triệu ",
    "tỷ ", "tỉ ", "đạt ", "vượt ", "chưa đạt ", "không đạt ", "chỉ tiêu ", "Nghị quyết ", "phường ", "xã Long Đức ",
    "tỷ đồng", "triệu đồng", "nghìn tỷ đồng", "%/năm", "%", "‰", "%0", "lần", "ha", "tấn", "tạ/ha", "km", "hộ",
    "đảng viên", "trở lên", "trên ", "dưới ", "không quá ", "ít nhất ", "tối thiểu ", "bình quân ", "hằng năm ",
    "mỗi năm", "nhiệm kỳ", "giai đoạn 2020-2025", "giảm ", "tăng ", "tăng trưởng âm ", "âm ", "kế hoạch", "dự toán",
    "so với năm 2020", "so với cùng kỳ", "đến năm 2030", "năm 2025", "người/năm", "/người/năm", "gấp 2 lần",
    "bằng 110% kế hoạch", "HTXSNV", "hoàn thành tốt nhiệm vụ", "trong sạch vững mạnh", "100%", "12 - 15%",
    "1.234,5", "0,5", "2.5", "1,234,567", "-2,6%", "7/7 ", "4/6 thôn", "(", ")", "; ", ", ", ": ", " - ", "trong đó ",
    "điểm %", "giường/1 vạn dân", "bác sĩ/vạn dân", "đạt và vượt ", "gần ", "khoảng ", "hơn ", "từ ", " đến ",
    "giữ vững", "x", "tr.đ", "đồng", "USD", "m²", "m2", "ngày 02/9/2025", "số 15-NQ/TW", "lần thứ XV", "tuổi",
    "http://x.vn/1", "9" * 40, "0" * 30, "Đang online: ",
]  # fmt: skip
INTERESTING_NUMBERS = ["0", "-1", "1", "255", "256", "65535", "1048576", "1048577", "2147483648", "4294967296",
                       "999999999", "9999999999999", "1e9", "1" + "0" * 30, "-0", "00", "1.5", "NaN"]  # fmt: skip


def _toml_lines() -> tuple[list[str], list[tuple[str, str]]]:
    lines: list[str] = []
    pairs: list[tuple[str, str]] = []
    for path in sorted((ROOT / "tests/core/real_targets").glob("*.toml")):
        for line in tomllib.loads(path.read_text("utf-8")).get("line", []):
            lines.append(line["text"])
            for r in line.get("result", []):
                lines.append(r["text"])
                pairs.append((line["text"], r["text"]))
    pairs_file = ROOT / "tests/core/review_cases/pairs.txt"
    if pairs_file.exists():
        for row in pairs_file.read_text("utf-8").splitlines():
            parts = [p.strip() for p in row.split("|")]
            if len(parts) >= 2 and parts[0] and not row.startswith("#"):
                lines += parts[:2]
                pairs.append((parts[0], parts[1]))
    return sorted(set(lines)), pairs


def _seed_paragraphs() -> list[str]:
    from chitieu.demo import SEEDS_DIR

    out = []
    for path in sorted(Path(SEEDS_DIR).glob("*.txt")):
        out += [p for p in path.read_text("utf-8").split("\n") if p.strip()]
    return out


# --- text inputs ---------------------------------------------------------------------------------


def random_number(rng: random.Random) -> str:
    kind = rng.randrange(9)
    n = rng.choice([rng.randrange(10), rng.randrange(1000), rng.randrange(10**6), rng.randrange(10**20)])
    if kind == 0:
        return f"{n:,}".replace(",", ".")
    if kind == 1:
        return f"{n},{rng.randrange(1000)}"
    if kind == 2:
        return f"{n} - {n + rng.randrange(100)}"
    if kind == 3:
        return f"{n}/{rng.randrange(100)}"
    if kind == 4:
        return "".join(rng.choice(UNI_DIGITS + "0123456789") for _ in range(rng.randint(1, 8)))
    if kind == 5:
        return "9" * rng.randint(15, 60)
    if kind == 6:
        return rng.choice(INTERESTING_NUMBERS)
    if kind == 7:
        return "0" * rng.randint(1, 5) + str(n)
    return f"{n}.{rng.randrange(10000)}"


def random_char(rng: random.Random) -> str:
    pool = rng.random()
    if pool < 0.25:
        return rng.choice(VIET)
    if pool < 0.35:
        return rng.choice(COMBINING)
    if pool < 0.5:
        return rng.choice(UNI_DIGITS)
    if pool < 0.65:
        return rng.choice("0123456789")
    if pool < 0.8:
        return rng.choice(PUNCT)
    if pool < 0.93:
        return rng.choice(CONTROL)
    if pool < 0.95:
        return rng.choice(SURROGATE_ESCAPES)
    return chr(
        rng.choice([rng.randrange(0x20, 0x3000), rng.randrange(0x10000, 0x1FFFF), rng.randrange(0xE000, 0xF900)])
    )


def mutate_text(rng: random.Random, s: str, corpus: list[str]) -> str:
    for _ in range(rng.randint(1, 5)):
        op = rng.randrange(13)
        i = rng.randint(0, len(s))
        j = min(len(s), i + rng.randint(0, 12))
        if op == 0:
            s = s[:i] + "".join(random_char(rng) for _ in range(rng.randint(1, 4))) + s[i:]
        elif op == 1:
            s = s[:i] + s[j:]
        elif op == 2:
            s = s[:i] + s[i:j] * rng.randint(2, 20) + s[j:]
        elif op == 3:  # swap a digit for another digit, maybe a Unicode one
            digits = [k for k, c in enumerate(s) if c.isdigit()]
            if digits:
                k = rng.choice(digits)
                s = s[:k] + rng.choice(UNI_DIGITS + "0123456789") + s[k + 1 :]
        elif op == 4:
            s = s[:i] + rng.choice(PIECES) + s[i:]
        elif op == 5:
            s = s[:i] + random_number(rng) + s[i:]
        elif op == 6:
            other = rng.choice(corpus)
            k = rng.randint(0, len(other))
            s = s[:i] + other[k:] if rng.random() < 0.5 else other[:k] + s[i:]
        elif op == 7:
            s = rng.choice([s.upper(), s.lower(), unicodedata.normalize("NFD", s), unicodedata.normalize("NFKC", s)])
        elif op == 8:
            s = s[:i]
        elif op == 9:  # a number's digits as another script's
            table = str.maketrans(
                "0123456789", rng.choice(["٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९"])
            )
            s = s[:i] + s[i:j].translate(table) + s[j:]
        elif op == 10:
            s = s[:i] + rng.choice(PIECES) * rng.randint(2, 300) + s[i:]
        elif op == 11:
            s = s.replace(" ", rng.choice(["\u00a0", "\t", "\n", "  ", "\u200b", "", "\u3000"]))
        else:
            s = s[:i] + rng.choice("aeiouyAEIOUY") + rng.choice(COMBINING) * rng.randint(1, 30) + s[i:]
    return s


def adversarial(rng: random.Random) -> str:
    n = rng.choice([10, 100, 500, 1000, 3200, rng.randint(1, 4000)])
    kind = rng.randrange(14)
    return [
        lambda: "5" + " triệu" * n,
        lambda: "9" * n,
        lambda: "%" * n,
        lambda: "5" + "%" * n,
        lambda: "1.000" * n,
        lambda: "(" * n + "5" + ")" * n,
        lambda: "năm " * n,
        lambda: " " * n + "5",
        lambda: "1/" * n,
        lambda: "- " * n + "5%",
        lambda: "đạt " * n + "5%",
        lambda: "hai mươi " * n,
        lambda: "5 " + "a\u0301" * n,
        lambda: "1,1" * n,
    ][kind]()


def text_input(rng: random.Random, corpus: list[str], long_corpus: list[str] | None = None) -> str:
    r = rng.random()
    if r < 0.72:
        return mutate_text(rng, rng.choice(corpus), corpus)
    if r < 0.8:
        return "".join(random_char(rng) for _ in range(rng.randint(0, 200)))
    if r < 0.88:
        return "".join(rng.choice(PIECES + [random_number(rng)]) for _ in range(rng.randint(1, 30)))
    if r < 0.95 or not long_corpus:
        return adversarial(rng)
    k = rng.randint(1, 30)  # a stretch of a real article, mutated
    start = rng.randrange(len(long_corpus))
    return mutate_text(rng, "\n".join(long_corpus[start : start + k]), corpus)


# --- file inputs ---------------------------------------------------------------------------------


def byte_mutate(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(7)
        i = rng.randint(0, len(b))
        j = min(len(b), i + rng.randint(0, 64))
        if op == 0 and b:
            for _ in range(rng.randint(1, 16)):
                k = rng.randrange(len(b))
                b[k] ^= 1 << rng.randrange(8)
        elif op == 1:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
        elif op == 2:
            del b[i:j]
        elif op == 3:
            b[i:i] = b[i:j] * rng.randint(2, 8)
        elif op == 4:
            b = b[:i]
        elif op == 5 and b:
            k = rng.randrange(len(b))
            b[k] = rng.choice([0, 0xFF, 0x7F, 0x80, ord("0"), ord("9"), ord("<"), ord(">")])
        else:
            other = rng.choice(others)
            k = rng.randint(0, len(other))
            b = b[:i] + other[k:]
    return bytes(b)


def xml_mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(9)
        if op == 0:  # a number (row, column, index, length, size) set to an interesting one
            nums = list(re.finditer(r"\d+", text))
            if nums:
                m = rng.choice(nums)
                text = text[: m.start()] + rng.choice(INTERESTING_NUMBERS) + text[m.end() :]
        elif op == 1:  # a cell reference pushed far out
            refs = list(re.finditer(r'r="[A-Z]+\d+"', text))
            if refs:
                m = rng.choice(refs)
                col = rng.choice(["XFD", "XFE", "ZZZZ", "A", "AAAAAAAAAA", "", "a"])
                text = text[: m.start()] + f'r="{col}{rng.choice(INTERESTING_NUMBERS)}"' + text[m.end() :]
        elif op == 2:
            i = rng.randint(0, len(text))
            junk = ["&#0;", "&#xD800;", "&lt;", "&bogus;", "<x>", "</w:p>", "<![CDATA[", "\x00", "<!-- -->", '"', "'",
                    "&amp;", "<?xml version='1.0'?>"]  # fmt: skip
            text = text[:i] + rng.choice(junk) + text[i:]
        elif op == 3:
            text = text[: rng.randint(0, len(text))]
        elif op == 4:
            i = rng.randint(0, len(text))
            j = min(len(text), i + rng.randint(1, 400))
            text = text[:i] + text[i:j] * rng.randint(2, 10) + text[j:]
        elif op == 5:
            i = rng.randint(0, len(text))
            text = text[:i] + text[i + rng.randint(1, 100) :]
        elif op == 6:  # entity expansion, which a safe XML parser refuses
            body = text.split("?>", 1)[-1]
            text = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>' + body.replace("</", "&c;</", 3))  # fmt: skip
        elif op == 7:
            kinds = ['t="s"', 't="n"', 't="b"', 't="e"', 't="inlineStr"', 't="str"', 't="d"', 't="zz"', ""]
            text = re.sub(r'\bt="\w+"', lambda m, kinds=kinds: rng.choice(kinds), text, count=3)
        else:
            text = mutate_text(rng, text, [text])
    return text


def zip_mutate(rng: random.Random, data: bytes, main_parts: tuple[str, ...]) -> bytes:
    """Mutate a part of an Office file inside its zip, and zip it again."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        names = src.namelist()
        parts = {n: src.read(n) for n in names}
    except Exception:  # noqa: BLE001 - an already broken file: mutate its bytes instead
        return byte_mutate(rng, data, [data])
    candidates = [n for n in names if n in main_parts] or names
    name = rng.choice(candidates) if rng.random() < 0.8 else rng.choice(names)
    parts[name] = xml_mutate(rng, parts[name].decode("utf-8", "replace")).encode("utf-8", "surrogatepass")
    if rng.random() < 0.1 and len(parts) > 1:
        del parts[rng.choice(names)]
    out = io.BytesIO()
    compression = rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
    with zipfile.ZipFile(out, "w", compression) as z:
        for n, content in parts.items():
            z.writestr(n, content)
    return out.getvalue()


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def encode(text: str, encoding: str) -> bytes:
    """Text as a file of that encoding; surrogate escapes become the raw bytes they stand for."""
    try:
        return text.encode(encoding, "surrogateescape")
    except UnicodeEncodeError:
        return text.encode(encoding, "replace")


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


# --- the functions under test --------------------------------------------------------------------


@dataclass
class Fn:
    name: str
    call: Callable | None = None
    allowed: tuple = ()  # the documented errors
    make: Callable | None = None  # (rng) -> an input

    @property
    def kind(self) -> str:  # text | bytes | pair
        return TABLE[self.name][2]

    @property
    def ext(self) -> str:  # of a saved input
        return TABLE[self.name][3]


@dataclass
class State:
    """Per worker: the functions, their seed material, the scratch database."""

    fns: dict[str, Fn] = field(default_factory=dict)
    tmp: Path = Path(".")
    project_errors: tuple = ()


STATE = State()


class Hang(BaseException):
    """Raised by the alarm: a call that ran past HANG_SECONDS (a BaseException: no `except Exception`
    of the code under test swallows it)."""


def _alarm(signum, frame):
    raise Hang()


def setup_worker(memory_gb: float) -> None:
    """Django with a scratch SQLite database and the material and functions of this process."""
    if memory_gb > 0:
        limit = int(memory_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    warnings.simplefilter("ignore")
    import logging

    logging.disable(logging.CRITICAL)
    shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    STATE.tmp = Path(tempfile.mkdtemp(prefix="chitieu-fuzz-", dir=shm))
    os.environ.update(CHITIEU_HOME=str(STATE.tmp), DATABASE_URL=f"sqlite:///{STATE.tmp / 'db.sqlite3'}",
                      SECRET_KEY="fuzz", DJANGO_SETTINGS_MODULE="chitieu.settings", CHITIEU_TESTING="1")  # fmt: skip
    for key in ("CHITIEU_DEMO", "DEBUG"):
        os.environ.pop(key, None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    STATE.fns = build_functions()
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(0)
    for fn in STATE.fns.values():  # warm up: imports, compiled patterns, first queries
        for _ in range(3):
            try:
                fn.call(fn.make(rng))
            except BaseException:  # noqa: BLE001, S110 - warming up only
                pass


def build_functions() -> dict[str, Fn]:
    import datetime as dt
    from dataclasses import replace

    from django import forms
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from chitieu.core import quantity, targets, verdicts
    from chitieu.extract import ExtractError, check_claims, extract_text, read_text
    from chitieu.orgs import importer as orgs_importer
    from chitieu.orgs.models import BranchKind, Grant, Kind, Role
    from chitieu.orgs.tree import create_unit
    from chitieu.party import importers as party
    from chitieu.plans import spreadsheet
    from chitieu.plans.forms import clean_result
    from chitieu.plans.models import Target, Term
    from chitieu.plans.workflow import target_fields
    from tests.extract.files import docx_bytes, make_pdf

    lines, pairs = _toml_lines()
    paragraphs = _seed_paragraphs()

    # the scratch committee: branches, a term of real targets, an editor
    city = create_unit(Kind.CITY, "Thử")
    committee = create_unit(Kind.WARD, "Thử Nghiệm", city)
    branch_names = [f"Tổ dân phố {i}" for i in range(1, 6)]
    for name in branch_names:
        create_unit(Kind.BRANCH, name, committee, branch_kind=BranchKind.RESIDENTIAL)
    editor = get_user_model().objects.create(username="fuzz")
    Grant.objects.create(user=editor, unit=committee, role=Role.EDITOR)
    term = Term.objects.create(committee=committee, start_year=2020, end_year=2025)
    models: list[Target] = []
    for text in lines:
        if len(models) >= 40:
            break
        try:
            core = targets.parse_target(text)
            core = replace(core, value=core.value.quantize(verdicts.Decimal("0.00000001")))
            models.append(Target.objects.create(term=term, **target_fields(core, number=len(models) + 1)))
        except Exception:  # noqa: BLE001, S112 - lines that are results, not targets
            continue

    def rolled_back(fn):
        def run(*args):
            with transaction.atomic():
                out = fn(*args)
                transaction.set_rollback(True)
            return out

        return run

    # seed files
    rng0 = random.Random(7)
    docs = [
        docx_bytes(paragraphs[:6]),
        docx_bytes(lines[:5], [["Chỉ tiêu", "Nghị quyết", "Kết quả"], [lines[0], "12%", "13,5%"],
                               ["Hộ nghèo", "<1%", "0,8%"]]),
        docx_bytes([]),
    ]  # fmt: skip
    pdfs = [make_pdf(paragraphs[i : i + 3]) for i in range(0, 9, 3)] + [make_pdf(lines[:8])]
    pages = [
        ("<html><head><title>Đại hội</title></head><body><nav>Trang chủ | Tin tức</nav><article>"
         "<h1>Đại hội Đảng bộ</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs[i : i + 5])
         + "</article><footer>Đang online: 1.234</footer></body></html>")
        for i in range(0, 20, 5)
    ] + ["<table><tr><td>Thu ngân sách</td><td>31.336 triệu đồng</td></tr></table>", "<p>5 tỷ đồng</p>"]  # fmt: skip
    pages_b = [p.encode("utf-8") for p in pages]
    texts = ["\n".join(paragraphs[i : i + 4]) for i in range(0, 40, 4)]
    texts_b = (
        [t.encode("utf-8") for t in texts]
        + [texts[0].encode("utf-16")]
        + [unicodedata.normalize("NFD", texts[1]).encode("cp1258", "replace")]
    )
    header = [h for _, h, _, _ in party.MEMBER_COLUMNS]

    def member_row(i: int) -> list[str]:
        y = rng0.randint(1960, 2015)
        birth = f"{rng0.randint(1, 28):02d}/{rng0.randint(1, 12):02d}/{y - 25}"
        return [f"Nguyễn Văn {i}", birth, rng0.choice(["Nam", "Nữ"]),
                rng0.choice(branch_names), f"{rng0.randint(1, 28):02d}/0{rng0.randint(1, 9)}/{y}", f"01/01/{y + 1}",
                rng0.choice(["chính thức", "", "chuyển đi"]), rng0.choice(["", f"01/01/{y + 2}"]), str(10**8 + i),
                rng0.choice(["", "x"]), "", rng0.choice(["", "ghi chú"])]  # fmt: skip

    rosters = [[header] + [member_row(i) for i in range(n)] for n in (1, 5, 20)]
    members_csv = [csv_bytes(r) for r in rosters] + [party.template_csv()]
    members_xlsx = [xlsx_bytes(r) for r in rosters] + [party.template_xlsx()]
    units_rows = [
        ["kind", "name", "parent", "branch_kind", "code"],
        ["tỉnh", "Quảng Nam", "", "", "49"],
        ["thị xã", "Điện Bàn", "tỉnh Quảng Nam", "", ""],
        ["phường", "Vĩnh Điện", "thị xã Điện Bàn", "", "20"],
        ["chi bộ", "Khối phố 1", "phường Vĩnh Điện", "khu dân cư", ""],
        ["xã", "Điện Hòa", "thành phố Thử", "", ""],
    ]
    units_csv = [csv_bytes(units_rows), csv_bytes(units_rows[:2])]
    units_xlsx = [xlsx_bytes(units_rows)]
    template = spreadsheet.results_template(term)
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template))
    ws = wb.active
    for r in range(2, ws.max_row + 1):
        for c in range(5, 5 + 7):
            ws.cell(r, c).value = rng0.choice([None, 12, 12.5, "13,5%", "giảm 1,2%", "đạt", "124.857", "1.131"])
    buf = io.BytesIO()
    wb.save(buf)
    results_xlsx = [template, buf.getvalue()]

    def files(seeds: list[bytes], zipped: tuple[str, ...] | None, text_like: bool = False):
        def make(rng: random.Random) -> bytes:
            r = rng.random()
            base = rng.choice(seeds)
            if r < 0.05:
                return bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
            if zipped and r < 0.6:
                return zip_mutate(rng, base, zipped)
            if text_like and r < 0.6:
                text = base.decode("utf-8", "replace")
                return encode(xml_mutate(rng, text), rng.choice(["utf-8", "utf-8", "utf-16", "cp1258", "latin-1"]))
            return byte_mutate(rng, base, seeds)

        return make

    def read_as(ext: str):
        path = STATE.tmp / f"input{ext}"

        def run(data: bytes):
            path.write_bytes(data)
            text = read_text(path)
            if not isinstance(text, str):
                raise AssertionError(f"read_text returned {type(text).__name__}")
            return text

        return run

    def extract(text: str):
        facts = extract_text(text)
        for f in facts:
            if text[f.start : f.end] != f.text:
                raise AssertionError(f"span {f.start}:{f.end} is {text[f.start : f.end]!r}, the fact says {f.text!r}")
            f.to_dict()
        check_claims(facts)
        return facts

    def parse_target(text: str):
        t = targets.parse_target(text)
        targets.format_target(t, places=2)
        return t

    def evaluate(pair: tuple[str, str]):
        """A target line and a result: the result read as text (as the CLI and the form do), and,
        when it is a plain number, as a number in the stored convention (as the pages do)."""
        target = targets.parse_target(pair[0])
        try:
            actual = verdicts.read_actual(pair[1])
        except T:
            actual = None
        if actual is not None:
            verdicts.round_pct(verdicts.evaluate(target, actual).completion_pct)
        if re.fullmatch(r"-?\d+(?:\.\d+)?", pair[1]):
            verdicts.round_pct(verdicts.evaluate(target, pair[1]).completion_pct)

    def make_pair(rng: random.Random) -> tuple[str, str]:
        t, r = rng.choice(pairs)
        if rng.random() < 0.3:
            t = mutate_text(rng, t, lines)
        if rng.random() < 0.15:  # a number as the API stores it: at most 22 digits and 8 decimals
            digits = rng.randint(1, 22)
            return t, str(rng.randrange(10 ** (digits - 1), 10**digits)) + rng.choice(["", f".{rng.randrange(10**8)}"])
        return t, text_input(rng, [r] * 3 + lines)

    def cell(pair):
        index, text = pair
        return clean_result(text, models[index % len(models)], 2021 if index % 2 else None)

    def make_cell(rng):
        return rng.randrange(len(models)), text_input(rng, lines)

    today = dt.date(2025, 6, 1)
    T, Q, E = targets.TargetError, quantity.QuantityError, ExtractError

    def text_maker(corpus, long_corpus=None):
        return lambda rng: text_input(rng, corpus, long_corpus)

    fns = [
        Fn("core.targets.parse_target", parse_target, (T,), text_maker(lines)),
        Fn("core.verdicts.read_actual", verdicts.read_actual, (T,), text_maker(lines)),
        Fn("core.verdicts.evaluate", evaluate, (T,), make_pair),
        Fn("core.quantity.parse_quantity", quantity.parse_quantity, (Q,), text_maker(lines)),
        Fn("core.quantity.parse_number", quantity.parse_number, (Q,),
           lambda rng: mutate_text(rng, random_number(rng), PIECES) if rng.random() < 0.7 else text_input(rng, lines)),
        Fn("core.quantity.parse_number_words", quantity.parse_number_words, (Q,),
           lambda rng: mutate_text(rng, rng.choice(["hai mươi lăm", "một trăm linh năm", "ba nghìn tư", "năm rưỡi",
                                                    "mười hai triệu", "chín trăm chín mươi chín tỷ"]), PIECES)),
        Fn("plans.forms.clean_result", cell, (forms.ValidationError,), make_cell),
        Fn("extract.extract_text", extract, (E,), text_maker(lines + paragraphs, paragraphs)),
        Fn("extract.read_text[.txt]", read_as(".txt"), (E,), files(texts_b, None, True)),
        Fn("extract.read_text[.docx]", read_as(".docx"), (E,),
           files(docs, ("word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"))),
        Fn("extract.read_text[.pdf]", read_as(".pdf"), (E,), files(pdfs, None)),
        Fn("extract.read_text[.html]", read_as(".html"), (E,), files(pages_b, None, True)),
        Fn("party.importers.import_members[.csv]",
           rolled_back(lambda d: party.import_members(editor, committee, "roster.csv", d, today=today)),
           (party.ImportFailed,), files(members_csv, None, True)),
        Fn("party.importers.import_members[.xlsx]",
           rolled_back(lambda d: party.import_members(editor, committee, "roster.xlsx", d, today=today)),
           (party.ImportFailed,), files(members_xlsx, ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                                        "xl/workbook.xml", "xl/_rels/workbook.xml.rels"))),
        Fn("orgs.importer.import_units[.csv]",
           rolled_back(lambda d: orgs_importer.import_units("units.csv", d)), (orgs_importer.ImportFailed,),
           files(units_csv, None, True)),
        Fn("orgs.importer.import_units[.xlsx]",
           rolled_back(lambda d: orgs_importer.import_units("units.xlsx", d)), (orgs_importer.ImportFailed,),
           files(units_xlsx, ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"))),
        Fn("plans.spreadsheet.import_results",
           rolled_back(lambda d: spreadsheet.import_results(editor, term, d)), (spreadsheet.ImportFailed,),
           files(results_xlsx, ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"))),
    ]  # fmt: skip
    assert [f.name for f in fns] == list(TABLE), "FUNCTIONS and TABLE disagree"
    from chitieu.party.records import PartyError
    from chitieu.plans.workflow import WorkflowError

    STATE.project_errors = (T, Q, E, party.ImportFailed, orgs_importer.ImportFailed, spreadsheet.ImportFailed,
                            forms.ValidationError, PartyError, WorkflowError)  # fmt: skip
    return {f.name: f for f in fns}


# --- running -------------------------------------------------------------------------------------


def size_of(fn: Fn, x) -> int:
    if fn.kind == "bytes":
        return len(x)
    if fn.kind == "pair":
        return sum(len(str(p).encode("utf-8", "surrogatepass")) for p in x)
    return len(x.encode("utf-8", "surrogatepass"))


def encode_input(fn: Fn, x) -> bytes:
    if fn.kind == "bytes":
        return x
    if fn.kind == "pair":
        return json.dumps(list(x), ensure_ascii=True).encode()
    return x.encode("utf-8", "surrogatepass")


def decode_input(fn: Fn, data: bytes):
    if fn.kind == "bytes":
        return data
    if fn.kind == "pair":
        return tuple(json.loads(data))
    return data.decode("utf-8", "surrogatepass")


def timed(fn: Fn, x) -> tuple[float, BaseException | None]:
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    t0 = time.perf_counter()
    try:
        fn.call(x)
        exc = None
    except BaseException as e:  # noqa: BLE001 - every exception is looked at
        exc = e
    finally:
        ms = (time.perf_counter() - t0) * 1000
        signal.setitimer(signal.ITIMER_REAL, 0)
    if isinstance(exc, KeyboardInterrupt):
        raise exc
    return ms, exc


def signature(fn: Fn, exc: BaseException) -> tuple[str, str]:
    """(a short id, a description) of a crash: its type and the innermost frame in chitieu."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/chitieu/" in f.filename] or frames[-1:]
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno} {ours[-1].name}" if ours else "?"
    deepest = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    desc = f"{type(exc).__module__}.{type(exc).__qualname__} at {where} (raised in {deepest})"
    return hashlib.sha1(f"{fn.name} {desc}".encode()).hexdigest()[:10], desc


@dataclass
class ChunkResult:
    name: str
    n: int = 0
    crashes: Counter = field(default_factory=Counter)
    wrong: Counter = field(default_factory=Counter)  # another project error than the documented one
    crash_desc: dict = field(default_factory=dict)
    examples: list = field(default_factory=list)  # (kind, sig, input bytes, info)
    slowest: tuple = (0.0, 0, b"")  # (ms per KB, size, input)
    slow: int = 0
    cpu: float = 0.0


def run_chunk(name: str, seed: int, n: int, progress_file: str | None = None) -> ChunkResult:
    fn = STATE.fns[name]
    rng = random.Random(seed)
    res = ChunkResult(name)
    cpu = time.process_time()
    for _ in range(n):
        x = fn.make(rng)
        if progress_file:
            Path(progress_file).write_bytes(encode_input(fn, x))
        ms, exc = timed(fn, x)
        res.n += 1
        size = size_of(fn, x)
        per_kb = ms / max(1.0, size / 1024)
        hang = isinstance(exc, Hang)
        if not hang and per_kb > max(res.slowest[0], SLOW_MS_PER_KB):  # a new slowest: time it again
            per_kb = min([per_kb] + [timed(fn, x)[0] / max(1.0, size / 1024) for _ in range(2)])
        if hang or per_kb > res.slowest[0]:
            res.slowest = (per_kb, size, encode_input(fn, x))
        if hang or per_kb > SLOW_MS_PER_KB:
            res.slow += 1
            if res.slow <= EXAMPLES_PER_CRASH:
                info = {"ms": round(ms, 1), "ms_per_kb": round(per_kb, 1), "bytes": size, "hang": hang}
                res.examples.append(("slow", "slow", encode_input(fn, x), info))
        if exc is None or hang or isinstance(exc, fn.allowed):
            continue
        sig, desc = signature(fn, exc)
        # another of the project's own errors than the one documented: every caller may not catch it
        wrong = isinstance(exc, STATE.project_errors)
        (res.wrong if wrong else res.crashes)[sig] += 1
        res.crash_desc[sig] = desc
        if (res.wrong if wrong else res.crashes)[sig] <= EXAMPLES_PER_CRASH:
            tb = "".join(traceback.format_exception(exc))[-4000:]
            info = {"exception": f"{type(exc).__name__}: {str(exc)[:500]}", "where": desc, "traceback": tb}
            res.examples.append(("wrongerror" if wrong else "crash", sig, encode_input(fn, x), info))
    res.cpu = time.process_time() - cpu
    return res


def find_killer(name: str, seed: int, n: int, memory_gb: float, out: Path) -> str:
    """A chunk whose worker died (a crash of the interpreter, or killed): run it alone, keep the
    input it was on when it died."""
    progress = out / f"killer-{seed}.bin"
    ctx = mp.get_context("fork")

    def child():
        setup_worker(memory_gb)
        run_chunk(name, seed, n, str(progress))

    p = ctx.Process(target=child)
    p.start()
    p.join(max(600, n * HANG_SECONDS))
    if p.is_alive():
        p.kill()
        p.join()
    return f"exit code {p.exitcode}; the input it was on: {progress}"


def save(out: Path, fn: Fn, kind: str, sig: str, data: bytes, info: dict, n: int) -> Path:
    stem = f"{re.sub(r'[^A-Za-z0-9]+', '_', fn.name).strip('_')}__{kind}_{sig}_{n}"
    (out / f"{stem}.{fn.ext}").write_bytes(data)
    meta = {"function": fn.name, "kind": kind, "input_file": f"{stem}.{fn.ext}", **info}
    if fn.kind != "bytes":
        meta["input"] = decode_input(fn, data) if len(data) < 3000 else None
    path = out / f"{stem}.json"
    path.write_text(json.dumps(meta, indent=1), "utf-8")
    return path


def replay(path: Path, memory_gb: float) -> int:
    meta = json.loads(path.read_text("utf-8"))
    setup_worker(memory_gb)
    fn = STATE.fns[meta["function"]]
    x = decode_input(fn, (path.parent / meta["input_file"]).read_bytes())
    print(f"{fn.name}({x!r})"[:600] if fn.kind != "bytes" else f"{fn.name}(<{len(x)} bytes>)")
    ms, exc = timed(fn, x)
    print(f"{ms:.1f} ms, {ms / max(1.0, size_of(fn, x) / 1024):.1f} ms/KB")
    if exc is not None:
        traceback.print_exception(exc)
        return 0 if isinstance(exc, fn.allowed) else 1
    print("no exception")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=1_000_000, help="inputs in all (default 1,000,000)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "chitieu-fuzz", help="findings folder")
    ap.add_argument("--only", help="only the functions whose name contains this")
    ap.add_argument("--minutes", type=float, help="stop after this long and report what was done (a shared machine)")
    ap.add_argument("--memory-gb", type=float, default=3.0, help="address space of each worker (0: no cap)")
    ap.add_argument("--replay", type=Path, help="run one saved finding (its .json) again")
    args = ap.parse_args(argv)
    if args.replay:
        return replay(args.replay, args.memory_gb)

    # The chunks: every function's share, cut into chunks of its size, each with its own seed.
    names_weights = [(name, w, chunk) for name, (w, chunk, _, _) in TABLE.items()]
    if args.only:
        names_weights = [(n, w, c) for n, w, c in names_weights if args.only in n]
    total_weight = sum(w for _, w, _ in names_weights)
    tasks = []
    for name, weight, chunk in names_weights:
        share = max(1, math.ceil(args.count * weight / total_weight))
        for k in range(0, share, chunk):
            seed = int(hashlib.sha1(f"{args.seed} {name} {k}".encode()).hexdigest()[:12], 16)
            tasks.append((name, seed, min(chunk, share - k)))
    random.Random(args.seed).shuffle(tasks)  # mix slow and fast chunks over the run
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)

    print(f"{sum(t[2] for t in tasks):,} inputs, {len(names_weights)} functions, {len(tasks)} chunks, "
          f"{args.workers} workers; findings in {args.out}")  # fmt: skip
    totals: dict[str, ChunkResult] = {n: ChunkResult(n) for n, _, _ in names_weights}
    saved: Counter = Counter()
    died: list[str] = []
    start = time.perf_counter()
    last = start
    pending = list(tasks)
    ctx = mp.get_context("fork")
    done_inputs = 0
    deadline = start + args.minutes * 60 if args.minutes else None
    stopped = False
    while pending and not stopped:
        with cf.ProcessPoolExecutor(args.workers, ctx, initializer=setup_worker, initargs=(args.memory_gb,)) as pool:
            futures = {pool.submit(run_chunk, *t): t for t in pending}
            pending = []
            try:
                for fut in cf.as_completed(futures):
                    r = fut.result()
                    futures.pop(fut)
                    t = totals[r.name]
                    t.n += r.n
                    t.cpu += r.cpu
                    t.slow += r.slow
                    t.crashes.update(r.crashes)
                    t.wrong.update(r.wrong)
                    t.crash_desc.update(r.crash_desc)
                    if r.slowest[0] > t.slowest[0]:
                        t.slowest = r.slowest
                    for kind, sig, data, info in r.examples:
                        if saved[(r.name, sig)] < EXAMPLES_PER_CRASH:
                            saved[(r.name, sig)] += 1
                            fn = Fn(r.name)
                            save(args.out, fn, kind, sig, data, info, saved[(r.name, sig)])
                    done_inputs += r.n
                    if deadline and time.perf_counter() > deadline:
                        stopped = True
                        pool.shutdown(wait=True, cancel_futures=True)
                        break
                    if time.perf_counter() - last > 30:
                        last = time.perf_counter()
                        el = last - start
                        print(f"  {done_inputs:,} inputs in {el:.0f} s ({done_inputs / el:,.0f}/s)", flush=True)
            except cf.process.BrokenProcessPool:
                lost = list(futures.values())
                print(f"  a worker died; {len(lost)} chunks to redo, looking for the input", flush=True)
                # the chunk that killed it is one of those running: find it alone, redo the others
                for name, seed, n in lost[: args.workers]:
                    died.append(f"{name} seed {seed}: {find_killer(name, seed, n, args.memory_gb, args.out)}")
                pending = lost[args.workers :]
    elapsed = time.perf_counter() - start
    if stopped:
        print(f"\nstopped at the --minutes limit: {done_inputs:,} of {sum(t[2] for t in tasks):,} inputs run")

    print(f"\n{'function':42} {'inputs':>9} {'crashes':>8} {'other err':>9} {'slow':>5} {'slowest ms/KB':>14} "
          f"{'µs/input':>9}")  # fmt: skip
    for name, t in totals.items():
        per = t.cpu / t.n * 1e6 if t.n else 0
        print(f"{name:42} {t.n:9,} {sum(t.crashes.values()):8,} {sum(t.wrong.values()):9,} {t.slow:5} "
              f"{t.slowest[0]:14.2f} {per:9.0f}")  # fmt: skip
    n_all = sum(t.n for t in totals.values())
    n_crash = sum(sum(t.crashes.values()) for t in totals.values())
    n_wrong = sum(sum(t.wrong.values()) for t in totals.values())
    n_slow = sum(t.slow for t in totals.values())
    print(
        f"{'total':42} {n_all:9,} {n_crash:8,} {n_wrong:9,} {n_slow:5}   in {elapsed:.0f} s wall "
        f"({n_all / elapsed:,.0f} inputs/s)"
    )
    crashes = [(name, sig, n, t.crash_desc[sig]) for name, t in totals.items() for sig, n in t.crashes.items()]
    wrong = [(name, sig, n, t.crash_desc[sig]) for name, t in totals.items() for sig, n in t.wrong.items()]
    for title, found in (("crashes", crashes), ("another project error than the documented one", wrong)):
        if found:
            print(f"\n{title} (function: times × exception at the innermost chitieu frame [id of the saved inputs]):")
            for name, sig, n, desc in sorted(found, key=lambda c: -c[2]):
                print(f"  {name}: {n} × {desc} [{sig}]")
    for name, t in totals.items():
        if t.slowest[0] > SLOW_MS_PER_KB:
            fn = Fn(name)
            path = save(args.out, fn, "slowest", "max", t.slowest[2], {"ms_per_kb": round(t.slowest[0], 1),
                                                                      "bytes": t.slowest[1]}, 1)  # fmt: skip
            print(f"slowest input of {name}: {t.slowest[0]:.1f} ms/KB ({t.slowest[1]} bytes): {path}")
    for d in died:
        print(f"worker died: {d}")
    return 1 if crashes or died or any(t.slow for t in totals.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
