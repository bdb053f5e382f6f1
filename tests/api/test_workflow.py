"""Results: draft → submitted → approved by the level above, locks, the audit trail, and bad input."""

from decimal import Decimal

from chitieu.orgs.models import AuditEntry, Kind
from chitieu.orgs.tree import merge_units
from chitieu.plans.evaluation import evaluate_term, summary
from chitieu.plans.models import Result, Status, Target

from .base import ApiTestCase


class ResultWorkflowTests(ApiTestCase):
    def put(self, persona, target, year, body):
        return self.call(persona, "put", f"/api/targets/{target.pk}/results/{year}", body)

    def test_enter_submit_approve_lock_reopen(self):
        r = self.ok(self.put("editor", self.poverty, 2022, {"text": "2,1%"}), 201)
        self.assertEqual((r["value"], r["display"], r["status"], r["entered_by"]), ("2.1", "2,1%", "draft", "editor"))
        self.assertEqual(r["actions"], ["edit", "delete", "submit"])
        rid = r["id"]
        r = self.ok(self.put("editor", self.poverty, 2022, {"value": "2.05"}))  # a change: 200, not 201
        self.assertEqual(r["value"], "2.05")
        entry = AuditEntry.objects.filter(object_id=str(rid), action="result.update").get()
        self.assertEqual((Decimal(entry.old["value"]), Decimal(entry.new["value"])), (Decimal("2.1"), Decimal("2.05")))
        self.assertEqual(entry.user, self.editor)

        # The editor cannot approve their own figures; the reviewer of the level above can.
        self.assertEqual(self.call("editor", "post", f"/api/results/{rid}/approve").status_code, 403)
        r = self.ok(self.call("editor", "post", f"/api/results/{rid}/submit"))
        self.assertEqual(r["status"], "submitted")
        r = self.call("editor", "post", f"/api/results/{rid}/submit")
        self.assertEqual(r.status_code, 409)
        self.assertIn("cannot move from status submitted", r.json()["detail"])
        self.assertEqual(self.call("province_viewer", "post", f"/api/results/{rid}/approve").status_code, 403)
        r = self.ok(self.call("reviewer", "post", f"/api/results/{rid}/approve"))
        self.assertEqual((r["status"], r["locked"], r["actions"]), ("approved", True, ["reopen"]))

        # Approved figures are locked: no change, no deletion, until reopened.
        r = self.put("editor", self.poverty, 2022, {"value": "1"})
        self.assertEqual(r.status_code, 409)
        self.assertEqual(
            r.json()["detail"],
            "Số liệu đã được duyệt, cần mở lại trước khi sửa / approved figures are locked until reopened",
        )
        self.assertEqual(self.call("editor", "delete", f"/api/targets/{self.poverty.pk}/results/2022").status_code, 409)
        self.assertEqual(Result.objects.get(pk=rid).value, Decimal("2.05"))
        self.assertEqual(self.call("editor", "post", f"/api/results/{rid}/reopen").status_code, 403)
        r = self.ok(self.call("reviewer", "post", f"/api/results/{rid}/reopen"))
        self.assertEqual(r["status"], "draft")
        self.ok(self.put("editor", self.poverty, 2022, {"value": "1"}))

        actions = list(
            AuditEntry.objects.filter(object_type="result", object_id=str(rid))
            .order_by("id")
            .values_list("action", "user__username")
        )
        self.assertEqual(
            actions,
            [
                ("result.create", "editor"),
                ("result.update", "editor"),
                ("result.submit", "editor"),
                ("result.approve", "reviewer"),
                ("result.reopen", "reviewer"),
                ("result.update", "editor"),
            ],
        )

    def test_the_audit_log_shows_who_when_old_and_new(self):
        self.ok(self.put("editor", self.poverty, 2021, {"value": "2.4"}))
        log = self.ok(self.call("viewer", "get", f"/api/units/{self.ward_a.pk}/audit"))
        entry = log["items"][0]
        self.assertEqual(
            (entry["user"], entry["action"], entry["unit"]["id"]), ("editor", "result.update", self.ward_a.pk)
        )
        self.assertEqual(Decimal(entry["old"]["value"]), Decimal("2.5"))
        self.assertEqual(Decimal(entry["new"]["value"]), Decimal("2.4"))
        self.assertTrue(entry["at"])
        # The province sees it under its own unit; the committee's users do not see the province's log.
        self.assertEqual(
            self.ok(self.call("province_viewer", "get", f"/api/units/{self.province.pk}/audit"))["count"], 1
        )
        self.assertEqual(self.call("editor", "get", f"/api/units/{self.province.pk}/audit").status_code, 404)
        only = self.ok(self.call("admin", "get", f"/api/units/{self.ward_a.pk}/audit", {"action": "result.create"}))
        self.assertEqual(only["count"], 0)

    def test_bulk_submit_then_approve_a_term(self):
        self.ok(self.put("editor", self.admissions, 2022, {"text": "9 đảng viên"}), 201)
        submitted = self.ok(self.call("editor", "post", f"/api/terms/{self.term_a.pk}/submit", {}))
        self.assertEqual(sorted(r["target_id"] for r in submitted), sorted([self.poverty.pk, self.admissions.pk]))
        self.assertEqual(self.call("editor", "post", f"/api/terms/{self.term_a.pk}/approve", {}).status_code, 403)
        approved = self.ok(self.call("reviewer", "post", f"/api/terms/{self.term_a.pk}/approve", {"year": 2021}))
        self.assertEqual({r["status"] for r in approved}, {"approved"})
        self.assertEqual(len(approved), 2)  # admissions 2021 (was submitted) and poverty 2021
        self.assertEqual(Result.objects.get(target=self.admissions, year=2022).status, Status.SUBMITTED)
        reopened = self.ok(
            self.call("reviewer", "post", f"/api/terms/{self.term_a.pk}/reopen", {"ids": [self.result_poverty.pk]})
        )
        self.assertEqual([r["status"] for r in reopened], ["draft"])
        r = self.call("reviewer", "post", f"/api/terms/{self.term_a.pk}/approve", {"ids": [self.result_c.pk]})
        self.assertEqual(r.status_code, 404)  # a result of another term is not found in this one

    def test_a_bulk_move_is_all_or_nothing(self):
        ids = [self.result_poverty.pk, self.result_admissions.pk]  # a draft and a submitted result
        r = self.call("editor", "post", f"/api/terms/{self.term_a.pk}/submit", {"ids": ids})
        self.assertEqual(r.status_code, 409)
        self.assertEqual(Result.objects.get(pk=self.result_poverty.pk).status, Status.DRAFT)

    def test_a_merged_committee_is_read_only(self):
        merge_units([self.ward_a, self.commune_b], Kind.WARD, "Mới", on=__import__("datetime").date(2025, 7, 1))
        r = self.put("editor", self.poverty, 2022, {"value": "1"})
        self.assertEqual(r.status_code, 403)
        self.assertIn("merged unit is read-only", r.json()["detail"])
        unit = self.ok(self.call("editor", "get", f"/api/units/{self.ward_a.pk}"))
        self.assertEqual((unit["is_active"], unit["can_edit"]), (False, False))

    def test_a_result_keeps_its_sign(self):
        # a growth below zero is a result, stored and shown with its sign, and judged by it
        for body in ({"value": "-2.6"}, {"text": "-2,6%"}, {"text": "âm 2,6%"}, {"text": "tăng trưởng âm 2,6%"}):
            with self.subTest(body=body):
                r = self.put("editor", self.growth, 2023, body)
                self.assertIn(r.status_code, (200, 201), r.content)
                self.assertEqual((r.json()["value"], r.json()["display"]), ("-2.6", "-2,6%"))

    def test_bad_result_input_is_a_clear_400(self):
        cases = [
            ({"value": "abc"}, "must be a plain decimal"),
            ({"value": "1,5"}, "must be a plain decimal"),
            ({"value": "--1"}, "must be a plain decimal"),
            ({"value": "-"}, "must be a plain decimal"),
            ({"value": "1e5"}, "must be a plain decimal"),
            ({"value": "1.123456789"}, "more than 8 decimals"),
            ({"value": "1" * 25}, "number too large"),
            ({"value": "1.23456789012345678"}, "decimals"),
            ({"text": "12.5"}, "ambiguous number"),
            ({"text": "không biết"}, "/"),
            ({"value": "1", "text": "1"}, "exactly one"),
            ({}, "exactly one"),
            ({"value": "1", "span_start": 1, "span_end": 2}, "a span needs a document_id"),
            ({"value": "1", "document_id": 10**6}, "no such document"),
        ]
        for body, message in cases:
            with self.subTest(body=body):
                r = self.put("editor", self.poverty, 2023, body)
                self.assertEqual(r.status_code, 400, r.content)
                self.assertIn(message, r.json()["detail"])
        r = self.put("editor", self.poverty, 2023, {"value": "1", "document_id": self.doc_c.pk})
        self.assertIn("no such document", r.json()["detail"])  # another committee's document
        r = self.put(
            "editor", self.poverty, 2023, {"value": "1", "document_id": self.doc_a.pk, "span_start": 5, "span_end": 999}
        )
        self.assertIn("outside the document", r.json()["detail"])
        self.assertFalse(Result.objects.filter(target=self.poverty, year=2023).exists())

    def test_bad_years_and_schema_errors(self):
        for year, status in (("2019", 400), ("2026", 400), ("abc", 400), ("-1", 400), ("20211", 400)):
            with self.subTest(year=year):
                self.assertEqual(self.put("editor", self.poverty, year, {"value": "1"}).status_code, status)
        r = self.put("editor", self.poverty, 2023, {"value": "1", "claim": "tốt"})
        self.assertEqual(r.status_code, 422)
        self.assertIsInstance(r.json()["detail"], list)
        r = self.call("editor", "put", f"/api/targets/{self.poverty.pk}/results/2023", ["not", "an", "object"])
        self.assertIn(r.status_code, (400, 422))
        self.assertIn("detail", r.json())
        client, _ = self.client_for("editor")
        r = client.put(f"/api/targets/{self.poverty.pk}/results/2023", "{not json", content_type="application/json")
        self.assertIn(r.status_code, (400, 422))

    def test_money_needs_its_unit_and_keeps_every_digit(self):
        budget = self.ok(
            self.call(
                "editor", "post", f"/api/terms/{self.term_a.pk}/targets", {"text": "Thu ngân sách 31.336 triệu đồng"}
            ),
            201,
        )
        self.assertEqual((budget["value"], budget["unit"], budget["shape"]), ("31336000000", "VND", "plan_amount"))
        self.assertEqual(budget["display"], "31.336 triệu đồng")
        url = f"/api/targets/{budget['id']}/results/term"
        r = self.call("editor", "put", url, {"text": "124.857"})
        self.assertEqual(r.status_code, 400)
        self.assertIn("give the money unit", r.json()["detail"])
        r = self.ok(self.call("editor", "put", url, {"text": "124.857 triệu đồng", "claim": "vượt"}), 201)
        self.assertEqual(
            (r["value"], r["display"], r["year"], r["period"]), ("124857000000", "124.857 triệu đồng", None, "term")
        )
        r = self.ok(self.call("editor", "put", url, {"value": "270900000000"}))
        self.assertEqual(r["display"], "270,9 tỷ đồng")
        self.assertEqual(Result.objects.get(pk=r["id"]).value, Decimal("270900000000"))


class TargetTests(ApiTestCase):
    def test_create_read_update_delete(self):
        url = f"/api/terms/{self.term_a.pk}/targets"
        t = self.ok(self.call("editor", "post", url, {"text": "Giảm tỷ lệ hộ nghèo còn dưới 2%"}), 201)
        self.assertEqual(
            (t["shape"], t["direction"], t["strict"], t["value"], t["number"]), ("at_most", "lower", True, "2", 4)
        )
        self.assertEqual(t["display"], "dưới 2%")
        self.assertTrue(AuditEntry.objects.filter(action="target.create", object_id=str(t["id"])).exists())
        t = self.ok(
            self.call(
                "editor", "put", f"/api/targets/{t['id']}", {"text": "Giảm tỷ lệ hộ nghèo còn dưới 1,5%", "number": 9}
            )
        )
        self.assertEqual((t["value"], t["number"]), ("1.5", 9))
        self.ok(self.call("editor", "delete", f"/api/targets/{t['id']}"), 204)
        self.assertFalse(Target.objects.filter(pk=t["id"]).exists())
        entry = AuditEntry.objects.get(action="target.delete", object_id=str(t["id"]))
        self.assertEqual(Decimal(entry.old["value"]), Decimal("1.5"))

    def test_corrections_after_parsing(self):
        url = f"/api/terms/{self.term_a.pk}/targets"
        body = {"text": "Tỷ suất sinh 10-12‰/năm", "shape": "band", "direction": "band"}
        t = self.ok(self.call("editor", "post", url, body), 201)
        self.assertEqual((t["shape"], t["value"], t["value_max"], t["unit"]), ("band", "10", "12", "‰"))
        body = {"text": "Kết nạp 10 đảng viên/năm", "value": "12", "year": 2022}
        t = self.ok(self.call("editor", "post", url, body), 201)
        self.assertEqual((t["value"], t["year"]), ("12", 2022))
        plan = self.ok(self.call("viewer", "get", url, {"year": "2022"}))
        self.assertEqual([x["id"] for x in plan], [t["id"]])
        term_targets = self.ok(self.call("viewer", "get", url, {"year": "term"}))
        self.assertEqual(len(term_targets), 4)

    def test_bad_targets_are_400(self):
        url = f"/api/terms/{self.term_a.pk}/targets"
        cases = [
            ({"text": "Xây dựng Đảng trong sạch vững mạnh"}, "no figure found"),
            ({"text": "Kết nạp 10 đảng viên", "indicator": "nope"}, "unknown indicator"),
            ({"text": "Kết nạp 10 đảng viên", "shape": "range"}, "needs value_max"),
            ({"text": "Tăng 12 - 15%", "value_max": "5"}, "range runs backwards"),
            ({"text": "Kết nạp 10 đảng viên", "year": 2030}, "outside the term"),
            ({"text": "Kết nạp 10 đảng viên", "value": "1,5"}, "plain decimal"),
        ]
        for body, message in cases:
            with self.subTest(body=body):
                r = self.call("editor", "post", url, body)
                self.assertEqual(r.status_code, 400, r.content)
                self.assertIn(message, r.json()["detail"])
        self.assertEqual(self.call("editor", "post", url, {"text": ""}).status_code, 422)
        self.assertEqual(self.call("editor", "post", url, {"text": "x", "shape": "circle"}).status_code, 422)

    def test_a_target_with_approved_results_is_locked(self):
        r = self.call("editor", "put", f"/api/targets/{self.growth.pk}", {"text": "Tăng bình quân 5%/năm"})
        self.assertEqual(r.status_code, 409)
        self.assertEqual(self.call("editor", "delete", f"/api/targets/{self.growth.pk}").status_code, 409)
        self.assertTrue(Target.objects.filter(pk=self.growth.pk, value=12).exists())

    def test_propose_reads_pasted_targets_without_saving(self):
        text = (
            "1- Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm\n"
            "2. Thu ngân sách 31.336 triệu đồng\n"
            "3- Giữ vững ổn định"
        )
        before = Target.objects.count()
        out = self.ok(self.call("editor", "post", f"/api/terms/{self.term_a.pk}/targets/propose", {"text": text}))
        self.assertEqual([p["number"] for p in out], [1, 2, 3])
        self.assertEqual(out[0]["target"]["display"], "12 - 15%/năm")
        self.assertEqual(out[1]["target"]["value"], "31336000000")
        self.assertIsNone(out[2]["target"])
        self.assertIn("no figure found", out[2]["error"])
        self.assertEqual(Target.objects.count(), before)


class TermTests(ApiTestCase):
    def test_open_and_change_a_term(self):
        url = f"/api/committees/{self.ward_a.pk}/terms"
        t = self.ok(self.call("editor", "post", url, {"start_year": 2025, "congress_ordinal": 8}), 201)
        self.assertEqual((t["label"], t["congress_roman"]), ("2025-2030", "VIII"))
        self.assertEqual(self.call("editor", "post", url, {"start_year": 2025}).status_code, 409)
        self.assertEqual(self.call("editor", "post", url, {"start_year": 2025, "end_year": 2024}).status_code, 400)
        t = self.ok(
            self.call(
                "editor",
                "put",
                f"/api/terms/{t['id']}",
                {"start_year": 2025, "end_year": 2030, "secretary": "Nguyễn Văn A"},
            )
        )
        self.assertEqual(t["secretary"], "Nguyễn Văn A")
        terms = self.ok(self.call("viewer", "get", url))
        self.assertEqual([x["start_year"] for x in terms], [2025, 2020])
        # The years cannot shrink under existing results.
        r = self.call("editor", "put", f"/api/terms/{self.term_a.pk}", {"start_year": 2022, "end_year": 2027})
        self.assertEqual(r.status_code, 409)
        self.assertEqual(self.call("editor", "get", f"/api/committees/{self.branch_a.pk}/terms").status_code, 404)


class EvaluationTests(ApiTestCase):
    def test_matches_the_evaluation_module(self):
        out = self.ok(self.call("province_viewer", "get", f"/api/terms/{self.term_a.pk}/evaluation"))
        statuses = evaluate_term(self.term_a)
        self.assertEqual(out["summary"]["line"], summary(statuses).line)
        self.assertTrue(out["summary"]["line"].startswith("đạt và vượt "))
        for row, s in zip(out["targets"], statuses, strict=True):
            self.assertEqual(row["target"]["id"], s.target.pk)
            self.assertEqual(row["verdict"], s.verdict.value if s.verdict else None)
            self.assertEqual(row["basis"], s.basis)
        growth = out["targets"][0]
        # 11% then 12,5%: compound growth of the two rates is below 12% → not met.
        self.assertEqual(growth["verdict"], "not_met")
        self.assertEqual(growth["verdict_label"], "chưa đạt")
        self.assertEqual([y["display"] for y in growth["yearly"]], ["11%", "12,5%"])
        self.assertRegex(growth["completion_pct"], r"^\d+(\.\d{1,2})?$")
        self.assertTrue(growth["completion_pct_display"].endswith("%"))

    def test_claim_conflict_and_year(self):
        self.ok(
            self.call(
                "editor", "put", f"/api/targets/{self.poverty.pk}/results/2022", {"text": "3,5%", "claim": "đạt"}
            ),
            201,
        )
        out = self.ok(self.call("viewer", "get", f"/api/terms/{self.term_a.pk}/evaluation", {"year": 2022}))
        poverty = next(r for r in out["targets"] if r["target"]["id"] == self.poverty.pk)
        # 2022 is inside the 2020-2025 term: the level is judged on the term so far, not yet a verdict,
        # but 3,5% against "dưới 3%" is not met so far, so the document's "đạt" is still flagged
        self.assertEqual(
            (poverty["status"], poverty["verdict"], poverty["claim"], poverty["claim_conflict"]),
            ("in_progress", None, "đạt", True),
        )
        self.assertEqual(poverty["basis"], "2021-2022")  # the term so far
        mid = self.ok(
            self.call("viewer", "get", f"/api/terms/{self.term_a.pk}/evaluation", {"up_to": 2022, "midterm": True})
        )
        self.assertTrue(mid["midterm"])
        for params in ({"year": 2019}, {"year": 2022, "midterm": True}, {"up_to": 2040}):
            with self.subTest(params=params):
                self.assertEqual(
                    self.call("viewer", "get", f"/api/terms/{self.term_a.pk}/evaluation", params).status_code, 400
                )
        self.assertEqual(
            self.call("viewer", "get", f"/api/terms/{self.term_a.pk}/evaluation", {"year": "x"}).status_code, 422
        )


class OversightTests(ApiTestCase):
    def test_province_sees_its_committees_and_who_is_behind(self):
        out = self.ok(self.call("reviewer", "get", f"/api/oversight/{self.province.pk}"))
        rows = {r["committee"]["id"]: r for r in out["committees"]}
        self.assertEqual(set(rows), {self.ward_a.pk, self.commune_b.pk})
        a = rows[self.ward_a.pk]
        self.assertEqual(a["term"]["id"], self.term_a.pk)
        self.assertEqual([b["target_id"] for b in a["behind"]], [self.growth.pk])
        self.assertEqual((a["drafts"], a["awaiting_approval"]), (1, 1))
        self.assertIsNone(rows[self.commune_b.pk]["term"])
        self.assertEqual(out["totals"]["total"], 3)
        self.assertEqual(out["ranking"][0]["committee"]["id"], self.ward_a.pk)
        self.assertEqual(self.call("editor", "get", f"/api/oversight/{self.province.pk}").status_code, 404)
        self.assertEqual(
            self.call("reviewer", "get", f"/api/oversight/{self.province.pk}", {"indicator": "x"}).status_code, 400
        )


class FigureTests(ApiTestCase):
    def test_figures_in_and_out(self):
        url = f"/api/committees/{self.ward_a.pk}/figures"
        f = self.ok(
            self.call(
                "editor",
                "post",
                url,
                {"label": "Tổng giá trị sản xuất", "text": "270,9 tỷ đồng", "year": 2019, "role": "baseline"},
            ),
            201,
        )
        self.assertEqual(
            (f["value"], f["unit"], f["display"], f["entered_by"]), ("270900000000", "VND", "270,9 tỷ đồng", "editor")
        )
        f = self.ok(
            self.call(
                "editor",
                "put",
                f"/api/figures/{f['id']}",
                {"label": "Tổng giá trị sản xuất", "value": "271000000000", "unit": "VND", "year": 2019},
            )
        )
        self.assertEqual(f["display"], "271 tỷ đồng")
        self.assertEqual(len(self.ok(self.call("viewer", "get", url, {"year": 2019}))), 1)
        for body, message in (
            ({"label": "x", "value": "1"}, "needs 'unit'"),
            ({"label": "x", "text": "5%", "unit": "VND"}, "not in unit"),
            ({"label": "x", "value": "1", "unit": "count", "term_id": self.term_c.pk}, "no such term"),
        ):
            with self.subTest(body=body):
                r = self.call("editor", "post", url, body)
                self.assertEqual(r.status_code, 400)
                self.assertIn(message, r.json()["detail"])


class PlanTargetAndMergeTests(ApiTestCase):
    def test_a_plan_target_has_only_its_year(self):
        url = f"/api/terms/{self.term_a.pk}/targets"
        plan = self.ok(self.call("editor", "post", url, {"text": "Kết nạp 12 đảng viên", "year": 2023}), 201)
        for year in ("2022", "term"):
            with self.subTest(year=year):
                r = self.call("editor", "put", f"/api/targets/{plan['id']}/results/{year}", {"value": "13"})
                self.assertEqual(r.status_code, 400)
                self.assertIn("plan target has a 2023 result only", r.json()["detail"])
        self.ok(self.call("editor", "put", f"/api/targets/{plan['id']}/results/2023", {"value": "13"}), 201)
        out = self.ok(self.call("viewer", "get", f"/api/terms/{self.term_a.pk}/evaluation", {"year": 2023}))
        self.assertEqual([(t["target"]["id"], t["verdict"]) for t in out["targets"]], [(plan["id"], "exceeded")])
        self.assertEqual((out["drafts"], out["awaiting_approval"], out["approved"]), (2, 1, 2))

    def test_midterm_defaults_to_the_results_up_to_start_plus_two(self):
        self.ok(self.call("editor", "put", f"/api/targets/{self.admissions.pk}/results/2024", {"value": "0"}), 201)
        mid = self.ok(self.call("viewer", "get", f"/api/terms/{self.term_a.pk}/evaluation", {"midterm": True}))
        self.assertEqual(mid["up_to"], 2022)
        admissions = next(t for t in mid["targets"] if t["target"]["id"] == self.admissions.pk)
        self.assertEqual([y["year"] for y in admissions["yearly"]], [2021])

    def test_a_merged_committee_lists_its_predecessors_terms(self):
        import datetime as dt

        merged = merge_units([self.ward_a, self.commune_b], Kind.WARD, "Mới", on=dt.date(2025, 7, 1))
        terms = self.ok(self.call("admin", "get", f"/api/committees/{merged.pk}/terms"))
        self.assertEqual([t["id"] for t in terms], [self.term_a.pk])
        unit = self.ok(self.call("admin", "get", f"/api/units/{merged.pk}"))
        self.assertEqual({p["id"] for p in unit["predecessors"]}, {self.ward_a.pk, self.commune_b.pk})
        self.assertEqual([t["id"] for t in unit["terms"]], [self.term_a.pk])
        self.assertEqual({c["id"] for c in unit["children"]}, {self.branch_a.pk})


class PersonalDataInTheAuditLogTests(ApiTestCase):
    def test_the_level_above_sees_that_a_member_changed_not_who(self):
        AuditEntry.objects.create(
            user=self.editor, unit=self.branch_a, action="member.create", object_type="member", object_id="7",
            new={"full_name": "Nguyễn Văn A", "birth_date": "1990-01-02"}, note="kết nạp",
        )  # fmt: skip
        own = self.ok(self.call("viewer", "get", f"/api/units/{self.ward_a.pk}/audit"))["items"][0]
        self.assertEqual(own["new"]["full_name"], "Nguyễn Văn A")
        for persona, unit in (("province_viewer", self.province), ("reviewer", self.ward_a)):
            with self.subTest(persona=persona):
                entry = self.ok(self.call(persona, "get", f"/api/units/{unit.pk}/audit"))["items"][0]
                self.assertEqual((entry["action"], entry["object_id"]), ("member.create", "7"))
                self.assertEqual((entry["old"], entry["new"], entry["note"]), (None, None, ""))
