"""What the statistical forms need from a member record: typed in the member form, imported, kept
through leaving and transfers, and counted on the right line of the forms."""

from chitieu.orgs.models import Grant, Kind, Role
from chitieu.orgs.tree import create_unit
from chitieu.party.importers import MEMBER_COLUMNS, ImportFailed, import_members
from chitieu.party.models import (
    EntryKind,
    LeaveReason,
    Member,
    MemberStatus,
    Occupation,
    Theory,
    Transfer,
    TransferScope,
)
from chitieu.party.records import PartyError, record_leave, transfer_member
from chitieu.party.statforms import Period, build_form
from tests.party.helpers import D, add_member
from tests.party.test_import import csv_bytes
from tests.web.base import BaseTestCase

HEADER = [h for _, h, _, _ in MEMBER_COLUMNS]


def roster_row(**cells) -> list[str]:
    base = {
        "Họ và tên": "Lò Thị Mai",
        "Ngày sinh": "02/03/1995",
        "Giới tính": "Nữ",
        "Chi bộ": "Tổ 1",
        "Ngày vào Đảng": "19/05/2024",
    }
    base.update(cells)
    return [base.get(h, "") for h in HEADER]


class LeavingTest(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def test_each_reason_keeps_its_line(self):
        # (reason posted, the status it closes with, the Biểu 1 line it lands on)
        cases = [
            ("died", MemberStatus.DECEASED, "C1"),
            ("expelled", MemberStatus.REMOVED, "C2"),
            ("struck_off", MemberStatus.REMOVED, "C3"),
            ("resigned", MemberStatus.REMOVED, "C4"),
            ("transferred", MemberStatus.TRANSFERRED_OUT, "C5"),
        ]
        members = {}
        for i, (reason, _, _) in enumerate(cases):
            m = add_member(self.ward_a, self.branch_a, f"Người {i}", D(2010, 1, 1))
            url = f"/party/{self.ward_a.pk}/members/{m.pk}/leave/"
            self.assertEqual(self.client.post(url, {"reason": reason, "on": "05/05/2024"}).status_code, 302)
            members[reason] = m
        form = build_form(self.ward_a, 1, Period(2024))
        for reason, status, line in cases:
            with self.subTest(reason=reason):
                m = Member.objects.get(pk=members[reason].pk)
                self.assertEqual((m.status, m.leave_reason), (status, reason))
                self.assertIn(m.pk, form.line(line).ids)
        self.assertEqual(form.line("C.unknown").now, 0)

    def test_scope_of_a_transfer_out(self):
        m = add_member(self.ward_a, self.branch_a)
        record_leave(self.editor, m, None, D(2024, 3, 1), reason=LeaveReason.TRANSFERRED, scope="other_province")
        self.assertIn(m.pk, build_form(self.ward_a, 1, Period(2024)).line("C5.other_province").ids)
        other = add_member(self.ward_a, self.branch_a, "Khác")
        with self.assertRaises(PartyError):  # a scope means a transfer
            record_leave(self.editor, other, None, D(2024, 3, 1), reason=LeaveReason.DIED, scope="in_province")
        with self.assertRaises(PartyError):
            record_leave(self.editor, other, None, D(2024, 3, 1), reason="vanished")


class TransferTest(BaseTestCase):
    def test_between_committees_of_one_province(self):
        Grant.objects.create(user=self.editor, unit=self.commune_b, role=Role.EDITOR)
        branch_b = create_unit(Kind.BRANCH, "Thôn 1", self.commune_b)
        m = add_member(self.ward_a, self.branch_a, ethnicity="Tày", theory=Theory.INTERMEDIATE, youth_union=False)
        transfer_member(self.editor, m, branch_b, D(2024, 6, 1))
        new = Member.objects.get(previous=m)
        m.refresh_from_db()
        self.assertEqual((m.leave_reason, m.leave_scope), (LeaveReason.TRANSFERRED, TransferScope.IN_PROVINCE))
        self.assertEqual(
            (new.entry_kind, new.transfer_scope, new.ethnicity, new.theory, new.youth_union),
            (EntryKind.TRANSFERRED_IN, TransferScope.IN_PROVINCE, "Tày", Theory.INTERMEDIATE, False),
        )
        self.assertIn(new.pk, build_form(self.commune_b, 1, Period(2024)).line("B2.in_province").ids)

    def test_to_another_province(self):
        Grant.objects.create(user=self.editor, unit=self.commune_c, role=Role.EDITOR)
        branch_c = create_unit(Kind.BRANCH, "Bản 1", self.commune_c)
        m = add_member(self.ward_a, self.branch_a)
        transfer_member(self.editor, m, branch_c, D(2024, 6, 1))
        self.assertEqual(Member.objects.get(previous=m).transfer_scope, TransferScope.OTHER_PROVINCE)

    def test_temporary_keeps_the_member(self):
        self.client.force_login(self.editor)
        m = add_member(self.ward_a, self.branch_a)
        url = f"/party/{self.ward_a.pk}/members/{m.pk}/transfer/"
        self.client.post(url, {"destination": "Trường Chính trị tỉnh", "on": "01/09/2024", "temporary": "on"})
        m.refresh_from_db()
        self.assertTrue(m.is_active)
        t = Transfer.objects.get(member=m)
        self.assertEqual((t.temporary, t.destination), (True, "Trường Chính trị tỉnh"))
        self.assertEqual(build_form(self.ward_a, 7, Period(2024)).line("move.temp").ids, (m.pk,))
        self.assertContains(self.client.get(f"/party/{self.ward_a.pk}/members/{m.pk}/"), "(tạm thời)")


class ImportStatisticsTest(BaseTestCase):
    def test_columns_read(self):
        row = roster_row(
            **{
                "Vào danh sách do": "Kết nạp lại",
                "Dân tộc": " Thái ",
                "Tôn giáo": "không",
                "Nghề nghiệp": "nông dân",
                "Giáo dục phổ thông": "THPT",
                "Chuyên môn nghiệp vụ": "Thạc sĩ",
                "Lý luận chính trị": "cao cấp",
                "Đoàn viên": "Có",
                "Ngày phát thẻ": "19/05/2025",
                "Trạng thái": "dự bị",
            }
        )
        import_members(self.editor, self.ward_a, "ds.csv", csv_bytes([row], header=HEADER))
        m = Member.objects.get(full_name="Lò Thị Mai")
        self.assertEqual(
            (m.entry_kind, m.ethnicity, m.religion, m.occupation, m.education, m.qualification, m.theory),
            (EntryKind.READMITTED, "Thái", "không", Occupation.FARMER, "upper_secondary", "master", "advanced"),
        )
        self.assertEqual((m.youth_union, m.card_issued_on), (True, D(2025, 5, 19)))
        form = build_form(self.ward_a, 2, Period(2024))
        self.assertEqual((form.line("I.readmitted").now, form.line("I.minority").now), (1, 1))

    def test_unknown_values_are_named(self):
        rows = [
            roster_row(**{"Nghề nghiệp": "phi hành gia"}),
            roster_row(**{"Họ và tên": "B", "Đoàn viên": "có lẽ"}),
            roster_row(**{"Họ và tên": "C", "Vào danh sách do": "phục hồi đảng tịch"}),
        ]
        with self.assertRaises(ImportFailed) as caught:
            import_members(self.editor, self.ward_a, "ds.csv", csv_bytes(rows, header=HEADER))
        text = str(caught.exception)
        self.assertIn("dòng 2, cột «Nghề nghiệp»: không hiểu «phi hành gia»", text)
        self.assertIn("dòng 3, cột «Đoàn viên»", text)
        self.assertIn("dòng 4, cột «Ngày chuyển đến»: cần ngày phục hồi", text)
        self.assertFalse(Member.objects.exists())

    def test_status_words_give_the_reason(self):
        rows = [
            roster_row(**{"Họ và tên": "K", "Trạng thái": "khai trừ", "Ngày ra khỏi Đảng bộ": "01/02/2025"}),
            roster_row(**{"Họ và tên": "X", "Trạng thái": "xin ra khỏi Đảng", "Ngày ra khỏi Đảng bộ": "01/02/2025"}),
        ]
        import_members(self.editor, self.ward_a, "ds.csv", csv_bytes(rows, header=HEADER))
        got = dict(Member.objects.values_list("full_name", "leave_reason"))
        self.assertEqual(got, {"K": LeaveReason.EXPELLED, "X": LeaveReason.RESIGNED})


class MemberFormTest(BaseTestCase):
    def test_edit_statistical_fields(self):
        self.client.force_login(self.editor)
        m = add_member(self.ward_a, self.branch_a, "Phạm Văn Dũng", youth_union=True)
        data = {
            "full_name": "Phạm Văn Dũng",
            "birth_date": "01/01/1980",
            "sex": "M",
            "branch": self.branch_a.pk,
            "admitted_on": "02/03/2015",
            "full_on": "02/03/2016",
            "ethnicity": "Kinh",
            "religion": "Công giáo",
            "occupation": "retired",
            "theory": "elementary",
            "youth_union": "true",
            "exempt_since": "01/01/2024",
        }
        r = self.client.post(f"/party/{self.ward_a.pk}/members/{m.pk}/edit/", data)
        self.assertEqual(r.status_code, 302)
        m.refresh_from_db()
        self.assertEqual(
            (m.religion, m.occupation, m.theory, m.youth_union), ("Công giáo", "retired", "elementary", True)
        )
        self.assertEqual(m.exempt_since, D(2024, 1, 1))
        page = self.client.get(f"/party/{self.ward_a.pk}/members/{m.pk}/")
        self.assertContains(page, "Công giáo")
        self.assertContains(page, "Đã nghỉ hưu và nghỉ công tác")
        form = build_form(self.ward_a, 3, Period(2024))
        self.assertIn(m.pk, form.line("exempt").ids)
        self.assertIn(m.pk, form.line("I.religion").ids)


class ExportRoundTripTest(BaseTestCase):
    def test_every_field_goes_back_and_forth(self):
        from chitieu.party.records import STAT_FIELDS

        kept = [
            add_member(
                self.ward_a,
                self.branch_a,
                "Đủ Thông Tin",
                D(2001, 3, 2),
                entry_kind=EntryKind.READMITTED,
                ethnicity="Mường",
                religion="Phật giáo",
                occupation=Occupation.ENTERPRISE_MANAGER,
                business_owner=True,
                education="upper_secondary",
                qualification="doctor",
                academic_title="professor",
                theory=Theory.ADVANCED,
                youth_union=False,
                card_issued_on=D(2002, 5, 19),
                exempt_since=D(2020, 1, 1),
            ),
            add_member(
                self.ward_a,
                self.branch_a,
                "Khai Trừ",
                D(2005, 1, 1),
                left=D(2020, 1, 1),
                status=MemberStatus.REMOVED,
                leave_reason=LeaveReason.EXPELLED,
            ),
            add_member(
                self.ward_a,
                self.branch_a,
                "Đi Tỉnh Khác",
                D(2005, 1, 1),
                left=D(2021, 1, 1),
                status=MemberStatus.TRANSFERRED_OUT,
                leave_reason=LeaveReason.TRANSFERRED,
                leave_scope=TransferScope.OTHER_PROVINCE,
            ),
            add_member(
                self.ward_a,
                self.branch_a,
                "Chuyển Đến",
                D(2005, 1, 1),
                transferred_in=True,
                joined_on=D(2019, 1, 1),
                entry_kind=EntryKind.TRANSFERRED_IN,
                transfer_scope=TransferScope.IN_PROVINCE,
            ),
        ]
        before = {m.full_name: {k: getattr(m, k) for k in STAT_FIELDS} for m in kept}
        self.client.force_login(self.editor)
        exported = self.client.get(f"/party/{self.ward_a.pk}/members/export.csv?status=all").content
        Member.objects.all().delete()
        self.assertEqual(import_members(self.editor, self.ward_a, "lai.csv", exported).created, 4)
        after = {m.full_name: {k: getattr(m, k) for k in STAT_FIELDS} for m in Member.objects.all()}
        self.assertEqual(after, before)
