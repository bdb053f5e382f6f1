"""The statistical forms (issue 13) at size: all forms of a committee of 2,000 members and of a province
of 100 such committees (200,000 member records).

    .venv/bin/python benchmarks/statforms.py [--db sqlite|postgres] [--committees 100] [--members 2000]
        [--runs 5] [--profile]

Builds a throwaway database: a SQLite file in a temporary CHITIEU_HOME, or a scratch PostgreSQL database
(``--pg-name``, default chitieu_bench_forms) created through postgres://postgres@127.0.0.1:5432/test and
dropped at the end; a database of that name that already exists is refused, never dropped. The
province has 10 districts of ``--committees`` / 10 committees (wards, communes, townships), each with 25
branches (one dissolved in 2022, one founded in 2025) and about ``--members`` member records, written
with bulk_create (not timed):

- admissions spread over 1950–2025 (most after 1990), birth 18–45 years before; 12% transferred in,
  a few re-admitted or restored; probation twelve months, so the last year's are probationary;
- records closed: deaths (most of the oldest), removals (xóa tên, khai trừ, xin ra khỏi Đảng, some
  without a reason, a few during probation), transfers out (some without where to); old records
  without ``entry_kind``;
- statistical fields (ethnicity, religion, occupation, schooling, qualification, theory, youth union,
  card) filled for about 90%: 10% of the records have none, and each field is missing in 2% more;
- member ratings 2020–2024 for those on the roll at each year's end (not the exempt, 2% not rated),
  branch and committee ratings, Party badges of the 30–90-year tiers reached since 2015 (90% handed
  over on the next award day, a few early), temporary transfers, a transfer row for each one out.

Then it times, on the same data, ``build_forms(unit, period)`` (the six forms) for one committee and for
the province, for the year 2024 and for its first six months, and ``workbook(forms)`` (the XLSX, six
sheets) for each: ``--runs`` timed runs, printed as median, min and max, the first of them also
counting the SQL queries (CaptureQueriesContext). A province build takes over a minute (issue 13's
first version: every line of a form walks all the records twice), so the runs of one measure stop
once the next would pass ``--budget`` seconds: the province gets 1 to 3 runs and the whole run stays
under 10 minutes on the 2-core machine; the table says how many. ``--profile`` adds a cProfile of one
province build. The temporary CHITIEU_HOME (the SQLite file, ~0.5 GB) is removed at the end.
This is a benchmark, not a test: nothing fails, it reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/test"
TODAY = dt.date(2025, 9, 30)  # the registry's "now": records run to here
YEAR = 2024
BRANCHES = 25
DISTRICTS = 10
RATING_YEARS = range(2020, 2025)
AWARD_DAYS = ((2, 3), (5, 19), (9, 2), (11, 7))  # 3/2, 19/5, 2/9, 7/11: the usual badge days


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def between(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo if hi <= lo else lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def years_after(d: dt.date, n: int) -> dt.date:
    return d.replace(year=d.year + n, day=min(d.day, 28))


ETHNICITIES = [("Kinh", 85), ("kinh", 1), ("Tày", 3), ("Thái", 2), ("Mường", 2), ("Khmer", 2), ("Hoa", 1),
               ("Nùng", 1), ("H'Mông", 1), ("Dao", 1), ("Chăm", 1)]  # fmt: skip
RELIGIONS = [("Không", 78), ("không", 5), ("Phật giáo", 9), ("Công giáo", 6), ("Tin lành", 1), ("Cao Đài", 1)]
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


def member_fields(rng: random.Random, serial: int) -> dict:
    """One member record's fields (without committee and branch)."""
    year = 1950 + min(75, int(76 * rng.betavariate(2.2, 1.2)))
    admitted = between(rng, dt.date(year, 1, 1), min(dt.date(year, 12, 31), TODAY))
    age = min(45, 18 + int(abs(rng.gauss(0, 7))))
    birth = between(rng, dt.date(admitted.year - age - 1, admitted.month, 1), dt.date(admitted.year - age, 1, 1))
    f = {"full_name": f"Nguyễn Văn Số {serial}", "birth_date": birth, "sex": "F" if rng.random() < 0.4 else "M",
         "admitted_on": admitted, "transferred_in": False, "joined_on": None, "entry_kind": "admitted",
         "transfer_scope": "", "leave_reason": "", "leave_scope": "", "left_on": None}  # fmt: skip
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
    leap = (admitted.month, admitted.day) == (2, 29)
    full = admitted.replace(year=admitted.year + 1, day=28 if leap else admitted.day)
    f["full_on"] = full if full <= TODAY and rng.random() > 0.01 else None

    dead_p = 0.75 if birth.year < 1935 else 0.45 if birth.year < 1945 else 0.2 if birth.year < 1955 else 0.02
    r = rng.random()
    if r < dead_p:
        lo = max(entry + dt.timedelta(days=30), years_after(birth, 55), dt.date(1995, 1, 1))
        if lo < TODAY:
            f.update(left_on=between(rng, lo, TODAY), status="deceased", leave_reason=pick(rng, [("died", 7), ("", 3)]))
    elif r < dead_p + 0.02:
        reason = pick(rng, [("struck_off", 55), ("expelled", 15), ("resigned", 15), ("", 15)])
        if reason == "struck_off" and f["entry_kind"] != "transferred_in" and rng.random() < 0.3:
            left = admitted + dt.timedelta(days=rng.randint(60, 330))  # during probation
        else:
            left = between(rng, max(entry + dt.timedelta(days=60), dt.date(2000, 1, 1)), TODAY)
        if left < TODAY:
            f.update(left_on=left, status="removed", leave_reason=reason)
    elif r < dead_p + 0.09:
        lo = max(entry + dt.timedelta(days=180), dt.date(2005, 1, 1))
        if lo < TODAY:
            reason = pick(rng, [("transferred", 85), ("", 15)])
            f.update(left_on=between(rng, lo, TODAY), status="transferred_out", leave_reason=reason,
                     leave_scope=pick(rng, SCOPES))  # fmt: skip
    if f["left_on"] is None:
        f["status"] = "full" if f["full_on"] else "probationary"

    legacy = rng.random() < 0.10  # a record typed before the statistical fields existed

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
        academic_title="assoc_prof" if rng.random() < 0.002 else "professor" if rng.random() < 0.0005 else "",
        card_number="",
        card_issued_on=None,
        exempt_since=None,
    )
    if f["full_on"] and rng.random() < 0.95:
        f["card_number"] = str(10**8 + serial)
        if not legacy:
            f["card_issued_on"] = min(TODAY, f["full_on"] + dt.timedelta(days=rng.randint(60, 400)))
    if age_now >= 75 and rng.random() < 0.4:
        f["exempt_since"] = between(rng, years_after(birth, 75), TODAY)
    return f


def on_roll(m, day: dt.date) -> bool:
    return (m.joined_on or m.admitted_on) <= day and (m.left_on is None or m.left_on > day)


def next_award_day(d: dt.date) -> dt.date:
    for year in (d.year, d.year + 1):
        for month, day in AWARD_DAYS:
            if dt.date(year, month, day) >= d:
                return dt.date(year, month, day)
    raise AssertionError


def build(committees: int, members: int, seed: int = 13):
    """The province; returns (province, first committee, counts of rows)."""
    from django.db import transaction

    from chitieu.orgs.models import BranchKind, Kind, Unit
    from chitieu.orgs.tree import create_unit
    from chitieu.party.indicators import BADGE_YEARS
    from chitieu.party.models import BadgeAward, BranchInfo, Member, MemberRating, Transfer, UnitRating, add_months

    rows = dict.fromkeys(("units", "members", "member ratings", "unit ratings", "badges", "transfers"), 0)
    province = create_unit(Kind.PROVINCE, "Thử Nghiệm")
    districts = [create_unit(Kind.RURAL_DISTRICT, f"Huyện {i}", province) for i in range(1, DISTRICTS + 1)]
    first = None
    serial = 0
    t = time.perf_counter()
    for c in range(committees):
        rng = random.Random(seed * 100_003 + c)
        kind = pick(rng, [(Kind.WARD, 5), (Kind.COMMUNE, 4), (Kind.TOWNSHIP, 1)])
        with transaction.atomic():
            committee = create_unit(kind, f"Số {c + 1}", districts[c % DISTRICTS])
            first = first or committee
            branches = Unit.objects.bulk_create(
                Unit(kind=Kind.BRANCH, name=f"Chi bộ {i}", parent=committee,
                     branch_kind=BranchKind.RESIDENTIAL if i <= 18 else BranchKind.AGENCY)
                for i in range(1, BRANCHES + 1)
            )  # fmt: skip
            for b in branches:
                b.path = f"{committee.path}{b.pk}/"
            Unit.objects.bulk_update(branches, ["path"])
            infos = [BranchInfo(branch=b, founded_on=between(rng, dt.date(1975, 1, 1), dt.date(2015, 12, 31)))
                     for b in branches]  # fmt: skip
            infos[-2].dissolved_on = dt.date(2022, 6, 30)
            infos[-1].founded_on = dt.date(2025, 3, 1)
            BranchInfo.objects.bulk_create(infos)
            rows["units"] += 1 + len(branches)
            open_now = branches[:-2]  # the dissolved branch has no one left; the new one is not yet filled
            n = max(1, round(members * rng.uniform(0.9, 1.1))) if committees > 1 else members
            people = []
            for _ in range(n):
                serial += 1
                people.append(Member(committee=committee, branch=rng.choice(open_now), **member_fields(rng, serial)))
            people = Member.objects.bulk_create(people, batch_size=2000)
            rows["members"] += len(people)

            ratings = []
            for year in RATING_YEARS:
                end = dt.date(year, 12, 31)
                for m in people:
                    if on_roll(m, end) and not (m.exempt_since and m.exempt_since <= end) and rng.random() > 0.02:
                        ratings.append(MemberRating(member_id=m.pk, committee=committee, branch_id=m.branch_id,
                                                    year=year, level=pick(rng, LEVELS)))  # fmt: skip
            MemberRating.objects.bulk_create(ratings, batch_size=5000)
            rows["member ratings"] += len(ratings)
            unit_ratings = [
                UnitRating(unit=u, committee=committee, year=year, level=pick(rng, UNIT_LEVELS))
                for year in RATING_YEARS
                for u, info in zip([committee, *branches], [None, *infos], strict=True)
                if (info is None or (info.founded_on.year <= year and not info.dissolved_on)) and rng.random() > 0.02
            ]
            UnitRating.objects.bulk_create(unit_ratings, batch_size=5000)
            rows["unit ratings"] += len(unit_ratings)

            badges, transfers = [], []
            for m in people:
                for years in BADGE_YEARS:
                    reached = add_months(m.admitted_on, 12 * years)
                    if reached > TODAY:
                        if reached <= dt.date(TODAY.year + 2, 12, 31) and on_roll(m, TODAY) and rng.random() < 0.01:
                            badges.append(BadgeAward(member_id=m.pk, committee=committee, years=years, early=True,
                                                     awarded_on=between(rng, dt.date(2023, 1, 1), TODAY)))  # fmt: skip
                        break
                    day = next_award_day(reached)
                    if reached.year >= 2015 and day <= TODAY and on_roll(m, reached) and rng.random() < 0.9:
                        badges.append(BadgeAward(member_id=m.pk, committee=committee, years=years, awarded_on=day))
                for year in (2023, 2024, 2025):
                    if on_roll(m, dt.date(year, 6, 30)) and rng.random() < 0.015:
                        on = between(rng, dt.date(year, 1, 1), min(TODAY, dt.date(year, 12, 31)))
                        transfers.append(Transfer(member_id=m.pk, on=on, from_branch_id=m.branch_id, temporary=True,
                                                  destination="Trường Chính trị tỉnh"))  # fmt: skip
                if m.status == "transferred_out":
                    transfers.append(Transfer(member_id=m.pk, on=m.left_on, from_branch_id=m.branch_id,
                                              destination="Đảng bộ ngoài hệ thống"))  # fmt: skip
            BadgeAward.objects.bulk_create(badges, batch_size=5000)
            Transfer.objects.bulk_create(transfers, batch_size=5000)
            rows["badges"] += len(badges)
            rows["transfers"] += len(transfers)
        if (c + 1) % 10 == 0 or c + 1 == committees:
            print(f"  {c + 1}/{committees} committees, {rows['members']:,} members, "
                  f"{time.perf_counter() - t:.0f} s", flush=True)  # fmt: skip
    return province, first, rows


# --- measuring -----------------------------------------------------------------------------------


def measure(fn, runs: int, budget: float) -> dict:
    """``runs`` timed runs, fewer if the next one would take the total beyond ``budget`` seconds; the
    first also counts the queries (recording a handful of SQL strings costs nothing beside reading
    200,000 rows)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    t = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    times = [time.perf_counter() - t]
    while len(times) < runs and sum(times) + times[-1] <= budget:
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return {"queries": len(ctx.captured_queries), "times": times, "result": result}


def scratch_postgres(name: str) -> str:
    import psycopg
    from psycopg import sql

    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", name) or name in ("test", "postgres", "template0", "template1"):
        sys.exit(f"--pg-name needs a scratch database name, not {name!r}")
    admin = os.environ.get("CHITIEU_PG_ADMIN_URL", PG_ADMIN)
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            sys.exit(f"database {name!r} exists already: drop it by hand or give another --pg-name")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def drop_postgres(name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(os.environ.get("CHITIEU_PG_ADMIN_URL", PG_ADMIN), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--committees", type=int, default=100, help="committees of the province (default 100)")
    parser.add_argument("--members", type=int, default=2000, help="member records per committee (default 2,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each measure (default 5)")
    parser.add_argument("--budget", type=float, default=180,
                        help="seconds of timed runs per measure, at most (default 180: 2-3 province runs)")  # fmt: skip
    parser.add_argument("--pg-name", default="chitieu_bench_forms", help="the scratch PostgreSQL database")
    parser.add_argument("--profile", action="store_true", help="cProfile one province build (year) at the end")
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="chitieu-bench-")
    os.environ["CHITIEU_HOME"] = home
    os.environ.setdefault("CHITIEU_TESTING", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "chitieu.settings"
    pg_name = None
    if args.db == "postgres":
        pg_name = args.pg_name
        os.environ["DATABASE_URL"] = scratch_postgres(pg_name)
    else:
        os.environ.pop("DATABASE_URL", None)
    try:
        return run(args)
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if pg_name:
            from django.db import connections

            connections.close_all()
            drop_postgres(pg_name)
            print(f"(scratch database {pg_name} dropped)")


def run(args) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from chitieu.party.statform_xlsx import workbook
    from chitieu.party.statforms import Period, build_forms, read_members

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {'.'.join(map(str, connection.Database.sqlite_version_info))}"
          if connection.vendor == "sqlite" else f"database: {connection.vendor} {connection.pg_version}")  # fmt: skip
    print(f"building a province of {args.committees} committees × ~{args.members:,} member records (not timed)")
    t = time.perf_counter()
    province, committee, rows = build(args.committees, args.members)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")  # what autovacuum would have done on a database in use
    print(f"built in {time.perf_counter() - t:.0f} s: " + ", ".join(f"{v:,} {k}" for k, v in rows.items()))
    print(f"one committee: {committee.party_title}, "
          f"{committee.party_members.count():,} member records; load average {os.getloadavg()[0]:.1f}\n")  # fmt: skip

    periods = (("2024", Period(YEAR)), ("2024-6t", Period(YEAR, half=True)))
    table = []
    for unit, who in ((committee, "committee"), (province, f"province ({args.committees})")):
        read = measure(lambda u=unit: read_members(u), args.runs, args.budget)
        table.append((who, "", "(its query)", read, None))
        for label, period in periods:
            forms = measure(lambda u=unit, p=period: build_forms(u, p), args.runs, args.budget)
            table.append((who, label, "build_forms", forms, None))
            print(f"  {who} {label} build_forms: {statistics.median(forms['times']):.2f} s", flush=True)
            xlsx = measure(lambda f=forms["result"]: workbook(f), args.runs, args.budget)
            table.append((who, label, "workbook", xlsx, len(xlsx["result"])))
            print(f"  {who} {label} workbook: {statistics.median(xlsx['times']):.2f} s", flush=True)

    print(f"\n{connection.vendor}, up to {args.runs} timed runs each (at most {args.budget:g} s); "
          f"load average {os.getloadavg()[0]:.1f}; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")  # fmt: skip
    print(f"| {'unit':16} | {'period':7} | {'what':11} | {'median s':>8} | {'min–max s':>13} | runs | queries | note")
    print(f"| {'-' * 16} | {'-' * 7} | {'-' * 11} | {'-' * 8}:| {'-' * 13}:| ---:| -------:| ----")
    for who, label, what, m, size in table:
        ts = m["times"]
        if what == "build_forms":
            forms = m["result"]
            f1 = next(f for f in forms if f.number == 1)
            note = f"{sum(len(f.lines) for f in forms)} lines, D = {f1.line('D').now:,}, problems {len(f1.problems)}"
        elif what == "workbook":
            note = f"{size / 1024:,.0f} KB"
        else:
            note = f"read_members: {len(m['result']):,} records (the members query, the largest of build_forms)"
        print(f"| {who:16} | {label:7} | {what:11} | {statistics.median(ts):8.3f} | "
              f"{min(ts):6.3f}–{max(ts):6.3f} | {len(ts):4} | {m['queries']:7} | {note}")  # fmt: skip

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        build_forms(province, Period(YEAR))
        profiler.disable()
        print("\ncProfile of one province build_forms (2024), by own time:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
    return 0


if __name__ == "__main__":
    sys.exit(main())
