"""The national dataset (issue 14): a seeded generator of the whole country's tree, terms, targets,
results, members and ratings, loaded with PostgreSQL COPY (or batched inserts on SQLite).

    .venv/bin/python benchmarks/national.py --size province|country [--db postgres] [--pg-name chitieu_national]
        [--replace] [--indexes drop|keep] [--seed 14]
    .venv/bin/python benchmarks/national.py --size province --db sqlite --path /tmp/national.sqlite3 [--replace]

What it writes (``country``; ``province`` is one province of 98 committees, 1/34 of it):

- the tree after the 2025 reform: 34 provinces (6 of them centrally-run cities), 3,321 committees
  (communes, wards, a few townships) directly under them, about 48,200 branches (8-21 a committee:
  residential ones with their residential group, agency ones), ``Unit.path`` set as ``create_unit`` sets it;
- a 2020-2025 term per committee with 30 targets copied from a table of 31 real target lines (every
  shape, from tests/core/real_targets and docs/targets.md), each parsed once by ``parse_target`` and
  turned into model fields by ``target_fields``; yearly results 2020-2024 for 28 of the 30 (mostly
  approved, some submitted or draft, most of 2024 still waiting);
- about 1,690 member records a committee (5.6 million): admissions 1950-2025, transfers in, deaths,
  removals and transfers out, the statistical fields; a transfer out to the next committee of the same
  province opens a record there that points back to it (``previous``) with its ``Transfer`` row;
- ratings 2020-2024 of the members on the roll at each year's end (not the exempt; 2% not rated), of
  every branch and of the committee.

Member rows are drawn from a pool of seeded profiles (dates, status, statistical fields, rating levels):
each record is a profile with its own id, name, card number, committee and branch. That is what lets
one Python process write 28 million rows in about a minute; the counts per committee still vary.

PostgreSQL: the database (``--pg-name``, never ``test``) is created fresh through
postgres://postgres@127.0.0.1:5432/test and migrated by Django; an existing one is refused unless
``--replace``. Rows are written with COPY, ids assigned here, sequences set after. Members and member
ratings stream at once over two connections, committee by committee (memory stays flat), with foreign
key triggers off (``session_replication_role = replica``: the generator's ids are checked after the
load instead) and, with ``--indexes drop`` (the default), their secondary indexes dropped before and
built again after. Then VACUUM ANALYZE. The database is kept.

It prints rows and seconds per table, the total, and checks a sample: members on the roll on
31/12/2023 of a few committees through ``chitieu.party.records.members_on``, the results' one row per
target and year, a province's subtree through the ``Unit.path`` prefix, and no rating or member
pointing nowhere. This is a benchmark, not a test: it reports.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import glob
import os
import random
import re
import sqlite3
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/test"
TODAY = dt.date(2025, 9, 30)  # records run to here
NOW = dt.datetime(2025, 9, 30, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
RATING_YEARS = tuple(range(2020, 2025))
TERM = (2020, 2025)
COMMITTEES = 3_321
PROVINCE_COMMITTEES = 98  # --size province: 1/34 of the country
MEMBERS_PER_COMMITTEE = 1_690  # 5.6 million in all
TARGETS_PER_COMMITTEE = 30
TARGETS_WITH_RESULTS = 28
PROFILES = 100_000
NULL = r"\N"

# The 34 provinces and cities of the 2025 reform; the counts of committees under each are synthetic.
PROVINCES = [
    ("Hà Nội", "city"), ("Huế", "city"), ("Lai Châu", "province"), ("Điện Biên", "province"),
    ("Sơn La", "province"), ("Lạng Sơn", "province"), ("Quảng Ninh", "province"), ("Thanh Hóa", "province"),
    ("Nghệ An", "province"), ("Hà Tĩnh", "province"), ("Cao Bằng", "province"), ("Tuyên Quang", "province"),
    ("Lào Cai", "province"), ("Thái Nguyên", "province"), ("Phú Thọ", "province"), ("Bắc Ninh", "province"),
    ("Hưng Yên", "province"), ("Hải Phòng", "city"), ("Ninh Bình", "province"), ("Quảng Trị", "province"),
    ("Đà Nẵng", "city"), ("Quảng Ngãi", "province"), ("Gia Lai", "province"), ("Khánh Hòa", "province"),
    ("Lâm Đồng", "province"), ("Đắk Lắk", "province"), ("Hồ Chí Minh", "city"), ("Đồng Nai", "province"),
    ("Tây Ninh", "province"), ("Cần Thơ", "city"), ("Vĩnh Long", "province"), ("Đồng Tháp", "province"),
    ("Cà Mau", "province"), ("An Giang", "province"),
]  # fmt: skip
PLACE_WORDS = ("An Bình Phú Tân Hòa Long Thạnh Phước Hưng Đông Tây Nam Bắc Trung Thuận Lợi Hiệp Mỹ Sơn Thủy "
               "Quang Vĩnh Xuân Hải Minh Đức Thành Lộc Khánh Thịnh Hồng Phong Yên Cẩm Kim Ngọc").split()  # fmt: skip
AGENCIES = ["Cơ quan Đảng ủy", "Ủy ban nhân dân", "Công an", "Quân sự", "Trạm Y tế", "Trường Mầm non",
            "Trường Tiểu học", "Trường THCS", "Hợp tác xã", "Bưu điện"]  # fmt: skip
SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 10), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 2), ("Phan", 4),
            ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1), ("Ngô", 1), ("Dương", 1),
            ("Lý", 1)]  # fmt: skip
MIDDLE = {"M": ["Văn", "Đức", "Hữu", "Minh", "Quang", "Công", "Thanh", "Xuân", "Ngọc"],
          "F": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Mai"]}  # fmt: skip
GIVEN = {"M": "Anh Bình Cường Dũng Đạt Hải Hùng Hưng Khánh Long Minh Nam Phong Phúc Quân Sơn Tài Thắng Toàn Trung "
              "Tuấn Việt Vinh".split(),
         "F": "An Bích Chi Dung Giang Hà Hạnh Hoa Hương Lan Liên Linh Loan Mai Nga Nhung Oanh Phương Thảo Thủy "
              "Trang Vân Yến".split()}  # fmt: skip
SECRETARIES = ["Nguyễn Văn Hải", "Trần Thị Lan", "Lê Quang Minh", "Phạm Đức Toàn", "Võ Thị Hồng", "Huỳnh Văn Long"]

ETHNICITIES = [("Kinh", 85), ("Tày", 3), ("Thái", 2), ("Mường", 2), ("Khmer", 2), ("Hoa", 1), ("Nùng", 1),
               ("H'Mông", 1), ("Dao", 1), ("Chăm", 1), ("Ê Đê", 1)]  # fmt: skip
RELIGIONS = [("Không", 83), ("Phật giáo", 9), ("Công giáo", 6), ("Tin lành", 1), ("Cao Đài", 1)]
OCCUPATIONS = [("state_official", 6), ("party_official", 4), ("commune_official", 8), ("neighbourhood", 6),
               ("public_employee", 20), ("nonpublic_employee", 3), ("enterprise_manager", 3),
               ("enterprise_staff", 8), ("enterprise_worker", 8), ("farmer", 12), ("armed_forces", 4),
               ("university_student", 2), ("pupil", 1), ("other", 15)]  # fmt: skip
EDUCATION = [("upper_secondary", 80), ("lower_secondary", 12), ("primary", 6), ("literate", 2)]
QUALIFICATION = [("none", 15), ("elementary", 10), ("intermediate", 15), ("college", 10), ("university", 42),
                 ("master", 7), ("doctor", 1)]  # fmt: skip
THEORY = [("none", 30), ("elementary", 45), ("intermediate", 20), ("advanced", 5)]
LEVELS = [("excellent", 12), ("good", 70), ("completed", 16), ("not_completed", 2)]
UNIT_LEVELS = [("excellent", 15), ("good", 65), ("completed", 17), ("not_completed", 3)]
SCOPES = [("in_province", 60), ("other_province", 30), ("", 10)]
DEATH_REASONS = [("died", 7), ("", 3)]
REMOVAL_REASONS = [("struck_off", 55), ("expelled", 15), ("resigned", 15), ("", 15)]
TRANSFER_REASONS = [("transferred", 85), ("", 15)]
COMMITTEE_KINDS = [("commune", 78), ("ward", 21), ("township", 1)]
# A target line that no real_targets line gives: the band shape, as docs/targets.md writes it.
EXTRA_TARGETS = ["tỷ suất sinh bình quân hằng năm 10-12‰"]


_CUMULATIVE: dict[int, tuple[list, list, float]] = {}


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    key = id(weighted)  # the tables above: module constants, never a temporary list
    if key not in _CUMULATIVE:
        cum, total = [], 0
        for _, w in weighted:
            total += w
            cum.append(total)
        _CUMULATIVE[key] = ([v for v, _ in weighted], cum, total)
    values, cum, total = _CUMULATIVE[key]
    return values[bisect.bisect(cum, rng.random() * total)]


def between(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo if hi <= lo else lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def years_after(d: dt.date, n: int) -> dt.date:
    return d.replace(year=d.year + n, day=min(d.day, 28))


# --- values as each database takes them ----------------------------------------------------------


def pg_text(v) -> str:
    """One value in COPY's text format."""
    if v is None:
        return r"\N"
    if v is True:
        return "t"
    if v is False:
        return "f"
    if isinstance(v, str):
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    return str(v)


def sqlite_value(v):
    """One value as Django stores it on SQLite (datetimes in UTC, decimals as text, booleans as 0/1)."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date | Decimal):
        return str(v)
    return v


class Spec:
    """A model's table: its columns in order, and the defaults of the fields a row leaves out."""

    def __init__(self, model, first: tuple[str, ...] = ()):
        fields = list(model._meta.concrete_fields)
        by_name = {f.attname: f for f in fields}
        order = [*first, *(f.attname for f in fields if f.attname not in first)]
        self.model = model
        self.table = model._meta.db_table
        self.names = order
        self.columns = [f'"{by_name[n].column}"' for n in order]  # quoted: Transfer has a column "on"
        self.defaults = {}
        for n in order:
            f = by_name[n]
            auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            self.defaults[n] = NOW if auto else f.get_default() if f.has_default() else None

    def row(self, **values) -> tuple:
        unknown = values.keys() - self.defaults.keys()
        if unknown:
            raise KeyError(f"{self.table}: {unknown}")
        return tuple(values[n] if n in values else self.defaults[n] for n in self.names)


# --- targets -------------------------------------------------------------------------------------


def target_table() -> list[dict]:
    """31 real target lines covering every shape, each parsed once: the model fields of each."""
    from chitieu.core.targets import Shape, parse_target
    from chitieu.plans.workflow import target_fields

    by_shape: dict[str, list] = {}
    texts = []
    for name in sorted(glob.glob(str(ROOT / "tests/core/real_targets/*.toml"))):
        with open(name, "rb") as f:
            texts += [line["text"] for line in tomllib.load(f)["line"]]
    for text in EXTRA_TARGETS + texts:
        try:
            core = parse_target(text)
        except ValueError:
            continue
        by_shape.setdefault(core.shape.value, []).append(core)
    chosen = []
    for rank in range(3):
        for shape in Shape:
            lines = by_shape.get(shape.value, [])
            if rank < len(lines) and len(chosen) < 31:
                chosen.append(lines[rank * 7 % len(lines)] if rank else lines[0])
    missing = {s.value for s in Shape} - {c.shape.value for c in chosen}
    if missing:
        raise SystemExit(f"no target line of shape {missing}")
    out = []
    for core in chosen:
        fields = target_fields(core, number=0)
        out.append({k: getattr(v, "value", v) for k, v in fields.items() if k not in ("number", "year")})
    return out


def result_values(t: dict) -> list[Decimal]:
    """Plausible yearly results of a target: around its value, as its shape reads them."""
    shape, v = t["shape"], Decimal(t["value"])
    if shape == "yes_no":
        return [Decimal(1)] * 6 + [Decimal(0)]
    if shape == "zero":
        return [Decimal(0)] * 6 + [Decimal(1), Decimal(2)]
    if shape == "rating_level":
        return [max(Decimal(1), min(Decimal(4), v + d)) for d in (0, 0, 0, 1, -1)]
    out = []
    for f in ("0.7", "0.85", "0.95", "1", "1", "1.05", "1.12", "1.25"):
        x = v * Decimal(f)
        if t["unit"] == "%" and v <= 100:
            x = min(x, Decimal(100))
        out.append(x.quantize(Decimal(1)) if x >= 1000 else x.quantize(Decimal("0.01")))
    return out


# --- members ------------------------------------------------------------------------------------


class Profile:
    """The dated history and statistical fields of one member record, shared by many records."""

    __slots__ = ("vals", "text", "sql", "has_card", "ratings", "ratings_sql", "on_2023", "cont", "left_on", "out")


def make_profile(rng: random.Random, spec_cols: list[str], defaults: dict, *, cont_of: dict | None = None):
    """A profile: a member's fields (without id, committee, branch, previous, name, card)."""
    if cont_of is None:
        f = member_fields(rng)
    else:  # the record a transfer opens at the receiving committee: the same person, from the transfer
        f = dict(cont_of)
        f.update(joined_on=cont_of["left_on"], left_on=None, transferred_in=True, entry_kind="transferred_in",
                 transfer_scope="in_province", leave_reason="", leave_scope="",
                 status="full" if cont_of["full_on"] else "probationary")  # fmt: skip
    p = Profile()
    p.vals = tuple(f[c] if c in f else defaults[c] for c in spec_cols)
    p.text = "\t".join(map(pg_text, p.vals)) + "\n"
    p.sql = tuple(map(sqlite_value, p.vals))
    p.has_card = f["_card"]
    entry = f["joined_on"] or f["admitted_on"]

    def on_roll(day):
        return entry <= day and (f["left_on"] is None or f["left_on"] > day)

    years = []
    for y in RATING_YEARS:
        end = dt.date(y, 12, 31)
        if on_roll(end) and not (f["exempt_since"] and f["exempt_since"] <= end) and rng.random() > 0.02:
            years.append((y, pick(rng, LEVELS)))
    p.ratings = tuple(f"\t{y}\t{lv}\t\\N\n" for y, lv in years)
    p.ratings_sql = tuple(years)
    p.on_2023 = on_roll(dt.date(2023, 12, 31))
    p.left_on = f["left_on"]
    p.out = f["status"] == "transferred_out"
    p.cont = None
    if p.out and f["leave_scope"] == "in_province" and cont_of is None:
        p.cont = make_profile(rng, spec_cols, defaults, cont_of=f)
    return p


def member_fields(rng: random.Random) -> dict:
    year = 1950 + min(75, int(76 * rng.betavariate(2.2, 1.2)))
    admitted = between(rng, dt.date(year, 1, 1), min(dt.date(year, 12, 31), TODAY))
    age = min(45, 18 + int(abs(rng.gauss(0, 7))))
    birth = between(rng, dt.date(admitted.year - age - 1, admitted.month, 1), dt.date(admitted.year - age, 1, 1))
    f = {"birth_date": birth, "sex": "F" if rng.random() < 0.4 else "M", "admitted_on": admitted,
         "transferred_in": False, "joined_on": None, "entry_kind": "admitted", "transfer_scope": "",
         "leave_reason": "", "leave_scope": "", "left_on": None, "created_at": NOW}  # fmt: skip
    r = rng.random()
    if r < 0.12 and years_after(admitted, 1) < TODAY:
        f.update(entry_kind="transferred_in", transferred_in=True, transfer_scope=pick(rng, SCOPES),
                 joined_on=between(rng, years_after(admitted, 1), TODAY))  # fmt: skip
    elif r < 0.125 and years_after(admitted, 3) < TODAY:
        f.update(entry_kind="restored", joined_on=between(rng, years_after(admitted, 3), TODAY))
    elif r < 0.135:
        f["entry_kind"] = "readmitted"
    if rng.random() < 0.05:  # an old record: how the member came was not recorded
        f["entry_kind"] = ""
    entry = f["joined_on"] or admitted
    full = years_after(admitted, 1) if (admitted.month, admitted.day) == (2, 29) else admitted.replace(year=year + 1)
    f["full_on"] = full if full <= TODAY and rng.random() > 0.01 else None

    dead_p = 0.75 if birth.year < 1935 else 0.45 if birth.year < 1945 else 0.2 if birth.year < 1955 else 0.02
    r = rng.random()
    if r < dead_p:
        lo = max(entry + dt.timedelta(days=30), years_after(birth, 55), dt.date(1995, 1, 1))
        if lo < TODAY:
            f.update(left_on=between(rng, lo, TODAY), status="deceased", leave_reason=pick(rng, DEATH_REASONS))
    elif r < dead_p + 0.02:
        reason = pick(rng, REMOVAL_REASONS)
        left = between(rng, max(entry + dt.timedelta(days=60), dt.date(2000, 1, 1)), TODAY)
        if left < TODAY:
            f.update(left_on=left, status="removed", leave_reason=reason)
    elif r < dead_p + 0.09:
        lo = max(entry + dt.timedelta(days=180), dt.date(2005, 1, 1))
        if lo < TODAY:
            reason = pick(rng, TRANSFER_REASONS)
            f.update(left_on=between(rng, lo, TODAY), status="transferred_out", leave_reason=reason,
                     leave_scope=pick(rng, SCOPES))  # fmt: skip
    if f["left_on"] is None:
        f["status"] = "full" if f["full_on"] else "probationary"

    legacy = rng.random() < 0.10  # typed before the statistical fields existed

    def field(weighted):
        return "" if legacy or rng.random() < 0.02 else pick(rng, weighted)

    age_now = TODAY.year - birth.year
    f.update(
        ethnicity=field(ETHNICITIES),
        religion=field(RELIGIONS),
        occupation="retired" if age_now > 62 and not legacy and rng.random() < 0.85 else field(OCCUPATIONS),
        education=field(EDUCATION),
        qualification=field(QUALIFICATION),
        theory=field(THEORY),
        youth_union=None if legacy or rng.random() < 0.02 else (age <= 30 and rng.random() < 0.85),
        business_owner=rng.random() < 0.01,
        academic_title="assoc_prof" if rng.random() < 0.002 else "",
        card_issued_on=None,
        exempt_since=None,
    )
    f["_card"] = bool(f["full_on"]) and rng.random() < 0.95
    if f["_card"] and not legacy:
        f["card_issued_on"] = min(TODAY, f["full_on"] + dt.timedelta(days=rng.randint(60, 400)))
    if age_now >= 75 and rng.random() < 0.4:
        f["exempt_since"] = between(rng, years_after(birth, 75), TODAY)
    return f


def name_pool(rng: random.Random) -> dict[str, list[str]]:
    return {sex: [f"{pick(rng, SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}" for _ in range(4096)]
            for sex in ("M", "F")}  # fmt: skip


# --- the tree ------------------------------------------------------------------------------------


def layout(size: str, seed: int):
    """Provinces, their committees and branches, with ids in depth-first order."""
    rng = random.Random(seed)
    if size == "province":
        provinces = [("Đồng Tháp", "province", PROVINCE_COMMITTEES)]
    else:
        weights = [rng.uniform(55, 175) for _ in PROVINCES]
        counts = [int(COMMITTEES * w / sum(weights)) for w in weights]
        for i in range(COMMITTEES - sum(counts)):
            counts[i] += 1
        provinces = [(n, k, c) for (n, k), c in zip(PROVINCES, counts, strict=True)]
    places = [f"{a} {b}" for a in PLACE_WORDS for b in PLACE_WORDS if a != b]
    next_id = 1
    tree = []
    for pname, pkind, count in provinces:
        pid, next_id = next_id, next_id + 1
        names = rng.sample(places, count)
        committees = []
        for c in range(count):
            cid, next_id = next_id, next_id + 1
            kind = pick(rng, COMMITTEE_KINDS)
            n_branches = rng.randint(8, 21)
            agencies = rng.randint(3, min(8, n_branches - 3))
            branches = []
            for b in range(n_branches):
                bid, next_id = next_id, next_id + 1
                if b < n_branches - agencies:
                    label = f"Tổ dân phố {b + 1}" if kind == "ward" else f"Thôn {b + 1}"
                    branches.append((bid, label, "residential"))
                else:
                    branches.append((bid, AGENCIES[(b - n_branches + agencies) % len(AGENCIES)], "agency"))
            committees.append((cid, kind, names[c], branches))
        tree.append((pid, pkind, pname, committees))
    return tree


# --- the loaders -------------------------------------------------------------------------------


class Timings:
    def __init__(self):
        self.rows: list[tuple[str, int, float]] = []

    def add(self, name: str, n: int, seconds: float) -> None:
        self.rows.append((name, n, seconds))
        rate = f"{n / seconds:>12,.0f} rows/s" if n and seconds > 0 else ""
        count = f"{n:>12,} rows" if n else " " * 17
        print(f"  {name:<52} {count} {seconds:>8.1f} s {rate}", flush=True)


class PgLoader:
    kind = "postgres"

    def __init__(self, url: str):
        import psycopg

        self.url = url
        self.conn = self.connect()
        self.psycopg = psycopg

    def connect(self):
        import psycopg

        conn = psycopg.connect(self.url, autocommit=True)
        # The ids come from the generator and are checked after the load: no foreign-key trigger per row.
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '1GB'")
        return conn

    def copy(self, spec: Spec, rows, conn=None, freeze: bool = False) -> int:
        """COPY the rows (tuples in ``spec``'s order) in one transaction."""
        from psycopg.copy import QueuedLibpqWriter

        conn = conn or self.conn
        n = 0
        with conn.transaction(), conn.cursor() as cur:
            if freeze:
                cur.execute(f"TRUNCATE {spec.table}")
            stmt = f"COPY {spec.table} ({', '.join(spec.columns)}) FROM STDIN{' (FREEZE)' if freeze else ''}"
            with cur.copy(stmt, writer=QueuedLibpqWriter(cur)) as cp:
                buf = []
                for r in rows:
                    buf.append("\t".join(map(pg_text, r)) + "\n")
                    if len(buf) >= 10_000:
                        cp.write("".join(buf))
                        n += len(buf)
                        buf.clear()
                cp.write("".join(buf))
                n += len(buf)
        return n

    def secondary_indexes(self, table: str) -> list[tuple[str, str, str]]:
        """(kind, name, definition) of the unique constraints and plain indexes, not the primary key."""
        out = []
        for name, definition in self.conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'u' ORDER BY conname",
            (table,),
        ):
            out.append(("constraint", name, definition))
        for name, definition in self.conn.execute(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = "
            "x.indexrelid) ORDER BY i.relname",
            (table,),
        ):
            out.append(("index", name, definition))
        return out

    def drop_index(self, table: str, kind: str, name: str) -> None:
        if kind == "constraint":
            self.conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        else:
            self.conn.execute(f'DROP INDEX "{name}"')

    def create_index(self, table: str, kind: str, name: str, definition: str, conn=None) -> None:
        conn = conn or self.conn
        if kind == "constraint":
            conn.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        else:
            conn.execute(definition)

    def index_lanes(self) -> list:
        return [self.conn, self.connect()]

    def reset_sequences(self, tables: list[str]) -> None:
        for table in tables:
            seq = self.conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()[0]
            if seq:
                self.conn.execute(f"SELECT setval(%s, (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)", (seq,))

    def finish(self, big: list[str], timings: Timings) -> None:
        for table in big:
            t = time.perf_counter()
            self.conn.execute(f"VACUUM (ANALYZE) {table}")
            timings.add(f"VACUUM ANALYZE {table}", 0, time.perf_counter() - t)
        t = time.perf_counter()
        self.conn.execute("ANALYZE")
        timings.add("ANALYZE (the rest)", 0, time.perf_counter() - t)


class SqliteLoader:
    kind = "sqlite"

    def __init__(self, path: str):
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("PRAGMA cache_size = -500000")
        self.conn.execute("PRAGMA foreign_keys = OFF")

    def insert_sql(self, table: str, columns: list[str]) -> str:
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

    def copy(self, spec: Spec, rows, conn=None, freeze: bool = False) -> int:
        sql = self.insert_sql(spec.table, spec.columns)
        n = 0
        self.conn.execute("BEGIN")
        buf = []
        for r in rows:
            buf.append(tuple(map(sqlite_value, r)))
            if len(buf) >= 10_000:
                self.conn.executemany(sql, buf)
                n += len(buf)
                buf.clear()
        self.conn.executemany(sql, buf)
        self.conn.execute("COMMIT")
        return n + len(buf)

    def secondary_indexes(self, table: str) -> list[tuple[str, str, str]]:
        return [("index", name, sql) for name, sql in self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY name", (table,))]  # fmt: skip

    def drop_index(self, table: str, kind: str, name: str) -> None:
        self.conn.execute(f'DROP INDEX "{name}"')

    def index_lanes(self) -> list:
        return [self.conn]  # one SQLite writer

    def create_index(self, table: str, kind: str, name: str, definition: str, conn=None) -> None:
        self.conn.execute(definition)

    def reset_sequences(self, tables: list[str]) -> None:
        pass  # SQLite moves sqlite_sequence past the largest id inserted

    def finish(self, big: list[str], timings: Timings) -> None:
        t = time.perf_counter()
        self.conn.execute("ANALYZE")
        timings.add("ANALYZE", 0, time.perf_counter() - t)


# --- generation ----------------------------------------------------------------------------------


class Counter:
    def __init__(self):
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def load(loader, size: str, seed: int, drop_indexes: bool) -> dict:
    from chitieu.orgs.models import Unit
    from chitieu.party.models import BranchInfo, Member, MemberRating, ResidentialGroup, Transfer, UnitRating
    from chitieu.plans.models import Result, Target, Term

    timings = Timings()
    started = time.perf_counter()
    tree = layout(size, seed)
    S = {m: Spec(m) for m in (Unit, ResidentialGroup, BranchInfo, Term, Target, Result, UnitRating, Transfer)}

    # --- the tree, the plans, the unit ratings: small tables, one COPY each in dependency order
    # The country: one root above the 34 provinces (Kind.COUNTRY), the unit of the national page.
    root = 1 + max(bid for _p, _k, _n, cs in tree for _c, _k2, _n2, bs in cs for bid, _b, _bk in bs) if tree else 1

    def units():
        top = ""
        if size == "country":
            yield S[Unit].row(id=root, kind="country", name="Việt Nam", parent_id=None, path=f"/{root}/")
            top = f"/{root}"
        for pid, pkind, pname, committees in tree:
            parent = root if top else None
            yield S[Unit].row(id=pid, kind=pkind, name=pname, parent_id=parent, path=f"{top}/{pid}/")
            for cid, kind, name, branches in committees:
                yield S[Unit].row(id=cid, kind=kind, name=name, parent_id=pid, path=f"{top}/{pid}/{cid}/")
                for bid, bname, bkind in branches:
                    yield S[Unit].row(id=bid, kind="branch", name=bname, parent_id=cid,
                                      path=f"{top}/{pid}/{cid}/{bid}/", branch_kind=bkind)  # fmt: skip

    groups: dict[int, int] = {}  # branch id -> residential group id

    def residential_groups():
        gid = 0
        for _, _, _, committees in tree:
            for cid, _, _, branches in committees:
                for bid, bname, bkind in branches:
                    if bkind == "residential":
                        gid += 1
                        groups[bid] = gid
                        yield S[ResidentialGroup].row(id=gid, committee_id=cid, name=bname)

    def branch_infos():
        rng = random.Random(seed * 7 + 1)
        for _, _, _, committees in tree:
            for _, _, _, branches in committees:
                for bid, _, _ in branches:
                    founded = between(rng, dt.date(1975, 1, 1), dt.date(2015, 12, 31))
                    yield S[BranchInfo].row(branch_id=bid, residential_group_id=groups.get(bid), founded_on=founded)

    def terms():
        rng = random.Random(seed * 7 + 2)
        tid = 0
        for _, _, _, committees in tree:
            for cid, _, _, _ in committees:
                tid += 1
                yield S[Term].row(id=tid, committee_id=cid, start_year=TERM[0], end_year=TERM[1],
                                  congress_ordinal=rng.randint(15, 30),
                                  congress_date=between(rng, dt.date(2020, 4, 1), dt.date(2020, 7, 31)),
                                  secretary=rng.choice(SECRETARIES))  # fmt: skip

    table = target_table()
    candidates = [result_values(t) for t in table]
    with_results: list[tuple[int, int]] = []  # (target id, index in the table)

    def targets():
        rng = random.Random(seed * 7 + 3)
        target_id = tid = 0
        for _, _, _, committees in tree:
            for _ in committees:
                tid += 1
                first = rng.randrange(len(table))
                order = [(first + i) % len(table) for i in range(TARGETS_PER_COMMITTEE)]
                no_result = set(rng.sample(range(TARGETS_PER_COMMITTEE), TARGETS_PER_COMMITTEE - TARGETS_WITH_RESULTS))
                for number, k in enumerate(order, 1):
                    target_id += 1
                    if number - 1 not in no_result:
                        with_results.append((target_id, k))
                    yield S[Target].row(id=target_id, term_id=tid, number=number, **table[k])

    def results():
        rng = random.Random(seed * 7 + 4)
        rid = 0
        for target_id, k in with_results:
            for year in RATING_YEARS:
                rid += 1
                r = rng.random()
                if year < 2024:
                    status = "approved" if r < 0.93 else "submitted" if r < 0.97 else "draft"
                else:
                    status = "approved" if r < 0.6 else "submitted" if r < 0.85 else "draft"
                at = dt.datetime(year + 1, 1, 15, 9, tzinfo=dt.UTC)
                yield S[Result].row(id=rid, target_id=target_id, year=year, value=rng.choice(candidates[k]),
                                    status=status, entered_at=at)  # fmt: skip

    def unit_ratings():
        rng = random.Random(seed * 7 + 5)
        rid = 0
        for _, _, _, committees in tree:
            for cid, _, _, branches in committees:
                for year in RATING_YEARS:
                    for uid in (cid, *(b[0] for b in branches)):
                        if rng.random() > 0.02:
                            rid += 1
                            yield S[UnitRating].row(id=rid, unit_id=uid, committee_id=cid, year=year,
                                                    level=pick(rng, UNIT_LEVELS))  # fmt: skip

    print("tables (in dependency order):")
    for model, rows in ((Unit, units), (ResidentialGroup, residential_groups), (BranchInfo, branch_infos),
                        (Term, terms), (Target, targets), (Result, results), (UnitRating, unit_ratings)):  # fmt: skip
        t = time.perf_counter()
        n = loader.copy(S[model], rows())
        timings.add(S[model].table, n, time.perf_counter() - t)

    # --- members and their ratings: streamed committee by committee
    t = time.perf_counter()
    mspec = Spec(Member, first=("id", "committee_id", "branch_id", "previous_id", "full_name", "card_number"))
    rspec = Spec(MemberRating, first=("id", "member_id", "committee_id", "branch_id", "year", "level", "score"))
    prof_cols = mspec.names[6:]
    rng = random.Random(seed * 7 + 6)
    pool = [make_profile(rng, prof_cols, mspec.defaults) for _ in range(PROFILES)]
    names = name_pool(rng)
    cont_share = sum(p.cont is not None for p in pool) / len(pool)
    timings.add(f"member profiles (pool, {cont_share:.1%} moving)", len(pool), time.perf_counter() - t)

    big = [mspec.table, rspec.table]
    saved = {}
    if drop_indexes:
        t = time.perf_counter()
        for table_name in big:
            saved[table_name] = loader.secondary_indexes(table_name)
            for kind, name, _ in saved[table_name]:
                loader.drop_index(table_name, kind, name)
        timings.add("drop secondary indexes", sum(map(len, saved.values())), time.perf_counter() - t)

    counts = {"members": 0, "ratings": 0, "transfers": 0}
    expected_2023: dict[int, int] = {}
    sample = set()
    for _, _, _, committees in tree:
        sample.update({committees[0][0], committees[len(committees) // 2][0], committees[-1][0]})
    transfer_spool = tempfile.TemporaryFile("w+", encoding="utf-8")
    pg = loader.kind == "postgres"
    own_mean = MEMBERS_PER_COMMITTEE / (1 + cont_share)
    t = time.perf_counter()
    cpu = time.process_time()

    SEX = prof_cols.index("sex")
    JOINED = prof_cols.index("joined_on")

    def stream(write_members, write_ratings):
        mid = rid = trid = 0
        for _, _, _, committees in tree:
            pending = []  # transfers out to the next committee of the province
            for ci, (cid, _, _, branches) in enumerate(committees):
                crng = random.Random(seed * 1_000_003 + cid)
                bids = [b[0] for b in branches]
                weights = [3 if b[2] == "residential" else 1 for b in branches]
                n = round(own_mean * crng.uniform(0.45, 1.55))
                chosen = [(p, None, None, None) for p in crng.choices(pool, k=n)]
                chosen += [(p.cont, prev, name, card) for p, prev, name, card, _ in pending]
                old_branch = {x[1]: x[4] for x in pending}
                pending_next = []
                branch_of = crng.choices(bids, weights, k=len(chosen))
                mout, rout = [], []
                on_2023 = 0
                for (p, prev, name, card), bid in zip(chosen, branch_of, strict=True):
                    mid += 1
                    if name is None:
                        pool_names = names["F" if p.vals[0 + SEX] == "F" else "M"]
                        name = pool_names[(mid * 2_654_435_761) & 4095]
                        card = str(100_000_000 + mid) if p.has_card else ""
                    if pg:
                        mout.append(f"{mid}\t{cid}\t{bid}\t{prev or NULL}\t{name}\t{card}\t{p.text}")
                        head = f"\t{mid}\t{cid}\t{bid}"
                        for suffix in p.ratings:
                            rid += 1
                            rout.append(f"{rid}{head}{suffix}")
                    else:
                        mout.append((mid, cid, bid, prev, name, card, *p.sql))
                        for year, level in p.ratings_sql:
                            rid += 1
                            rout.append((rid, mid, cid, bid, year, level, None))
                    on_2023 += p.on_2023
                    if prev:  # the transfer that opened this record
                        trid += 1
                        tr = (trid, prev, p.vals[JOINED], old_branch[prev], bid, mid, "")
                        transfer_spool.write("\t".join(map(pg_text, tr)) + "\n")
                    elif p.out:
                        if p.cont is not None and ci + 1 < len(committees):
                            pending_next.append((p, mid, name, card, bid))
                        else:
                            trid += 1
                            tr = (trid, mid, p.left_on, bid, None, None, "Đảng bộ ngoài hệ thống")
                            transfer_spool.write("\t".join(map(pg_text, tr)) + "\n")
                pending = pending_next
                if cid in sample:
                    expected_2023[cid] = on_2023
                write_members(mout)
                write_ratings(rout)
                counts["members"] += len(mout)
                counts["ratings"] += len(rout)
        counts["transfers"] = trid

    tspec_cols = ["id", "member_id", "on", "from_branch_id", "to_branch_id", "new_member_id", "destination"]
    if pg:
        from psycopg.copy import QueuedLibpqWriter

        conn_r = loader.connect()
        with loader.conn.transaction(), conn_r.transaction():
            cm, cr = loader.conn.cursor(), conn_r.cursor()
            cr.execute(f"TRUNCATE {rspec.table}")  # FREEZE needs the table emptied in the same transaction
            with (
                cm.copy(f"COPY {mspec.table} ({', '.join(mspec.columns)}) FROM STDIN",
                        writer=QueuedLibpqWriter(cm)) as cpm,
                cr.copy(f"COPY {rspec.table} ({', '.join(rspec.columns)}) FROM STDIN (FREEZE)",
                        writer=QueuedLibpqWriter(cr)) as cpr,
            ):  # fmt: skip
                stream(lambda rows: cpm.write("".join(rows)), lambda rows: cpr.write("".join(rows)))
        conn_r.close()
    else:
        msql = loader.insert_sql(mspec.table, mspec.columns)
        rsql = loader.insert_sql(rspec.table, rspec.columns)
        loader.conn.execute("BEGIN")
        stream(lambda rows: loader.conn.executemany(msql, rows), lambda rows: loader.conn.executemany(rsql, rows))
        loader.conn.execute("COMMIT")
    seconds = time.perf_counter() - t
    cpu = time.process_time() - cpu
    print(f"  (members and ratings streamed together: {seconds:.1f} s wall, {cpu:.1f} s of Python CPU)")
    timings.add(f"{mspec.table} + {rspec.table}", counts["members"] + counts["ratings"], seconds)
    print(f"    {counts['members']:,} members, {counts['ratings']:,} member ratings")

    t = time.perf_counter()
    transfer_spool.seek(0)
    tspec = S[Transfer]
    n = counts["transfers"]
    cols = [tspec.columns[tspec.names.index(c)] for c in tspec_cols] + ["created_at", "temporary"]
    if pg:
        with loader.conn.transaction(), loader.conn.cursor() as cur:
            with cur.copy(f"COPY {tspec.table} ({', '.join(cols)}) FROM STDIN") as cp:
                suffix = f"\t{pg_text(NOW)}\tf\n"
                for line in transfer_spool:
                    cp.write(line[:-1] + suffix)
    else:
        sql = loader.insert_sql(tspec.table, cols)
        loader.conn.execute("BEGIN")
        now = sqlite_value(NOW)

        def tr_rows():
            for line in transfer_spool:
                v = [None if x == r"\N" else x for x in line[:-1].split("\t")]
                yield (*v, now, 0)

        loader.conn.executemany(sql, tr_rows())
        loader.conn.execute("COMMIT")
    transfer_spool.close()
    timings.add(tspec.table, n, time.perf_counter() - t)

    if drop_indexes:
        # Two connections build the indexes side by side (a build is one core's sort; the machine has
        # two): the ratings' (the larger table) first. An index's build waits for a constraint's
        # on the same table (its lock), never the other way round for long.
        work = [(table_name, *index) for table_name in reversed(big) for index in saved[table_name]]
        t_all = time.perf_counter()

        def build(conn, items) -> None:
            for table_name, kind, name, definition in items:
                t = time.perf_counter()
                loader.create_index(table_name, kind, name, definition, conn=conn)
                timings.add(f"index {name}", 0, time.perf_counter() - t)

        lanes = loader.index_lanes()
        with ThreadPoolExecutor(max_workers=len(lanes)) as pool:
            list(pool.map(build, lanes, [work[i :: len(lanes)] for i in range(len(lanes))]))
        timings.add(f"indexes ({len(lanes)} at a time), wall", 0, time.perf_counter() - t_all)
    loader.reset_sequences([S[m].table for m in S if m._meta.pk.attname == "id"] + big)
    loader.finish(big, timings)
    total = time.perf_counter() - started
    print(f"  {'total':<52} {'':>17} {total:>8.1f} s")
    member_secs = sum(s for name, _, s in timings.rows if name.startswith(("member profiles", "drop secondary",
                      f"{mspec.table} +", "indexes (", "VACUUM", "ANALYZE")))  # fmt: skip
    print(f"  members + ratings (profiles, stream, indexes, vacuum/analyze): {member_secs:.1f} s")
    return {"tree": tree, "expected_2023": expected_2023, "counts": counts, "timings": timings}


# --- checks --------------------------------------------------------------------------------------


def validate(loader, info: dict) -> bool:
    from django.db import connection
    from django.db.models import Count

    from chitieu.orgs.models import Unit
    from chitieu.party.models import Member
    from chitieu.party.records import members_on
    from chitieu.plans.models import Result

    ok = True
    print("checks:")
    day = dt.date(2023, 12, 31)
    for cid, expected in sorted(info["expected_2023"].items())[:6]:
        unit = Unit.objects.get(pk=cid)
        t = time.perf_counter()
        got = members_on(unit, day).count()
        ms = (time.perf_counter() - t) * 1000
        total = Member.objects.filter(committee=unit).count()
        good = got == expected
        ok &= good
        print(f"  {unit.title}: {got:,} members on 31/12/2023 of {total:,} records (expected {expected:,}) "
              f"{'ok' if good else 'WRONG'}, {ms:.0f} ms")  # fmt: skip
    t = time.perf_counter()
    dupes = Result.objects.values("target_id", "year").annotate(n=Count("id")).filter(n__gt=1).count()
    ok &= dupes == 0
    print(f"  results with two rows for one target and year: {dupes} ({time.perf_counter() - t:.1f} s)")
    pid, _, pname, committees = info["tree"][-1]
    province = Unit.objects.get(pk=pid)
    expected = 1 + len(committees) + sum(len(c[3]) for c in committees)
    t = time.perf_counter()
    got = Unit.objects.filter(path__startswith=province.path).count()
    ms = (time.perf_counter() - t) * 1000
    ok &= got == expected
    print(f"  subtree of {province.title} by path prefix {province.path!r}: {got:,} units (expected {expected:,}), "
          f"{ms:.0f} ms")  # fmt: skip
    with connection.cursor() as cur:
        for label, sql in (
            ("member ratings whose member is missing",
             "SELECT count(*) FROM party_memberrating r WHERE NOT EXISTS "
             "(SELECT 1 FROM party_member m WHERE m.id = r.member_id)"),
            ("members whose branch is not a branch of their committee",
             "SELECT count(*) FROM party_member m WHERE NOT EXISTS (SELECT 1 FROM orgs_unit u "
             "WHERE u.id = m.branch_id AND u.parent_id = m.committee_id AND u.kind = 'branch')"),
            ("members whose previous record is missing",
             "SELECT count(*) FROM party_member m WHERE m.previous_id IS NOT NULL AND NOT EXISTS "
             "(SELECT 1 FROM party_member p WHERE p.id = m.previous_id)"),
        ):  # fmt: skip
            t = time.perf_counter()
            cur.execute(sql)
            n = cur.fetchone()[0]
            ok &= n == 0
            print(f"  {label}: {n} ({time.perf_counter() - t:.1f} s)")
    return ok


# --- main ----------------------------------------------------------------------------------------


def scratch_postgres(name: str, replace: bool) -> str:
    import psycopg
    from psycopg import sql

    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", name) or name in ("test", "postgres", "template0", "template1"):
        sys.exit(f"--pg-name needs a database of its own, not {name!r}")
    with psycopg.connect(os.environ.get("CHITIEU_PG_ADMIN_URL", PG_ADMIN), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            if not replace:
                sys.exit(f"database {name!r} exists already: give --replace to build it again")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("province", "country"), default="province")
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument(
        "--pg-name", default="chitieu_national", help="the PostgreSQL database (default chitieu_national)"
    )
    parser.add_argument("--path", help="the SQLite file (--db sqlite)")
    parser.add_argument("--replace", action="store_true", help="drop and build again an existing database or file")
    parser.add_argument("--indexes", choices=("drop", "keep"), default="drop",
                        help="drop the members' and ratings' secondary indexes while loading (default)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="chitieu-national-")
    os.environ["CHITIEU_HOME"] = home
    os.environ.setdefault("CHITIEU_TESTING", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "chitieu.settings"
    if args.db == "postgres":
        os.environ["DATABASE_URL"] = url = scratch_postgres(args.pg_name, args.replace)
    else:
        if not args.path:
            sys.exit("--db sqlite needs --path FILE")
        path = Path(args.path).resolve()
        if path.exists():
            if not args.replace:
                sys.exit(f"{path} exists already: give --replace to build it again")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"{args.size} on {connection.vendor} ({connection.settings_dict['NAME']}): migrated in "
          f"{time.perf_counter() - t:.1f} s; indexes {args.indexes}, seed {args.seed}")  # fmt: skip
    connection.close()
    loader = PgLoader(url) if args.db == "postgres" else SqliteLoader(str(path))
    info = load(loader, args.size, args.seed, args.indexes == "drop")
    ok = validate(loader, info)
    if args.db == "postgres":
        size = loader.conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    else:
        loader.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = f"{path.stat().st_size / 2**20:,.0f} MB"
    print(f"database size: {size}; checks {'passed' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
