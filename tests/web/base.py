"""The shared base test case: a small tree and one persona per role (healthchecks style).

    thành phố Lào Cai (province-level parent P)      tỉnh Khác (another province Q)
    ├── phường Kim Tân (committee A)                 └── xã Ngoài (committee C)
    │   └── chi bộ Tổ 1 (branch of A)
    └── xã Hợp Thành (committee B)

Personas: admin (superuser); editor (editor of A); viewer (viewer of A); province (viewer of P);
reviewer (reviewer of P); outsider (editor of C). All passwords are "password".
"""

from decimal import Decimal

from django.contrib.auth.models import User
from django.test import TestCase

from chitieu.core.targets import parse_target
from chitieu.orgs.models import BranchKind, Grant, Kind, Role
from chitieu.orgs.tree import create_unit
from chitieu.plans.models import Result, Status, Target, Term
from chitieu.plans.workflow import target_fields

PASSWORD = "password"


def make_target(term: Term, number: int, phrase: str, year: int | None = None) -> Target:
    return Target.objects.create(term=term, **target_fields(parse_target(phrase), number=number, year=year))


def populate(ns) -> None:
    """Create the tree, personas, terms, targets and results as attributes of ``ns``."""
    ns.province = create_unit(Kind.CITY, "Lào Cai")
    ns.ward_a = create_unit(Kind.WARD, "Kim Tân", ns.province)
    ns.branch_a = create_unit(Kind.BRANCH, "Tổ 1", ns.ward_a, branch_kind=BranchKind.RESIDENTIAL)
    ns.commune_b = create_unit(Kind.COMMUNE, "Hợp Thành", ns.province)
    ns.other_province = create_unit(Kind.PROVINCE, "Khác")
    ns.commune_c = create_unit(Kind.COMMUNE, "Ngoài", ns.other_province)

    def user(name, unit=None, role=None, **kw):
        u = User.objects.create_user(name, password=PASSWORD, **kw)
        if unit is not None:
            Grant.objects.create(user=u, unit=unit, role=role)
        return u

    ns.admin = user("admin", is_superuser=True, is_staff=True)
    ns.editor = user("editor", ns.ward_a, Role.EDITOR)
    ns.viewer = user("viewer", ns.ward_a, Role.VIEWER)
    ns.province_viewer = user("province", ns.province, Role.VIEWER)
    ns.reviewer = user("reviewer", ns.province, Role.REVIEWER)
    ns.outsider = user("outsider", ns.commune_c, Role.EDITOR)

    ns.term_a = Term.objects.create(committee=ns.ward_a, start_year=2020, end_year=2025, congress_ordinal=7)
    ns.growth = make_target(ns.term_a, 1, "Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm")
    ns.admissions = make_target(ns.term_a, 2, "Kết nạp 10 đảng viên/năm")
    ns.poverty = make_target(ns.term_a, 3, "Giảm tỷ lệ hộ nghèo còn dưới 3%")
    for year, value in ((2021, "11"), (2022, "12.5")):
        Result.objects.create(target=ns.growth, year=year, value=Decimal(value), status=Status.APPROVED)
    Result.objects.create(target=ns.admissions, year=2021, value=Decimal(12), status=Status.SUBMITTED)
    Result.objects.create(target=ns.poverty, year=2021, value=Decimal("2.5"), status=Status.DRAFT)

    ns.term_c = Term.objects.create(committee=ns.commune_c, start_year=2020, end_year=2025)
    ns.target_c = make_target(ns.term_c, 1, "Thu ngân sách 5 tỷ đồng")
    ns.result_c = Result.objects.create(target=ns.target_c, year=2021, value=Decimal(6_000_000_000))


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        populate(cls)

    def login(self, user):
        self.client.force_login(user)
