"""Members after the 2025 merge of communes: the successor takes them over, history stays."""

from chitieu.orgs.models import BranchKind, Kind
from chitieu.orgs.tree import create_unit, merge_units
from chitieu.party.indicators import computed_indicators
from chitieu.party.models import Member, MemberStatus
from chitieu.party.records import carry_over_members
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase


class MergeTest(BaseTestCase):
    def test_carry_over(self):
        branch_b = create_unit(Kind.BRANCH, "Thôn 1", self.commune_b, branch_kind=BranchKind.RESIDENTIAL)
        add_member(self.ward_a, self.branch_a, "A", D(2010, 1, 1))
        add_member(self.ward_a, self.branch_a, "B", D(2024, 3, 1))
        add_member(self.commune_b, branch_b, "C", D(2000, 1, 1))
        add_member(self.commune_b, branch_b, "D", D(2000, 1, 1), left=D(2020, 1, 1), status=MemberStatus.DECEASED)
        on = D(2025, 7, 1)
        merged = merge_units([self.ward_a, self.commune_b], Kind.WARD, "Lào Cai Mới", on, self.admin)
        self.assertEqual(carry_over_members(self.admin, [self.ward_a, self.commune_b], merged, on), 3)
        cases = [
            (self.ward_a, 2024, "party_members", 2),
            (self.ward_a, 2025, "party_members", 0),
            (self.commune_b, 2024, "party_members", 1),
            (merged, 2025, "party_members", 3),
            (merged, 2025, "party_members_admitted", 0),
            (self.ward_a, 2024, "party_members_admitted", 1),
        ]
        for unit, year, key, expected in cases:
            with self.subTest(unit=unit.name, year=year, key=key):
                self.assertEqual(computed_indicators(unit, year)[key], expected)
        self.assertEqual(
            set(Member.objects.filter(committee=merged).values_list("branch__parent", flat=True)), {merged.pk}
        )
