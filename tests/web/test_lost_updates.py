"""Two people, one record (issue 12, finding 3): no save silently overwrites another's, a save never
reverts a field its author did not touch, and a form edit keeps the note, source and document."""

import html
import re
from decimal import Decimal

from django.test import Client

from chitieu.party.models import Level, Member, MemberRating
from chitieu.plans.models import Figure, Result, SourceDocument
from chitieu.plans.workflow import set_result
from tests.party.helpers import add_member

from .base import BaseTestCase

INPUT_RE = re.compile(r"<input\b[^>]*>")
ATTR_RE = re.compile(r'(\w[\w-]*)="([^"]*)"')


def form_fields(page: str, containing: str) -> dict[str, str]:
    """What a browser would post back: every named input, select and textarea of the page's form
    that holds the field ``containing``, as shown."""
    forms = re.findall(r"<form\b.*?</form>", page, flags=re.S)
    form = next(f for f in forms if f'name="{containing}"' in f)
    fields = {}
    for tag in INPUT_RE.findall(form):
        attrs = dict(ATTR_RE.findall(tag))
        if "name" not in attrs or (attrs.get("type") == "checkbox" and "checked" not in tag):
            continue
        fields[attrs["name"]] = html.unescape(attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, flags=re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        fields[name] = chosen.group(1) if chosen else ""
    for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', form, flags=re.S):
        fields[name] = html.unescape(text.strip("\n"))
    return fields


def open_form(client: Client, url: str, containing: str = "y2021") -> dict[str, str]:
    return form_fields(client.get(url).content.decode(), containing)


class ResultFormLostUpdateTest(BaseTestCase):
    def setUp(self):
        self.url = f"/targets/{self.poverty.pk}/results/"
        self.a, self.b = Client(), Client()
        self.a.force_login(self.editor)
        self.b.force_login(self.admin)

    def stored(self) -> dict:
        return {r.year: r.value for r in Result.objects.filter(target=self.poverty)}

    def test_a_save_never_reverts_a_field_its_author_did_not_touch(self):
        form_a, form_b = open_form(self.a, self.url), open_form(self.b, self.url)
        self.assertEqual(form_b["y2021"], "2,5%")
        form_a["y2021"] = "2,1%"
        self.assertEqual(self.a.post(self.url, form_a).status_code, 302)
        form_b["y2022"] = "1,9%"  # B still shows 2,5% for 2021 and leaves it alone
        self.assertEqual(self.b.post(self.url, form_b).status_code, 302)
        self.assertEqual(self.stored(), {2021: Decimal("2.1"), 2022: Decimal("1.9")})

    def test_the_second_writer_of_a_field_sees_the_first_ones_value_and_decides(self):
        form_a, form_b = open_form(self.a, self.url), open_form(self.b, self.url)
        form_a["y2021"] = "2,1%"
        self.assertEqual(self.a.post(self.url, form_a).status_code, 302)
        form_b["y2021"] = "2,8%"
        form_b["y2023"] = "1,5%"
        r = self.b.post(self.url, form_b)
        self.assertContains(r, "Trong lúc bạn sửa, editor đã lưu «2,1%»")
        self.assertEqual(self.stored(), {2021: Decimal("2.1")})  # nothing of B's was written
        again = form_fields(r.content.decode(), "y2021")
        self.assertEqual((again["y2021"], again["y2023"]), ("2,8%", "1,5%"))  # B's own values kept
        self.assertEqual(self.b.post(self.url, again).status_code, 302)  # B saves again: B decided
        self.assertEqual(self.stored(), {2021: Decimal("2.8"), 2023: Decimal("1.5")})

    def test_a_result_deleted_meanwhile_is_said(self):
        form_b = open_form(self.b, self.url)
        Result.objects.filter(target=self.poverty, year=2021).delete()
        form_b["y2021"] = "2,8%"
        self.assertContains(self.b.post(self.url, form_b), "người khác đã xóa kết quả này")

    def test_editing_the_value_keeps_the_note_source_and_document(self):
        doc = SourceDocument.objects.create(committee=self.ward_a, name="bc.txt", text="tỷ lệ hộ nghèo còn 2,5%")
        set_result(
            self.editor,
            self.poverty,
            2021,
            Decimal("2.5"),
            document=doc,
            span=(19, 23),
            source_text="tỷ lệ hộ nghèo còn 2,5%",
            claim="đạt",
            note="theo báo cáo tổng kết",
        )
        form = open_form(self.a, self.url)
        form["y2021"] = "2,4%"
        self.assertEqual(self.a.post(self.url, form).status_code, 302)
        r = Result.objects.get(target=self.poverty, year=2021)
        self.assertEqual(
            (r.value, r.note, r.source_text, r.claim, r.document_id, r.span_start),
            (Decimal("2.4"), "theo báo cáo tổng kết", "tỷ lệ hộ nghèo còn 2,5%", "đạt", doc.pk, 19),
        )


class MemberFormLostUpdateTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.member = add_member(cls.ward_a, cls.branch_a, "Nguyễn Văn An", note="")

    def setUp(self):
        self.url = f"/party/{self.ward_a.pk}/members/{self.member.pk}/edit/"
        self.a, self.b = Client(), Client()
        self.a.force_login(self.editor)
        self.b.force_login(self.admin)

    def test_two_people_changing_different_fields_both_keep_their_change(self):
        form_a, form_b = open_form(self.a, self.url, "full_name"), open_form(self.b, self.url, "full_name")
        form_a["note"] = "chuyển về từ Hà Nội"
        self.assertEqual(self.a.post(self.url, form_a).status_code, 302)
        form_b["card_number"] = "12345678"
        self.assertEqual(self.b.post(self.url, form_b).status_code, 302)  # no conflict: other fields
        m = Member.objects.get(pk=self.member.pk)
        self.assertEqual((m.note, m.card_number), ("chuyển về từ Hà Nội", "12345678"))

    def test_a_field_changed_by_both_shows_the_other_value(self):
        form_a, form_b = open_form(self.a, self.url, "full_name"), open_form(self.b, self.url, "full_name")
        form_a["full_name"] = "Nguyễn Văn Ân"
        self.assertEqual(self.a.post(self.url, form_a).status_code, 302)
        form_b["full_name"] = "Nguyễn Văn Anh"
        r = self.b.post(self.url, form_b)
        self.assertContains(r, "người khác đã lưu «Nguyễn Văn Ân»")
        self.assertEqual(Member.objects.get(pk=self.member.pk).full_name, "Nguyễn Văn Ân")
        again = form_fields(r.content.decode(), "full_name")
        self.assertEqual(again["full_name"], "Nguyễn Văn Anh")
        self.assertEqual(self.b.post(self.url, again).status_code, 302)
        self.assertEqual(Member.objects.get(pk=self.member.pk).full_name, "Nguyễn Văn Anh")


class ApiPreconditionTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def put(self, url: str, body: str, version: str | None = None):
        headers = {"HTTP_IF_MATCH": f'"{version}"'} if version else {}
        return self.client.put(url, body, content_type="application/json", **headers)

    def test_a_stale_result_write_is_412_and_a_fresh_one_passes(self):
        url = f"/api/targets/{self.poverty.pk}/results/2021"
        read = self.client.get(f"/api/targets/{self.poverty.pk}/results").json()[0]
        etag = self.client.get(f"/api/results/{read['id']}").headers["ETag"]
        self.assertEqual(etag, f'"{read["version"]}"')
        first = self.put(url, '{"value": "2.2", "note": "quý IV"}', read["version"])
        self.assertEqual(first.status_code, 200)
        stale = self.put(url, '{"value": "2.9"}', read["version"])
        self.assertEqual(stale.status_code, 412)
        self.assertEqual(stale.json()["version"], first.json()["version"])
        self.assertEqual(Result.objects.get(target=self.poverty, year=2021).value, Decimal("2.2"))
        # the body's version does the same as If-Match
        body_stale = self.put(url, f'{{"value": "2.9", "version": "{read["version"]}"}}')
        self.assertEqual(body_stale.status_code, 412)
        fresh = self.put(url, '{"value": "2.3"}', first.json()["version"])
        self.assertEqual(fresh.status_code, 200)
        self.assertEqual(fresh.json()["note"], "quý IV")  # a field left out keeps its value
        self.assertEqual(fresh.headers["ETag"], f'"{fresh.json()["version"]}"')

    def test_a_result_created_meanwhile_is_412_for_who_saw_none(self):
        url = f"/api/targets/{self.poverty.pk}/results/2023"
        set_result(self.admin, self.poverty, 2023, Decimal("1.8"))
        r = self.put(url, '{"value": "2.0", "version": ""}')
        self.assertEqual(r.status_code, 412)

    def test_targets_terms_and_figures_refuse_stale_writes(self):
        target = self.client.get(f"/api/targets/{self.admissions.pk}").json()
        self.admissions.text = "Kết nạp 12 đảng viên/năm"
        self.admissions.save()
        body = '{"text": "Kết nạp 15 đảng viên/năm", "year": null}'
        self.assertEqual(self.put(f"/api/targets/{self.admissions.pk}", body, target["version"]).status_code, 412)
        r = self.client.delete(f"/api/targets/{self.admissions.pk}", HTTP_IF_MATCH=f'"{target["version"]}"')
        self.assertEqual(r.status_code, 412)

        term = self.client.get(f"/api/terms/{self.term_a.pk}").json()
        self.term_a.congress_ordinal = 8
        self.term_a.save()
        body = '{"start_year": 2020, "end_year": 2025}'
        self.assertEqual(self.put(f"/api/terms/{self.term_a.pk}", body, term["version"]).status_code, 412)

        fig = Figure.objects.create(committee=self.ward_a, year=2021, label="thu", value=6, unit="count")
        seen = self.client.get(f"/api/figures/{fig.pk}").json()["version"]
        Figure.objects.filter(pk=fig.pk).update(value=7)
        body = '{"year": 2021, "label": "thu", "value": "8", "unit": "count"}'
        self.assertEqual(self.put(f"/api/figures/{fig.pk}", body, seen).status_code, 412)
        self.assertEqual(Figure.objects.get(pk=fig.pk).value, 7)


class RatingsFormLostUpdateTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.an = add_member(cls.ward_a, cls.branch_a, "Nguyễn Văn An")
        cls.binh = add_member(cls.ward_a, cls.branch_a, "Lê Thị Bình")

    def setUp(self):
        self.url = f"/party/{self.ward_a.pk}/ratings/2024/{self.branch_a.pk}/"
        self.a, self.b = Client(), Client()
        self.a.force_login(self.editor)
        self.b.force_login(self.admin)

    def levels(self) -> dict:
        return dict(MemberRating.objects.filter(year=2024).values_list("member__full_name", "level"))

    def test_ratings_by_two_people_neither_revert_nor_silently_overwrite(self):
        form_a, form_b = open_form(self.a, self.url, f"m{self.an.pk}"), open_form(self.b, self.url, f"m{self.an.pk}")
        form_a[f"m{self.an.pk}"] = Level.EXCELLENT
        self.assertEqual(self.a.post(self.url, form_a).status_code, 302)
        form_b[f"m{self.binh.pk}"] = Level.GOOD  # B leaves An unrated on the screen: not a change
        self.assertEqual(self.b.post(self.url, form_b).status_code, 302)
        self.assertEqual(self.levels(), {"Nguyễn Văn An": Level.EXCELLENT, "Lê Thị Bình": Level.GOOD})

        form_a, form_b = open_form(self.a, self.url, f"m{self.an.pk}"), open_form(self.b, self.url, f"m{self.an.pk}")
        form_a[f"m{self.an.pk}"] = Level.GOOD
        self.assertEqual(self.a.post(self.url, form_a).status_code, 302)
        form_b[f"m{self.an.pk}"] = Level.NOT_COMPLETED
        r = self.b.post(self.url, form_b)
        self.assertContains(r, "người khác đã chọn «")
        self.assertEqual(self.levels()["Nguyễn Văn An"], Level.GOOD)
        again = form_fields(r.content.decode(), f"m{self.an.pk}")
        self.assertEqual(self.b.post(self.url, again).status_code, 302)
        self.assertEqual(self.levels()["Nguyễn Văn An"], Level.NOT_COMPLETED)


class VersionTest(BaseTestCase):
    def test_a_record_has_the_same_version_in_memory_and_read_back(self):
        from chitieu.versions import version_of

        result = set_result(self.editor, self.poverty, 2023, Decimal("1.50"), note="n")
        member = add_member(self.ward_a, self.branch_a)
        for obj in (result, member, self.term_a, self.poverty, self.ward_a):
            with self.subTest(model=type(obj).__name__):
                self.assertEqual(version_of(obj), version_of(type(obj).objects.get(pk=obj.pk)))
        before = version_of(result)
        Result.objects.filter(pk=result.pk).update(note="khác")
        self.assertNotEqual(before, version_of(Result.objects.get(pk=result.pk)))


class SourceLabelTest(BaseTestCase):
    def test_the_source_of_a_result_is_said_in_words(self):
        doc = SourceDocument.objects.create(committee=self.ward_a, name="bc.txt", text="tỷ lệ hộ nghèo còn 2,5%")
        with_span = set_result(self.editor, self.poverty, 2021, Decimal("2.5"), document=doc, span=(19, 23))
        without = set_result(self.editor, self.poverty, 2022, Decimal("2.4"), document=doc)
        typed = set_result(self.editor, self.poverty, 2023, Decimal("2.3"), document=None, span=None)
        self.assertEqual(with_span.source_label, "bc.txt, ký tự 19–23")
        self.assertEqual(without.source_label, "bc.txt")  # not "[None:None]"
        self.assertEqual(typed.source_label, "nhập tay bởi editor")
