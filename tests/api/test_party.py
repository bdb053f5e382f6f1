"""The Party registry in the JSON API: the pages' access rules (names for the committee's own users,
counts for the level above), filters, paging, bad parameters, the forms' figures and query counts."""

import datetime as dt
import json
from decimal import Decimal

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from chitieu.orgs.models import AuditEntry, Kind
from chitieu.orgs.tree import create_unit
from chitieu.party.models import (
    BranchInfo,
    Education,
    EntryKind,
    Level,
    MemberRating,
    MemberStatus,
    Occupation,
    Sex,
    UnitRating,
)
from chitieu.party.statforms import FORMS, Period, build_form
from tests.party.helpers import D, add_member

from .base import ApiTestCase

HUGE = 10**30
READERS = ["admin", "editor", "viewer", "province_viewer", "reviewer"]
OWN = {"admin", "editor", "viewer"}  # see ward A's names
NAMES_A = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Đỗ Văn Đạt", "Phạm Văn Dũng"]


class PartyApiTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        a, b1 = cls.ward_a, cls.branch_a
        cls.branch_a2 = create_unit(Kind.BRANCH, "Tổ 2", a)
        BranchInfo.objects.create(branch=cls.branch_a2, founded_on=D(2010, 1, 1), dissolved_on=D(2025, 1, 1))
        cls.an = add_member(
            a, b1, "Nguyễn Văn An", D(2015, 3, 2), ethnicity="Kinh", religion="không",
            occupation=Occupation.RETIRED, education=Education.UPPER_SECONDARY, card_number="123456",
            card_issued_on=D(2016, 5, 19), youth_union=True,
        )  # fmt: skip
        cls.binh = add_member(
            a, b1, "Trần Thị Bình", D(2024, 3, 10), full=False, sex=Sex.FEMALE, entry_kind=EntryKind.ADMITTED
        )
        cls.cuong = add_member(
            a, cls.branch_a2, "Lê Văn Cường", D(2024, 5, 20), full=False, entry_kind=EntryKind.READMITTED
        )
        cls.dat = add_member(
            a, b1, "Đỗ Văn Đạt", D(2024, 2, 1), transferred_in=True, joined_on=D(2024, 4, 1),
            entry_kind=EntryKind.TRANSFERRED_IN,
        )  # fmt: skip
        cls.dung = add_member(a, b1, "Phạm Văn Dũng", D(1990, 1, 1), status=MemberStatus.DECEASED, left=D(2023, 6, 1))
        add_member(cls.commune_b, create_unit(Kind.BRANCH, "Thôn 1", cls.commune_b), "Hoàng Văn Em", D(2024, 7, 1))
        add_member(cls.commune_c, create_unit(Kind.BRANCH, "Thôn 9", cls.commune_c), "Ngô Văn Ngoài", D(2024, 7, 1))
        for m, level, score in (
            (cls.an, Level.EXCELLENT, Decimal("95.50")),
            (cls.cuong, Level.EXCELLENT, None),
            (cls.binh, Level.GOOD, Decimal("85")),
            (cls.dat, Level.GOOD, None),
        ):
            MemberRating.objects.create(member=m, committee=a, branch=m.branch, year=2024, level=level, score=score)
        UnitRating.objects.create(unit=b1, committee=a, year=2024, level=Level.GOOD)
        UnitRating.objects.create(unit=a, committee=a, year=2024, level=Level.EXCELLENT)

    def get(self, persona, url, params=None, auth="session"):
        return self.call(persona, "get", url, params, auth=auth)

    def url(self, what: str, unit=None) -> str:
        unit = unit or self.ward_a
        if what.startswith("forms"):
            return f"/api/units/{unit.pk}/{what}"
        return f"/api/committees/{unit.pk}/{what}"


class AccessMatrixTests(PartyApiTestCase):
    # (endpoint, params, status for the own users, for the level above)
    ENDPOINTS = [
        ("branches", {}, 200, 200),
        ("members", {}, 200, 403),
        ("admissions", {"year": 2024}, 200, 200),
        ("ratings", {"year": 2024}, 200, 200),
        ("forms", {"period": "2024"}, 200, 200),
        ("forms/3", {"period": "2024"}, 200, 200),
        ("forms/6", {"period": "2024", "include_ids": "true"}, 200, 403),
    ]

    def test_every_persona_on_every_endpoint(self):
        for what, params, own_status, above_status in self.ENDPOINTS:
            for persona in [*READERS, "outsider", None]:
                with self.subTest(what=what, persona=persona):
                    r = self.get(persona, self.url(what), params)
                    if persona is None:
                        expected = 401
                    elif persona == "outsider":
                        expected = 404
                    else:
                        expected = own_status if persona in OWN else above_status
                    self.assertEqual(r.status_code, expected, r.content[:300])
                    self.assertTrue(r["Content-Type"].startswith("application/json"))
                    body = r.content.decode()
                    if r.status_code >= 400:
                        self.assertIn("detail", r.json())
                    if persona not in OWN:
                        for name in NAMES_A:  # nothing personal leaks to the level above or outside
                            self.assertNotIn(name, body)

    def test_the_level_above_is_told_where_the_counts_are(self):
        detail = self.get("province_viewer", self.url("members")).json()["detail"]
        self.assertIn("Cấp trên chỉ xem số lượng", detail)
        self.assertIn("counts only", detail)
        self.assertIn("/forms", detail)

    def test_own_users_see_names_the_level_above_counts(self):
        for persona in ("editor", "viewer", "province_viewer"):
            with self.subTest(persona=persona):
                adm = self.ok(self.get(persona, self.url("admissions"), {"year": 2024}))
                rat = self.ok(self.get(persona, self.url("ratings"), {"year": 2024}))
                self.assertEqual(adm["count"], 2)
                self.assertEqual(rat["members"]["total"], 4)
                own = persona in OWN
                self.assertEqual(adm["personal"], own)
                self.assertEqual(rat["personal"], own)
                if own:
                    self.assertEqual([i["full_name"] for i in adm["items"]], ["Trần Thị Bình", "Lê Văn Cường"])
                    self.assertEqual(len(rat["member_ratings"]), 4)
                else:
                    self.assertIsNone(adm["items"])
                    self.assertIsNone(rat["member_ratings"])

    def test_a_token_works_as_a_session_does(self):
        self.ok(self.get("editor", self.url("members"), auth="token"))
        r = self.get("province_viewer", self.url("members"), auth="token")
        self.assertEqual(r.status_code, 403)

    def test_committee_endpoints_need_a_committee(self):
        for what in ("branches", "members", "admissions", "ratings"):
            for unit in (self.province, self.branch_a):
                with self.subTest(what=what, unit=unit.title):
                    r = self.get("admin", self.url(what, unit))
                    self.assertEqual(r.status_code, 404, r.content[:200])
                    self.assertIn("detail", r.json())

    def test_forms_of_a_province_for_the_level_above(self):
        body = self.ok(self.get("province_viewer", self.url("forms", self.province), {"period": "2024"}))
        self.assertEqual(body["unit"]["id"], self.province.pk)
        self.assertEqual([f["form"] for f in body["forms"]], sorted(FORMS))
        # A province's forms add up its committees: ward A's and commune B's, not C's.
        form3 = next(f for f in body["forms"] if f["form"] == 3)
        self.assertEqual(next(ln for ln in form3["lines"] if ln["key"] == "I")["now"], "5")
        self.assertEqual(self.get("outsider", self.url("forms", self.province)).status_code, 404)

    def test_member_reads_are_audited_and_hidden_from_the_level_above(self):
        self.ok(self.get("editor", self.url("members"), {"q": "An"}))
        entry = AuditEntry.objects.get(action="member.api_read")
        self.assertEqual(entry.unit, self.ward_a)
        self.assertEqual(entry.new["q"], "An")
        audit = self.ok(self.get("province_viewer", f"/api/units/{self.ward_a.pk}/audit"))
        row = next(e for e in audit["items"] if e["action"] == "member.api_read")
        self.assertIsNone(row["new"])


class BranchTests(PartyApiTestCase):
    def test_branches_with_their_members_on_a_day(self):
        cases = [
            # on, {branch name: (active, members, probationary)}, active branches
            ("2022-06-01", {"Tổ 1": (True, 2, 0), "Tổ 2": (True, 0, 0)}, 2),
            # Đạt (full from 1/2/2025) is still probationary at the end of 2024; Bình and Cường are never made full.
            ("2024-12-31", {"Tổ 1": (True, 3, 2), "Tổ 2": (True, 1, 1)}, 2),
            ("2026-01-01", {"Tổ 1": (True, 3, 1), "Tổ 2": (False, 1, 1)}, 1),
        ]
        for on, expected, active in cases:
            with self.subTest(on=on):
                body = self.ok(self.get("province_viewer", self.url("branches"), {"on": on}))
                self.assertEqual(body["on"], on)
                got = {b["name"]: (b["active"], b["members"], b["probationary"]) for b in body["items"]}
                self.assertEqual(got, expected)
                self.assertEqual(body["count"], active)
                self.assertEqual(body["members"], sum(v[1] for v in expected.values()))
        tổ2 = next(b for b in body["items"] if b["name"] == "Tổ 2")
        self.assertEqual((tổ2["founded_on"], tổ2["dissolved_on"]), ("2010-01-01", "2025-01-01"))
        tổ1 = next(b for b in body["items"] if b["name"] == "Tổ 1")
        self.assertEqual((tổ1["branch_kind"], tổ1["branch_kind_label"]), ("residential", "khu dân cư"))

    def test_default_day_is_today(self):
        body = self.ok(self.get("editor", self.url("branches")))
        self.assertEqual(body["on"], dt.date.today().isoformat())


class MemberTests(PartyApiTestCase):
    def names(self, params=None, persona="viewer"):
        return [m["full_name"] for m in self.ok(self.get(persona, self.url("members"), params))["items"]]

    def test_filters(self):
        all_a = ["Đỗ Văn Đạt", "Nguyễn Văn An", "Phạm Văn Dũng", "Trần Thị Bình", "Lê Văn Cường"]
        cases = [
            ({}, all_a),
            ({"status": "all"}, all_a),
            ({"status": "active"}, ["Đỗ Văn Đạt", "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]),
            ({"status": "deceased"}, ["Phạm Văn Dũng"]),
            ({"status": "probationary"}, ["Trần Thị Bình", "Lê Văn Cường"]),
            ({"branch": self.branch_a2.pk}, ["Lê Văn Cường"]),
            ({"branch": self.commune_c.pk}, []),  # not this committee's: nothing of C's
            ({"on": "2022-06-01"}, ["Nguyễn Văn An", "Phạm Văn Dũng"]),
            ({"on": "2024-03-31"}, ["Nguyễn Văn An", "Trần Thị Bình"]),  # Đạt came on 1/4
            ({"on": "2024-12-31", "branch": self.branch_a.pk}, ["Đỗ Văn Đạt", "Nguyễn Văn An", "Trần Thị Bình"]),
            ({"q": "văn"}, ["Đỗ Văn Đạt", "Nguyễn Văn An", "Phạm Văn Dũng", "Lê Văn Cường"]),
            ({"q": "  Bình "}, ["Trần Thị Bình"]),
            ({"q": "123456"}, ["Nguyễn Văn An"]),  # the card number
            ({"q": "Ngoài"}, []),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                # The order is the database's collation ("Đ" after "Z" on SQLite): compare as sets.
                self.assertCountEqual(self.names(params), expected)

    def test_the_statistical_fields(self):
        items = self.ok(self.get("editor", self.url("members"), {"q": "Nguyễn"}))["items"]
        an = items[0]
        self.assertEqual(an["branch"], {"id": self.branch_a.pk, "name": "Tổ 1"})
        for field, value in {
            "ethnicity": "Kinh",
            "religion": "không",
            "occupation": "retired",
            "education": "upper_secondary",
            "qualification": "",
            "theory": "",
            "youth_union": True,
            "entry_kind": "",
            "leave_reason": "",
            "exempt_since": None,
            "card_issued_on": "2016-05-19",
            "admitted_on": "2015-03-02",
            "birth_date": "1980-01-01",
            "status": "full",
        }.items():
            self.assertEqual(an[field], value, field)
        self.assertEqual(an["labels"]["occupation"], "Đã nghỉ hưu và nghỉ công tác")
        self.assertEqual(an["labels"]["status"], "chính thức")
        self.assertNotIn("theory", an["labels"])

    def test_paging(self):
        everyone = self.names()
        seen = []
        for offset in range(0, 6, 2):
            body = self.ok(self.get("editor", self.url("members"), {"limit": 2, "offset": offset}))
            self.assertEqual((body["count"], body["limit"], body["offset"]), (5, 2, offset))
            seen += [m["full_name"] for m in body["items"]]
        self.assertEqual(seen, everyone)
        self.assertEqual(self.ok(self.get("editor", self.url("members"), {"offset": 50}))["items"], [])


class AdmissionAndRatingTests(PartyApiTestCase):
    def test_admissions_by_month_count_admissions_not_transfers(self):
        body = self.ok(self.get("province_viewer", self.url("admissions"), {"year": 2024}))
        months = [0] * 12
        months[2] = months[4] = 1  # Bình in March, Cường (re-admitted) in May; Đạt came by transfer
        self.assertEqual((body["count"], body["by_month"]), (2, months))
        # The same count as Biểu 2.
        form2 = build_form(self.ward_a, 2, Period(2024))
        self.assertEqual(form2.line("I").now, body["count"])
        empty = self.ok(self.get("editor", self.url("admissions"), {"year": 2019}))
        self.assertEqual((empty["count"], empty["by_month"], empty["items"]), (0, [0] * 12, []))

    def test_ratings_and_the_cap(self):
        body = self.ok(self.get("province_viewer", self.url("ratings"), {"year": 2024}))
        self.assertEqual(body["committee_level"], "excellent")
        counts = {lv["level"]: lv["count"] for lv in body["members"]["levels"]}
        self.assertEqual(counts, {"excellent": 2, "good": 2, "completed": 0, "not_completed": 0})
        self.assertEqual(body["members"]["levels"][0]["rate"], "50")
        self.assertEqual(body["branches"]["total"], 1)  # the committee's own rating is not a branch's
        rows = {r["branch"]["name"]: r for r in body["branch_rows"]}
        self.assertEqual(rows["Tổ 1"]["level"], "good")
        self.assertEqual(rows["Tổ 1"]["members"], {"excellent": 1, "good": 2, "completed": 0, "not_completed": 0})
        self.assertIsNone(rows["Tổ 2"]["level"])
        cap = body["cap"]
        self.assertEqual((cap["cap_pct"], cap["excellent"], cap["good_or_better"]), (20, 2, 4))
        self.assertEqual((cap["allowed"], cap["over_by"], cap["over_cap"], cap["share"]), (0, 2, True, "50"))
        self.assertIn("HTXSNV vượt 20%", cap["message"])
        with override_settings(CHITIEU_EXCELLENT_CAP_PCT=50):
            cap = self.ok(self.get("editor", self.url("ratings"), {"year": 2024}))["cap"]
        self.assertEqual((cap["allowed"], cap["over_by"], cap["over_cap"], cap["message"]), (2, 0, False, ""))

    def test_member_ratings_for_own_users(self):
        body = self.ok(self.get("viewer", self.url("ratings"), {"year": 2024}))
        got = [(r["full_name"], r["branch"]["name"], r["level"], r["score"]) for r in body["member_ratings"]]
        self.assertCountEqual(
            got,
            [
                ("Đỗ Văn Đạt", "Tổ 1", "good", None),
                ("Nguyễn Văn An", "Tổ 1", "excellent", "95.5"),
                ("Trần Thị Bình", "Tổ 1", "good", "85"),
                ("Lê Văn Cường", "Tổ 2", "excellent", None),
            ],
        )

    def test_a_year_without_ratings(self):
        body = self.ok(self.get("editor", self.url("ratings"), {"year": 2020}))
        self.assertEqual((body["members"]["total"], body["cap"]["share"], body["member_ratings"]), (0, None, []))


class FormTests(PartyApiTestCase):
    def test_the_figures_are_the_pages(self):
        for unit in (self.ward_a, self.province):
            for period in ("2024", "2024-6t", "2023"):
                body = self.ok(self.get("province_viewer", self.url("forms", unit), {"period": period}))
                self.assertEqual(body["period"], period)
                for number in FORMS:
                    with self.subTest(unit=unit.title, period=period, number=number):
                        expected = json.loads(json.dumps(build_form(unit, number, _period(period)).as_dict()))
                        one = self.ok(self.get("viewer" if unit == self.ward_a else "reviewer",
                                               self.url(f"forms/{number}", unit), {"period": period}))  # fmt: skip
                        listed = next(f for f in body["forms"] if f["form"] == number)
                        for got in (one, listed):
                            for line in got["lines"]:
                                self.assertIsNone(line.pop("member_ids"))
                            self.assertEqual(got, expected)

    def test_include_ids(self):
        url = self.url("forms/3")
        body = self.ok(self.get("editor", url, {"period": "2024", "include_ids": "true"}))
        expected = build_form(self.ward_a, 3, Period(2024)).as_dict(ids=True)
        self.assertEqual([ln["member_ids"] for ln in body["lines"]], [ln["member_ids"] for ln in expected["lines"]])
        self.assertEqual(
            sorted(next(ln for ln in body["lines"] if ln["key"] == "I")["member_ids"]),
            sorted([self.an.pk, self.binh.pk, self.cuong.pk, self.dat.pk]),
        )
        cases = [
            ("province_viewer", self.ward_a, "forms/3", 403, "Cấp trên"),
            ("reviewer", self.ward_a, "forms", 403, "Cấp trên"),
            ("province_viewer", self.province, "forms/3", 400, "Chỉ biểu của một Đảng bộ"),
            ("admin", self.province, "forms", 400, "Chỉ biểu của một Đảng bộ"),
        ]
        for persona, unit, what, status, message in cases:
            with self.subTest(persona=persona, unit=unit.title, what=what):
                r = self.get(persona, self.url(what, unit), {"period": "2024", "include_ids": "true"})
                self.assertEqual(r.status_code, status, r.content[:300])
                self.assertIn(message, r.json()["detail"])
                self.assertNotIn("member_ids", r.content.decode())

    def test_default_period_is_the_pages(self):
        today = dt.date.today()
        expected = str(today.year - 1) if today.month < 7 else f"{today.year}-6t"
        self.assertEqual(self.ok(self.get("editor", self.url("forms/1")))["period"], expected)


def _period(text):
    from chitieu.party.statforms import parse_period

    return parse_period(text)


class BadParameterTests(PartyApiTestCase):
    def test_bad_parameters_are_json_4xx(self):
        a = self.ward_a.pk
        cases = [
            (f"/api/committees/{a}/branches", {"on": "2024-13-45"}, 422),
            (f"/api/committees/{a}/branches", {"on": "hôm nay"}, 422),
            (f"/api/committees/{a}/members", {"on": "2024-02-30"}, 422),
            (f"/api/committees/{a}/members", {"limit": 1001}, 422),
            (f"/api/committees/{a}/members", {"limit": 0}, 422),
            (f"/api/committees/{a}/members", {"offset": -1}, 422),
            (f"/api/committees/{a}/members", {"offset": HUGE}, 422),
            (f"/api/committees/{a}/members", {"status": "alive"}, 422),
            (f"/api/committees/{a}/members", {"branch": HUGE}, 422),
            (f"/api/committees/{a}/members", {"branch": "Tổ 1"}, 422),
            (f"/api/committees/{a}/members", {"q": "x" * 101}, 422),
            (f"/api/committees/{a}/members", {"q": "a\x00b"}, 400),
            (f"/api/committees/{a}/admissions", {"year": 1800}, 422),
            (f"/api/committees/{a}/admissions", {"year": HUGE}, 422),
            (f"/api/committees/{a}/admissions", {"year": "２０２４"}, 422),
            (f"/api/committees/{a}/ratings", {"year": 2101}, 422),
            (f"/api/committees/{a}/ratings", {"year": "năm ngoái"}, 422),
            (f"/api/units/{a}/forms", {"period": "24"}, 400),
            (f"/api/units/{a}/forms", {"period": "2024-12"}, 400),
            (f"/api/units/{a}/forms/3", {"period": "3000"}, 400),
            (f"/api/units/{a}/forms/3", {"period": "x" * 21}, 422),
            (f"/api/units/{a}/forms/3", {"include_ids": "maybe"}, 422),
            (f"/api/units/{a}/forms/4", {"period": "2024"}, 404),
            (f"/api/units/{a}/forms/{HUGE}", {}, 404),
            (f"/api/units/{a}/forms/-1", {}, 404),
            (f"/api/committees/{HUGE}/members", {}, 404),
            (f"/api/committees/{HUGE}/ratings", {}, 404),
            (f"/api/units/{HUGE}/forms", {}, 404),
            ("/api/committees/abc/branches", {}, 422),
        ]
        client = Client()
        client.force_login(self.editor)
        for url, params, status in cases:
            with self.subTest(url=url, params=str(params)[:60]):
                r = client.get(url, params)
                self.assertEqual(r.status_code, status, r.content[:300])
                self.assertTrue(r["Content-Type"].startswith("application/json"))
                self.assertIn("detail", r.json())
                self.assertNotIn("Traceback", r.content.decode())

    def test_a_bad_period_says_so_in_vietnamese(self):
        r = self.get("editor", self.url("forms/1"), {"period": "24"})
        self.assertEqual(r.status_code, 400)
        self.assertIn("Kỳ báo cáo không hợp lệ", r.json()["detail"])
        r = self.get("editor", self.url("forms/4"))
        self.assertIn("Không có biểu số 4", r.json()["detail"])


class OpenApiTests(PartyApiTestCase):
    def test_the_endpoints_are_documented(self):
        doc = Client().get("/api/openapi.json").json()
        paths = {
            "/api/committees/{unit_id}/branches": "PartyBranchesOut",
            "/api/committees/{unit_id}/members": "PartyMemberPage",
            "/api/committees/{unit_id}/admissions": "PartyAdmissionsOut",
            "/api/committees/{unit_id}/ratings": "PartyRatingsOut",
            "/api/units/{unit_id}/forms": "PartyFormsOut",
            "/api/units/{unit_id}/forms/{number}": "PartyFormOut",
        }
        for path, schema in paths.items():
            with self.subTest(path=path):
                self.assertEqual(set(doc["paths"][path]), {"get"})
                op = doc["paths"][path]["get"]
                self.assertEqual(op["tags"], ["party"])
                self.assertTrue(op["summary"] and op["description"])
                self.assertTrue(op["security"])
                self.assertIn(schema, json.dumps(op["responses"]["200"]))
        members = doc["components"]["schemas"]["PartyMemberOut"]["properties"]
        for field in ("ethnicity", "religion", "occupation", "education", "qualification", "theory",
                      "youth_union", "entry_kind", "leave_reason", "exempt_since", "card_issued_on"):  # fmt: skip
            self.assertIn(field, members)


class QueryCountTests(PartyApiTestCase):
    """Each endpoint at 5 members (3 more in other committees), then at 45 with more branches and
    ratings: the number of queries must not change."""

    CALLS = [
        ("editor", "branches", None, {}),
        ("province_viewer", "branches", None, {"on": "2024-12-31"}),
        ("editor", "members", None, {}),
        ("viewer", "members", None, {"status": "active", "on": "2024-12-31", "q": "Văn", "branch": "branch"}),
        ("editor", "admissions", None, {"year": 2024}),
        ("province_viewer", "admissions", None, {"year": 2024}),
        ("editor", "ratings", None, {"year": 2024}),
        ("province_viewer", "ratings", None, {"year": 2024}),
        ("editor", "forms", None, {"period": "2024", "include_ids": "true"}),
        ("editor", "forms/3", None, {"period": "2024-6t"}),
        ("province_viewer", "forms", "province", {"period": "2024"}),
        ("province_viewer", "forms/6", "province", {"period": "2024"}),
    ]

    def measure(self) -> list[int]:
        counts = []
        for persona, what, unit, params in self.CALLS:
            unit = getattr(self, unit) if unit else None
            params = {k: (self.branch_a.pk if v == "branch" else v) for k, v in params.items()}
            client = Client()
            client.force_login(getattr(self, persona))
            with CaptureQueriesContext(connection) as ctx:
                r = client.get(self.url(what, unit), params)
            self.assertEqual(r.status_code, 200, r.content[:300])
            counts.append(len(ctx.captured_queries))
        return counts

    def grow(self):
        """40 more members of ward A over 4 more branches, admitted, rated; 5 more committees."""
        branches = [self.branch_a] + [create_unit(Kind.BRANCH, f"Tổ {10 + i}", self.ward_a) for i in range(4)]
        for i in range(40):
            branch = branches[i % len(branches)]
            m = add_member(self.ward_a, branch, f"Văn Thêm {i}", D(2024, 1 + i % 12, 1), full=i % 2 == 0)
            MemberRating.objects.create(
                member=m, committee=self.ward_a, branch=branch, year=2024, level=list(Level)[i % 4]
            )
        for b in branches[1:]:
            UnitRating.objects.create(unit=b, committee=self.ward_a, year=2024, level=Level.GOOD)
        for i in range(5):
            c = create_unit(Kind.COMMUNE, f"Xã {i}", self.province)
            b = create_unit(Kind.BRANCH, f"Chi bộ {i}", c)
            for j in range(3):
                add_member(c, b, f"Người {i}.{j}", D(2020, 1, 1))

    def test_query_counts_do_not_grow_with_the_data(self):
        small = self.measure()
        self.grow()
        big = self.measure()
        for call, s, b in zip(self.CALLS, small, big, strict=True):
            with self.subTest(call=call[:2]):
                self.assertEqual(b, s)
        # assertNumQueries at the larger size, on the list endpoints.
        for (persona, what, unit, params), n in zip(self.CALLS, big, strict=True):
            if what in ("members", "branches"):
                client = Client()
                client.force_login(getattr(self, persona))
                params = {k: (self.branch_a.pk if v == "branch" else v) for k, v in params.items()}
                with self.assertNumQueries(n):
                    client.get(self.url(what, getattr(self, unit) if unit else None), params)
        body = self.ok(self.get("editor", self.url("members"), {"limit": 1000}))
        self.assertEqual(body["count"], 45)
