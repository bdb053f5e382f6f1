"""Party badges: who reaches 30, 40, 45, … years of membership in a year, and the date to propose."""

from django.test import override_settings

from chitieu.party.indicators import badges_due, computed_indicators, next_badge_date
from chitieu.party.models import BadgeAward
from tests.party.helpers import D, add_member
from tests.web.base import BaseTestCase

# The usual dates 3/2, 19/5, 2/9, 7/11 as MM-DD. (The settings' default spells 3/2 as "03-02", which
# reads as 2 March: reported to the lead; the tests pin the intended dates.)
USUAL = ["02-03", "05-19", "09-02", "11-07"]


@override_settings(CHITIEU_BADGE_DATES=USUAL)
class BadgesTest(BaseTestCase):
    def test_milestones(self):
        a, b = self.ward_a, self.branch_a
        # (admitted, left, expected badge years in 2025 or None)
        cases = [
            (D(1995, 3, 1), None, 30),
            (D(1985, 12, 20), None, 40),
            (D(1980, 6, 1), None, 45),
            (D(1975, 1, 1), None, 50),
            (D(1935, 9, 2), None, 90),
            (D(1990, 3, 1), None, None),  # 35 years: no badge
            (D(1995, 7, 1), D(2025, 5, 1), None),  # transferred before the anniversary
            (D(1965, 2, 1), D(2025, 3, 1), 60),  # reached it before leaving
        ]
        members = [
            add_member(
                a, b, f"Người {i}", adm, left=left, status="deceased" if left else None, birth=D(adm.year - 20, 1, 1)
            )
            for i, (adm, left, _) in enumerate(cases)
        ]
        due = {d.member.pk: d for d in badges_due(a, 2025)}
        for m, (_, _, expected) in zip(members, cases, strict=True):
            with self.subTest(member=m.full_name):
                self.assertEqual(due[m.pk].years if m.pk in due else None, expected)
        # Due is not awarded: the indicator ("được tặng", Biểu 7) counts the register, which is empty here.
        self.assertNotIn("party_badges", computed_indicators(a, 2025))
        for d in list(due.values())[:2]:
            BadgeAward.objects.create(member=d.member, committee=a, years=d.years, awarded_on=d.award_on)
        self.assertEqual(computed_indicators(a, 2025)["party_badges"], 2)
        self.assertEqual(computed_indicators(a, 2024)["party_badges"], 0)  # a register, nothing that year

    def test_award_dates(self):
        cases = [
            (D(2025, 1, 10), D(2025, 2, 3)),
            (D(2025, 2, 3), D(2025, 2, 3)),
            (D(2025, 5, 20), D(2025, 9, 2)),
            (D(2025, 11, 8), D(2026, 2, 3)),
        ]
        for day, expected in cases:
            with self.subTest(day=day):
                self.assertEqual(next_badge_date(day), expected)
        with override_settings(CHITIEU_BADGE_DATES=["12-19"]):
            self.assertEqual(next_badge_date(D(2025, 1, 10)), D(2025, 12, 19))

    def test_page_and_export(self):
        add_member(self.ward_a, self.branch_a, "Trần Văn Ba Mươi", D(1995, 12, 1), birth=D(1970, 1, 1))
        self.login(self.viewer)
        r = self.client.get(f"/party/{self.ward_a.pk}/badges/2025/")
        self.assertContains(r, "Trần Văn Ba Mươi")
        self.assertContains(r, "Huy hiệu 30 năm: 1")
        self.assertContains(r, "03/02/2026")  # after 7/11, the next usual date is 3/2 of the next year
        r = self.client.get(f"/party/{self.ward_a.pk}/badges/2025/?format=csv")
        self.assertIn("Trần Văn Ba Mươi,01/01/1970,Tổ 1,01/12/1995,30,01/12/2025,03/02/2026", r.content.decode())
