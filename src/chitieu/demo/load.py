"""Demo data built from the five seed articles: their committees, terms, targets, results and figures.

Each seed's committee hangs under the province or city its article names, or under an "unnamed"
parent where it names none. The figures come from the extractor run over the seed text, so every one
of them links back to its sentence. Demo users all have the password "demo".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from chitieu.core.targets import Target as CoreTarget
from chitieu.orgs.models import AuditEntry, Grant, Kind, Role, Unit
from chitieu.orgs.tree import create_unit
from chitieu.party.demo import load_party_demo
from chitieu.plans.models import Figure, Result, SourceDocument, Status, Target, Term
from chitieu.plans.uploads import figure_fields, sentence_around
from chitieu.plans.workflow import target_fields

from . import SEEDS_DIR
from .seeds import seed_committees, seed_target

DEMO_PASSWORD = "demo"

# What `chitieu demo` prints for each of load_demo()'s counts: the keys stay the code's (the audit
# entry and the tests read them), the people who start the demo read Vietnamese.
COUNT_LABELS = {
    "committees": "Đảng bộ",
    "targets": "chỉ tiêu",
    "results": "kết quả",
    "figures": "số liệu",
    "party_branches": "chi bộ",
    "party_members": "đảng viên",
    "party_member_ratings": "lượt xếp loại đảng viên",
    "party_unit_ratings": "lượt xếp loại tổ chức đảng",
    "party_residence_contacts": "đảng viên sinh hoạt nơi cư trú",
    "party_inspections": "cuộc kiểm tra, giám sát",
    "party_awards": "khen thưởng",
    "party_candidates": "quần chúng ưu tú",
}


@dataclass(frozen=True)
class SeedCommittee:
    seed: str
    kind: str
    name: str
    parent: tuple[str, str] | None  # (kind, name) of the body the article names, else None
    subject: str  # how the extractor names it: "phường Khuê Trung"
    terms: tuple[tuple[int, int, int | None], ...]  # (start, end, congress ordinal)
    username: str


# The committees of the seeds, as their articles name them. Ordinals are the articles' own.
SEED_COMMITTEES = [
    # 000: "lần thứ XIX, nhiệm kỳ 2015-2020"; it prints "lần thứ XXX" for 2020-2025, XIX + 1 is XX.
    SeedCommittee("000_3d36761486085697.txt", Kind.WARD, "Kỳ Phương", (Kind.TOWN, "Kỳ Anh"),
                  "phường Kỳ Phương", ((2015, 2020, 19), (2020, 2025, 20)), "kyphuong"),
    SeedCommittee("001_43fdf4eb8b168b57.txt", Kind.WARD, "Khuê Trung", (Kind.DISTRICT, "Cẩm Lệ"),
                  "phường Khuê Trung", ((2015, 2020, 14), (2020, 2025, 15)), "khuetrung"),
    SeedCommittee("002_250a69442f17014b.txt", Kind.WARD, "1", None, "phường 1", ((2020, 2025, 15),), "phuong1"),
    SeedCommittee("002_250a69442f17014b.txt", Kind.WARD, "4", None, "phường 4", ((2020, 2025, None),), "phuong4"),
    SeedCommittee("002_250a69442f17014b.txt", Kind.WARD, "9", None, "phường 9", ((2020, 2025, 5),), "phuong9"),
    SeedCommittee("002_250a69442f17014b.txt", Kind.COMMUNE, "Long Đức", None, "xã Long Đức",
                  ((2020, 2025, None),), "longduc"),
    SeedCommittee("003_49722e1c02d19ffb.txt", Kind.WARD, "Kim Tân", (Kind.CITY, "Lào Cai"),
                  "phường Kim Tân", ((2015, 2020, 6), (2020, 2025, 7)), "kimtan"),
    SeedCommittee("004_9ccd0a3510ad4263.txt", Kind.WARD, "Tây Sơn", None, "phường Tây Sơn",
                  ((2020, 2025, 4),), "tayson"),
]  # fmt: skip


# Each seed's document as an office would have saved it: the seed files' own names (number and
# hash) mean nothing to the people who read the pages.
SEED_DOCUMENT_NAMES = {
    "000_3d36761486085697.txt": "Đại hội điểm Đảng bộ phường Kỳ Phương.txt",
    "001_43fdf4eb8b168b57.txt": "Dấu ấn một nhiệm kỳ - phường Khuê Trung.txt",
    "002_250a69442f17014b.txt": "Sơ kết giữa nhiệm kỳ - phường 1, phường 4, phường 9, xã Long Đức.txt",
    "003_49722e1c02d19ffb.txt": "Tiếp tục giữ vững vai trò đầu tàu - phường Kim Tân.txt",
    "004_9ccd0a3510ad4263.txt": "Tổng kết năm 2023 - phường Tây Sơn.txt",
}


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if c.isalnum() and c.isascii()).lower()


@cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow (PBKDF2); the demo users share one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _user(username: str, *, superuser: bool = False):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, is_superuser=superuser, is_staff=superuser, password=_demo_password_hash())
        user.save()
    return user


def _store_target(term: Term, number: int, core: CoreTarget, *, year: int | None = None) -> Target:
    # An implied plan (result ÷ completion) has endless decimals; the column keeps eight.
    core = replace(core, value=core.value.quantize(Decimal("0.00000001")))
    return Target.objects.create(term=term, **target_fields(core, number=number, year=year))


def _figures(committee: Unit, spec: SeedCommittee, term: Term, doc: SourceDocument) -> int:
    """Figures the extractor reads in the seed for this committee, each linked to its span."""
    try:
        from chitieu.extract import extract_text
    except ImportError:  # pragma: no cover - the extractor ships with the package
        return 0
    count = 0
    for fact in extract_text(doc.text, doc=doc.name):
        d = fact.to_dict()
        if d.get("subject") != spec.subject or d.get("role") == "target":
            continue
        year = d.get("year")
        Figure.objects.create(
            committee=committee,
            term=term,
            year=int(year) if year and len(str(year)) == 4 else None,
            document=doc,
            **figure_fields(d, sentence_around(doc.text, d["start"], d["end"])),
        )
        count += 1
    return count


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Fill an empty database with the demo. Refuses a database that already has data."""
    if Unit.objects.exists():
        raise ValueError("Cơ sở dữ liệu đã có dữ liệu; demo cần một cơ sở dữ liệu trống / database is not empty")
    admin = _user("demo", superuser=True)
    seed_rows = {c["name"]: c for c in seed_committees()}
    parents: dict[tuple[str, str] | None, Unit] = {}
    committees: dict[str, Unit] = {}
    counts = {"committees": 0, "targets": 0, "results": 0, "figures": 0}
    for spec in SEED_COMMITTEES:
        if spec.parent not in parents:
            kind, name = spec.parent or (Kind.UNNAMED, "Chưa rõ cấp trên")
            parents[spec.parent] = create_unit(kind, name)
        parent = parents[spec.parent]
        committee = create_unit(spec.kind, spec.name, parent)
        committees[spec.subject] = committee
        counts["committees"] += 1
        text = (SEEDS_DIR / spec.seed).read_text("utf-8")
        name = SEED_DOCUMENT_NAMES.get(spec.seed, spec.seed)
        doc = SourceDocument.objects.create(committee=committee, name=name, text=text, uploaded_by=admin)
        terms = {}
        for start, end, ordinal in spec.terms:
            terms[(start, end)] = Term.objects.create(
                committee=committee, start_year=start, end_year=end, congress_ordinal=ordinal
            )
        row = seed_rows.get(spec.subject)
        reviewed = terms[(int(row["term"][:4]), int(row["term"][5:]))] if row else next(iter(terms.values()))
        if row:
            for number, target_row in enumerate(row["targets"], start=1):
                core, value = seed_target(target_row)
                year = row.get("year") if row.get("kind") == "annual" else None
                target = _store_target(reviewed, number, core, year=year)
                Result.objects.create(
                    target=target,
                    year=year,
                    value=value.quantize(Decimal("0.00000001")),
                    status=Status.APPROVED if row.get("kind") == "term" else Status.SUBMITTED,
                    entered_by=admin,
                    document=doc,
                    source_text=target_row["result"],
                    claim=target_row.get("claim", ""),
                )
                counts["targets"] += 1
                counts["results"] += 1
        counts["figures"] += _figures(committee, spec, reviewed, doc)
        editor = _user(spec.username)
        Grant.objects.create(user=editor, unit=committee, role=Role.EDITOR)
        viewer = _user(f"{spec.username}.xem")
        Grant.objects.create(user=viewer, unit=committee, role=Role.VIEWER)
    for key, unit in parents.items():
        # "tinh.camle", "duyet.laocai"; "tinh.chuaro" for the unnamed parent
        slug = "chuaro" if key is None else _ascii(unit.name)
        Grant.objects.create(user=_user(f"tinh.{slug}"), unit=unit, role=Role.VIEWER)
        Grant.objects.create(user=_user(f"duyet.{slug}"), unit=unit, role=Role.REVIEWER)
    counts.update(load_party_demo(committees))
    AuditEntry.objects.create(user=admin, action="demo.load", object_type="demo", new=counts)
    return counts
