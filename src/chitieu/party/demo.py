"""Synthetic rosters for the demo committees, consistent with what each seed states.

Names and dates are made up (a seeded random generator, so every load is the same); the counts are
the seeds': the computed indicators of these records reproduce the articles' figures (tests/party/
test_demo.py checks each one). Everything is written with bulk_create: the whole roster loads in
a few seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from chitieu.orgs.models import BranchKind, Kind, Unit
from chitieu.orgs.tree import create_unit

from .indicators import BADGE_YEARS, next_badge_date
from .models import (
    Award,
    AwardLevel,
    BadgeAward,
    BranchInfo,
    Candidate,
    Inspection,
    InspectionBody,
    InspectionKind,
    Level,
    Member,
    MemberRating,
    MemberStatus,
    ResidenceContact,
    ResidentialGroup,
    Sex,
    SubjectKind,
    UnitRating,
    add_months,
    probation_ends,
)

LAST_YEAR = 2025  # ratings and admissions run to the end of this year
# Where a seed states a term's total, the congress year that closes the term (2020) admits and
# inspects nothing in the demo, so the total is the same whether a report sums 2015-2019 or 2015-2020.

SURNAMES = (
    ["Nguyễn"] * 8
    + ["Trần"] * 3
    + ["Lê"] * 3
    + ["Phạm"] * 2
    + [
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đinh",
        "Trương",
    ]
)
MIDDLE = {
    Sex.MALE: ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thanh", "Xuân", "Ngọc", "Quốc"],
    Sex.FEMALE: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Minh"],
}
GIVEN = {
    Sex.MALE: [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Hùng",
        "Hải",
        "Hiếu",
        "Long",
        "Nam",
        "Phong",
        "Quân",
        "Sơn",
        "Thắng",
        "Tuấn",
        "Việt",
        "Khánh",
        "Trung",
        "Tài",
        "Hòa",
        "Lâm",
        "Đạt",
        "Toàn",
        "Phúc",
        "Lộc",
    ],
    Sex.FEMALE: [
        "Anh",
        "Chi",
        "Dung",
        "Hà",
        "Hạnh",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Nga",
        "Nhung",
        "Phương",
        "Thảo",
        "Trang",
        "Tuyết",
        "Vân",
        "Yến",
        "Hằng",
        "Loan",
        "Huyền",
        "Ngân",
    ],
}


def _r1(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def levels_for_shares(n: int, excellent_pct: str, good_pct: str) -> tuple[int, int, int, int] | None:
    """Counts of a year's ratings of ``n`` members whose shares, rounded to one decimal as reports do,
    are the ones stated; None when no whole numbers give them."""
    e_target, g_target = Decimal(excellent_pct), Decimal(good_pct)
    for e in range(n + 1):
        if _r1(Decimal(100 * e) / n) != e_target:
            continue
        for g in range(n - e + 1):
            if _r1(Decimal(100 * g) / n) == g_target:
                rest = n - e - g
                return e, g, rest, 0
    return None


def default_member_levels(n: int) -> tuple[int, int, int, int]:
    e, c, nc = int(n * 0.12), int(n * 0.03), n // 300
    return e, n - e - c - nc, c, nc


def default_branch_levels(n: int) -> tuple[int, int, int, int]:
    # Within the cap on HTXSNV (20% of those rated HTTNV or better, Quy định 124-QĐ/TW).
    e = min(int(n * 0.18 + 0.5), int(n * 0.2))
    return e, n - e, 0, 0


@dataclass
class Roster:
    residential: list[str]
    agency: list[str]
    first_year: int
    checkpoint: tuple[int, int]  # (year, members at its end)
    admissions: dict[int, int]
    departures: dict[int, int] = field(default_factory=dict)
    probationary_transfers: dict[int, int] = field(default_factory=dict)  # of that year's admissions
    member_shares: dict[int, tuple[str, str]] = field(default_factory=dict)  # year -> (excellent %, good %)
    branch_levels: dict[int, tuple[int, int, int, int]] = field(default_factory=dict)
    committee_levels: dict[int, str] = field(default_factory=dict)
    badges: dict[int, int] = field(default_factory=dict)  # year -> members reaching a badge, exactly
    contacts: int = 0  # members keeping contact where they live (Quy định 213)
    inspections: list[tuple[int, str, str, str, int]] = field(default_factory=list)  # year, body, kind, subj, n
    awards: list[tuple[int, str, str, str, str, str, int]] = field(default_factory=list)
    group_word: str = "Tổ dân phố"


def _years(a: int, b: int, n: int) -> dict[int, int]:
    return {y: n for y in range(a, b + 1)}


R, S, C = InspectionBody.COMMISSION, InspectionBody.STANDING, SubjectKind.COLLECTIVE
I_, SUP, VIO = InspectionKind.INSPECTION, InspectionKind.SUPERVISION, InspectionKind.VIOLATION
AGENCIES = ["Cơ quan", "Công an", "Quân sự", "Trường Tiểu học", "Trường THCS", "Trạm Y tế"]

ROSTERS: dict[str, Roster] = {
    # 003: "28 chi bộ trực thuộc (22 chi bộ khu dân cư và 6 chi bộ cơ quan, đơn vị, trường học), 1.131 đảng
    # viên và 2.299 đảng viên sinh hoạt theo Quy định 213"; "kết nạp được 43 đảng viên" in 2015-2020;
    # "100% chi bộ hoàn thành tốt nhiệm vụ, trong đó 20%" (6+6+5+6+5 of 28 over five years);
    # "5 năm liền Đảng bộ phường đạt trong sạch, vững mạnh tiêu biểu".
    "phường Kim Tân": Roster(
        residential=[f"Tổ dân phố {i}" for i in range(1, 23)],
        agency=[
            "Cơ quan phường",
            "Công an phường",
            "Quân sự phường",
            "Trường Tiểu học Kim Tân",
            "Trường THCS Kim Tân",
            "Trường Mầm non Kim Tân",
        ],
        first_year=2015,
        checkpoint=(2019, 1131),
        admissions={2015: 9, 2016: 8, 2017: 9, 2018: 8, 2019: 9, 2020: 0} | _years(2021, LAST_YEAR, 8),
        departures=_years(2015, 2018, 12) | {2019: 10, 2020: 0} | _years(2021, LAST_YEAR, 12),
        branch_levels={
            2015: (6, 22, 0, 0),
            2016: (6, 22, 0, 0),
            2017: (5, 23, 0, 0),
            2018: (6, 22, 0, 0),
            2019: (5, 23, 0, 0),
        },
        committee_levels=_years(2015, 2020, Level.EXCELLENT) | _years(2021, LAST_YEAR, Level.GOOD),
        contacts=2299,
        awards=[
            (
                2018,
                AwardLevel.ORDER,
                "Huân chương Lao động hạng Nhì",
                "Chủ tịch nước",
                C,
                "Nhân dân và cán bộ phường Kim Tân",
                1,
            ),
            (
                2019,
                AwardLevel.FLAG,
                "Cờ đơn vị xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc",
                "Bộ Công an",
                C,
                "phường Kim Tân",
                1,
            ),
            (2017, AwardLevel.FLAG, "Cờ thi đua", "UBND tỉnh", C, "phường Kim Tân", 1),
            (2018, AwardLevel.MERIT, "Bằng khen", "UBND tỉnh", C, "Đảng bộ phường Kim Tân", 1),
        ],
    ),
    # 004: "kết nạp 07 đảng viên mới"; "312 đảng viên, có 308 đảng viên chính thức và 04 đảng viên dự bị";
    # "13/13 chi bộ được đánh giá HTTNV (trong đó có 02 chi bộ được đánh giá xếp loại HTXSNV)". Seven
    # admitted in the year yet four probationary at its end: three of the new members moved away
    # (chuyển sinh hoạt đi) within the year, which is how the article's numbers fit together.
    "phường Tây Sơn": Roster(
        residential=[f"Tổ dân phố {i}" for i in range(1, 11)],
        agency=["Cơ quan phường", "Công an phường", "Trường Tiểu học - THCS Tây Sơn"],
        first_year=2020,
        checkpoint=(2023, 312),
        admissions={2020: 6, 2021: 5, 2022: 6, 2023: 7, 2024: 6, 2025: 5},
        departures={2020: 4, 2021: 5, 2022: 4, 2023: 2, 2024: 4, 2025: 4},
        probationary_transfers={2023: 3},
        branch_levels={2023: (2, 11, 0, 0)},
        committee_levels=_years(2020, LAST_YEAR, Level.GOOD),
        awards=[
            (
                2023,
                AwardLevel.CERTIFICATE,
                "Giấy khen thành tích xuất sắc trong công tác xây dựng đảng",
                "Đảng ủy phường",
                C,
                "tập thể",
                2,
            ),
            (
                2023,
                AwardLevel.CERTIFICATE,
                "Giấy khen thành tích xuất sắc trong công tác xây dựng đảng",
                "Đảng ủy phường",
                SubjectKind.INDIVIDUAL,
                "cá nhân",
                11,
            ),
            (
                2023,
                AwardLevel.CERTIFICATE,
                "Giấy khen thành tích xuất sắc trong công tác xây dựng chính quyền",
                "UBND phường",
                C,
                "tập thể",
                5,
            ),
            (
                2023,
                AwardLevel.CERTIFICATE,
                "Giấy khen thành tích xuất sắc trong công tác xây dựng chính quyền",
                "UBND phường",
                SubjectKind.INDIVIDUAL,
                "cá nhân",
                12,
            ),
        ],
    ),
    # 002: "phát triển 50/25 đảng viên" in the first half of 2020-2025; "22 Chi bộ trực thuộc và 529 đảng
    # viên"; "chi bộ đạt tiêu chuẩn trong sạch vững mạnh đạt 100%"; "Đảng bộ 02 năm liền đạt trong sạch,
    # vững mạnh tiêu biểu"; "kiểm tra, giám sát 12 chi bộ, 12 cá nhân, kiểm tra dấu hiệu vi phạm 03 tập
    # thể, 06 cá nhân".
    "xã Long Đức": Roster(
        residential=[f"Ấp {i}" for i in range(1, 18)],
        agency=["Cơ quan xã", "Công an xã", "Quân sự xã", "Trường THCS Long Đức", "Trạm Y tế xã"],
        first_year=2020,
        checkpoint=(2022, 529),
        admissions={2020: 15, 2021: 17, 2022: 18} | _years(2023, LAST_YEAR, 10),
        departures=_years(2020, LAST_YEAR, 5),
        committee_levels={2020: Level.GOOD, 2021: Level.EXCELLENT, 2022: Level.EXCELLENT}
        | _years(2023, LAST_YEAR, Level.GOOD),
        inspections=[
            (2021, R, SUP, C, 6),
            (2022, R, SUP, C, 6),
            (2021, R, SUP, SubjectKind.INDIVIDUAL, 6),
            (2022, R, SUP, SubjectKind.INDIVIDUAL, 6),
            (2021, R, VIO, C, 2),
            (2022, R, VIO, C, 1),
            (2021, R, VIO, SubjectKind.INDIVIDUAL, 3),
            (2022, R, VIO, SubjectKind.INDIVIDUAL, 3),
        ],
        group_word="Ấp",
    ),
    # 002: "đảng viên hoàn thành xuất sắc nhiệm vụ chiếm tỷ lệ 12,5%, đảng viên hoàn thành tốt nhiệm vụ
    # 86,2%; tỷ lệ chi bộ hoàn thành xuất sắc nhiệm vụ đạt 20,7%, hoàn thành tốt nhiệm vụ đạt 79,2%";
    # "phát triển 28 đảng viên mới"; "xét đề nghị tặng Huy hiệu Đảng cho 24 đồng chí". 385, 391 and 399
    # members rated give 12,5% and 86,2% each year. The branch shares cannot both hold: 20,7% + 79,2%
    # leaves 0,1% for the other levels, which takes 500 branch ratings or more; 6 of 29 branches give
    # 20,7% and the other 23 give 79,3%.
    "phường 4": Roster(
        residential=[f"Khóm {i}" for i in range(1, 25)],
        agency=[
            "Cơ quan phường",
            "Công an phường",
            "Quân sự phường",
            "Trường Tiểu học phường 4",
            "Trường THCS phường 4",
        ],
        first_year=2020,
        checkpoint=(2020, 385),
        admissions={2020: 9, 2021: 10, 2022: 9} | _years(2023, LAST_YEAR, 8),
        departures={2020: 3, 2021: 4, 2022: 1} | _years(2023, LAST_YEAR, 3),
        member_shares=_years(2020, 2022, ("12.5", "86.2")),  # type: ignore[arg-type]
        branch_levels=_years(2020, 2022, (6, 23, 0, 0)),  # type: ignore[arg-type]
        committee_levels=_years(2020, LAST_YEAR, Level.GOOD),
        badges={2020: 8, 2021: 9, 2022: 7},
        group_word="Khóm",
    ),
    # 000: 7 residential branches, one per tổ dân phố ("nhất thể hóa chức danh bí thư chi bộ, tổ trưởng tổ
    # dân phố ở 07 tổ dân phố"); "kết nạp được 55 đảng viên" in 2015-2020; "35 cuộc kiểm tra, giám sát
    # chuyên đề, trong đó 10 cuộc của Ban Thường vụ Đảng ủy, 25 cuộc của Uỷ ban kiểm tra Đảng ủy";
    # "năm năm liên tục ... xếp loại hoàn thành xuất sắc nhiệm vụ".
    "phường Kỳ Phương": Roster(
        residential=[f"Tổ dân phố {i}" for i in range(1, 8)],
        agency=["Cơ quan phường", "Công an phường", "Quân sự phường", "Trường Tiểu học Kỳ Phương", "Trạm Y tế phường"],
        first_year=2015,
        checkpoint=(2019, 420),
        admissions=_years(2015, 2019, 11) | {2020: 0} | _years(2021, LAST_YEAR, 10),
        departures=_years(2015, LAST_YEAR, 6),
        committee_levels=_years(2015, 2019, Level.EXCELLENT) | _years(2020, LAST_YEAR, Level.GOOD),
        inspections=[(y, S, SUP, C, 2) for y in range(2015, 2020)]
        + [(y, R, I_, C, 5) for y in range(2015, 2020)]
        + [(y, R, I_, C, 4) for y in range(2021, LAST_YEAR + 1)],
        awards=[
            (2019, AwardLevel.MERIT, "Bằng khen", "Ban Thường vụ Tỉnh ủy", C, "Đảng bộ phường Kỳ Phương", 1),
            (2019, AwardLevel.FLAG, "Cờ đơn vị dẫn đầu phong trào thi đua", "UBND tỉnh", C, "phường Kỳ Phương", 1),
        ],
    ),
    # 001: "Hằng năm phát triển được 11 đảng viên" (2015-2020); "Chi bộ hoàn thành tốt nhiệm vụ trở lên
    # đạt trên 93%" (28 of 30); "trong sạch vững mạnh 5 năm liền, trong đó các năm 2016, 2018, 2019 đạt
    # trong sạch vững mạnh tiêu biểu"; "Chi bộ 24".
    "phường Khuê Trung": Roster(
        residential=[str(i) for i in range(1, 26)],
        agency=["Cơ quan phường", "Công an phường", "Quân sự phường", "Trường THCS Khuê Trung", "Trạm Y tế phường"],
        first_year=2015,
        checkpoint=(2019, 640),
        admissions=_years(2015, 2019, 11) | {2020: 0} | _years(2021, LAST_YEAR, 10),
        departures=_years(2015, LAST_YEAR, 7),
        branch_levels=_years(2015, LAST_YEAR, (5, 23, 2, 0)),  # type: ignore[arg-type]
        committee_levels={
            2015: Level.GOOD,
            2016: Level.EXCELLENT,
            2017: Level.GOOD,
            2018: Level.EXCELLENT,
            2019: Level.EXCELLENT,
        }
        | _years(2020, LAST_YEAR, Level.GOOD),
    ),
    # 002: no Party-organisation figures besides "kết nạp Đảng viên" among the targets not met.
    "phường 1": Roster(
        residential=[f"Khóm {i}" for i in range(1, 12)],
        agency=["Cơ quan phường", "Công an phường", "Quân sự phường"],
        first_year=2020,
        checkpoint=(2022, 298),
        admissions=_years(2020, LAST_YEAR, 3),
        departures=_years(2020, LAST_YEAR, 3),
        committee_levels=_years(2020, LAST_YEAR, Level.GOOD),
        group_word="Khóm",
    ),
    "phường 9": Roster(
        residential=[f"Khóm {i}" for i in range(1, 14)],
        agency=["Cơ quan phường", "Công an phường", "Quân sự phường"],
        first_year=2020,
        checkpoint=(2022, 356),
        admissions=_years(2020, LAST_YEAR, 6),
        departures=_years(2020, LAST_YEAR, 4),
        committee_levels=_years(2020, LAST_YEAR, Level.GOOD),
        group_word="Khóm",
    ),
}


def _name(rng: random.Random, sex: str) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


def _day_in(rng: random.Random, year: int, last: dt.date | None = None) -> dt.date:
    start = dt.date(year, 1, 2)
    end = min(dt.date(year, 12, 20), last) if last else dt.date(year, 12, 20)
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def _person(rng: random.Random, admitted_on: dt.date) -> tuple[str, str, dt.date]:
    sex = Sex.MALE if rng.random() < 0.58 else Sex.FEMALE
    age = rng.randint(19, 38)
    birth = dt.date(admitted_on.year - age, rng.randint(1, 12), rng.randint(1, 28))
    return _name(rng, sex), sex, birth


class _Builder:
    def __init__(self, committee: Unit, spec: Roster, subject: str):
        self.committee = committee
        self.spec = spec
        self.rng = random.Random(f"chitieu-party-demo {subject}")
        self.members: list[Member] = []

    # branches ------------------------------------------------------------------------------
    def branches(self) -> list[Unit]:
        spec, committee = self.spec, self.committee
        groups = ResidentialGroup.objects.bulk_create(
            [
                ResidentialGroup(committee=committee, name=n if not n.isdigit() else f"Tổ dân phố {n}")
                for n in spec.residential
            ]
        )
        founded = dt.date(spec.first_year - 10, 1, 1)
        out, infos = [], []
        for name, group in zip(spec.residential, groups, strict=True):
            b = create_unit(Kind.BRANCH, name, committee, branch_kind=BranchKind.RESIDENTIAL)
            infos.append(BranchInfo(branch=b, residential_group=group, founded_on=founded))
            out.append(b)
        for name in spec.agency:
            b = create_unit(Kind.BRANCH, name, committee, branch_kind=BranchKind.AGENCY)
            infos.append(BranchInfo(branch=b, founded_on=founded))
            out.append(b)
        BranchInfo.objects.bulk_create(infos)
        self.branch_list = out
        return out

    # members -------------------------------------------------------------------------------
    def _member(self, admitted_on: dt.date, **kw) -> Member:
        name, sex, birth = _person(self.rng, admitted_on)
        full_on = probation_ends(admitted_on)
        m = Member(
            committee=self.committee,
            branch=self.rng.choice(self.branch_list),
            full_name=name,
            birth_date=birth,
            sex=sex,
            admitted_on=admitted_on,
            full_on=full_on if full_on <= dt.date(LAST_YEAR, 12, 31) else None,
            status=MemberStatus.FULL if full_on <= dt.date(LAST_YEAR, 12, 31) else MemberStatus.PROBATIONARY,
            **kw,
        )
        self.members.append(m)
        return m

    def roster(self) -> None:
        spec, rng = self.spec, self.rng
        cp_year, cp_count = spec.checkpoint
        up_to = range(spec.first_year, cp_year + 1)
        base = (
            cp_count
            - sum(spec.admissions.get(y, 0) for y in up_to)
            + sum(spec.departures.get(y, 0) for y in up_to)
            + sum(spec.probationary_transfers.get(y, 0) for y in up_to)
        )
        # Members admitted before the first year. Those who must reach a badge in the years the seed
        # counts are placed first; the others avoid those anniversaries, so the count is exact.
        forbidden = {y - n for y in spec.badges for n in BADGE_YEARS}
        # They were admitted by 7/11, so the badge is handed over on an award day of the year the seed
        # counts it in (the last award day is 7/11): the register below holds what the seed states.
        badge_members = []
        for y, k in sorted(spec.badges.items()):
            for i in range(k):
                n = (30, 40, 45, 50, 30, 55)[i % 6]
                badge_members.append((self._member(_day_in(rng, y - n, dt.date(y - n, 11, 7))), n))
        older = []
        while len(badge_members) + len(older) < base:
            year = spec.first_year - 1 - int(rng.triangular(0, 55, 4))
            if year in forbidden or year < 1945:
                continue
            older.append(self._member(_day_in(rng, year)))
        # Admissions, year by year, and the ones who move on the same year (probationary transfers).
        new_by_year: dict[int, list[Member]] = {}
        for y in range(spec.first_year, LAST_YEAR + 1):
            new_by_year[y] = [
                self._member(_day_in(rng, y, dt.date(y, 9, 30))) for _ in range(spec.admissions.get(y, 0))
            ]
            for m in new_by_year[y][: spec.probationary_transfers.get(y, 0)]:
                m.status, m.left_on, m.full_on = MemberStatus.TRANSFERRED_OUT, _day_in(rng, y, dt.date(y, 12, 20)), None
                if m.left_on <= m.admitted_on:
                    m.left_on = m.admitted_on + dt.timedelta(days=20)
        # Departures (deaths, transfers, removals) from members admitted before the first year.
        pool = older[:]
        rng.shuffle(pool)
        for y in range(spec.first_year, LAST_YEAR + 1):
            for _ in range(spec.departures.get(y, 0)):
                m = pool.pop()
                r = rng.random()
                m.status = (
                    MemberStatus.DECEASED
                    if r < 0.6
                    else MemberStatus.TRANSFERRED_OUT
                    if r < 0.95
                    else MemberStatus.REMOVED
                )
                m.left_on = _day_in(rng, y)
        for m in self.members:
            if rng.random() < 0.7:
                m.card_number = f"{rng.randrange(10**8, 10**9)}"
        Member.objects.bulk_create(self.members, batch_size=2000)
        BadgeAward.objects.bulk_create(
            BadgeAward(
                member=m,
                committee=self.committee,
                years=n,
                awarded_on=next_badge_date(add_months(m.admitted_on, 12 * n)),
            )
            for m, n in badge_members
        )

    # ratings -------------------------------------------------------------------------------
    def ratings(self) -> tuple[int, int]:
        spec, rng, committee = self.spec, self.rng, self.committee
        member_rows: list[MemberRating] = []
        unit_rows: list[UnitRating] = []
        for y in range(spec.first_year, LAST_YEAR + 1):
            end = dt.date(y, 12, 31)
            rated = [m for m in self.members if m.admitted_on <= end and (m.left_on is None or m.left_on > end)]
            counts = None
            if y in spec.member_shares:
                counts = levels_for_shares(len(rated), *spec.member_shares[y])
            counts = counts or default_member_levels(len(rated))
            rng.shuffle(rated)
            levels = [lv for lv, k in zip(Level.values, counts, strict=True) for _ in range(k)]
            member_rows += [
                MemberRating(member=m, committee=committee, branch_id=m.branch_id, year=y, level=lv)
                for m, lv in zip(rated, levels, strict=True)
            ]
            branches = self.branch_list[:]
            rng.shuffle(branches)
            bcounts = spec.branch_levels.get(y) or default_branch_levels(len(branches))
            blevels = [lv for lv, k in zip(Level.values, bcounts, strict=True) for _ in range(k)]
            unit_rows += [
                UnitRating(unit=b, committee=committee, year=y, level=lv)
                for b, lv in zip(branches, blevels, strict=True)
            ]
            if y in spec.committee_levels:
                unit_rows.append(
                    UnitRating(unit=committee, committee=committee, year=y, level=spec.committee_levels[y])
                )
        MemberRating.objects.bulk_create(member_rows, batch_size=5000)
        UnitRating.objects.bulk_create(unit_rows, batch_size=2000)
        return len(member_rows), len(unit_rows)

    # registers -----------------------------------------------------------------------------
    def registers(self) -> dict[str, int]:
        spec, rng, committee = self.spec, self.rng, self.committee
        residential = [b for b in self.branch_list if b.branch_kind == BranchKind.RESIDENTIAL]
        # Quy định 213-QĐ/TW (2020) replaced Quy định 76-QĐ/TW (2000): registrations carried over.
        contacts = [
            ResidenceContact(
                committee=committee,
                branch=rng.choice(residential),
                full_name=_name(rng, rng.choice((Sex.MALE, Sex.FEMALE))),
                birth_date=dt.date(rng.randint(1960, 1995), rng.randint(1, 12), rng.randint(1, 28)),
                home_organisation=rng.choice(
                    (
                        "Sở Tài chính tỉnh",
                        "Bệnh viện đa khoa tỉnh",
                        "Trường THPT số 1",
                        "Công an tỉnh",
                        "Điện lực thành phố",
                        "UBND thành phố",
                    )
                ),
                registered_on=_day_in(rng, rng.randint(2010, spec.first_year + 3)),
            )
            for _ in range(spec.contacts)
        ]
        ResidenceContact.objects.bulk_create(contacts, batch_size=2000)
        inspections = []
        for year, body, kind, subject_kind, n in spec.inspections:
            for _ in range(n):
                if subject_kind == SubjectKind.COLLECTIVE:
                    subject = rng.choice(self.branch_list).title.capitalize()
                else:
                    subject = f"đồng chí {_name(rng, rng.choice((Sex.MALE, Sex.FEMALE)))}"
                inspections.append(
                    Inspection(
                        committee=committee,
                        held_on=_day_in(rng, year),
                        body=body,
                        kind=kind,
                        subject_kind=subject_kind,
                        subject=subject,
                        topic="Việc chấp hành Điều lệ Đảng, nghị quyết của cấp ủy",
                        result="Thực hiện tốt",
                    )
                )
        Inspection.objects.bulk_create(inspections)
        Award.objects.bulk_create(
            [
                Award(
                    committee=committee,
                    year=y,
                    level=lv,
                    title=t,
                    issuer=iss,
                    recipient_kind=rk,
                    recipient=rec,
                    count=n,
                )
                for y, lv, t, iss, rk, rec, n in spec.awards
            ]
        )
        candidates = []
        for _ in range(4):
            sex = rng.choice((Sex.MALE, Sex.FEMALE))
            candidates.append(
                Candidate(
                    committee=committee,
                    branch=rng.choice(self.branch_list),
                    full_name=_name(rng, sex),
                    sex=sex,
                    birth_date=dt.date(rng.randint(1985, 2004), rng.randint(1, 12), rng.randint(1, 28)),
                    course_on=_day_in(rng, LAST_YEAR),
                )
            )
        Candidate.objects.bulk_create(candidates)
        return {
            "residence_contacts": len(contacts),
            "inspections": len(inspections),
            "awards": len(spec.awards),
            "candidates": len(candidates),
        }


def load_party_roster(committee: Unit, subject: str, spec: Roster | None = None) -> dict[str, int]:
    """One committee's roster (``subject`` picks the seed's roster and seeds the name generator)."""
    spec = spec or ROSTERS[subject]
    b = _Builder(committee, spec, subject)
    branches = b.branches()
    b.roster()
    member_ratings, unit_ratings = b.ratings()
    counts = {
        "branches": len(branches),
        "members": len(b.members),
        "member_ratings": member_ratings,
        "unit_ratings": unit_ratings,
    }
    counts.update(b.registers())
    return counts


def load_party_demo(committees: dict) -> dict[str, int]:
    """``committees`` maps the seed subject ("phường Kim Tân") to its committee Unit."""
    totals: dict[str, int] = {}
    for subject, committee in committees.items():
        if subject not in ROSTERS:
            continue
        for k, v in load_party_roster(committee, subject).items():
            totals[f"party_{k}"] = totals.get(f"party_{k}", 0) + v
    return totals
