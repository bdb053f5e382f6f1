"""Forms of the party pages: each clean_* returns a domain value (a date, a branch Unit, a level)."""

from __future__ import annotations

import datetime as dt

from django import forms

from chitieu.orgs.forms import ByNameIterator
from chitieu.orgs.models import BranchKind, Unit
from chitieu.orgs.tree import by_parent_and_name
from chitieu.versions import VersionedForm

from .importers import parse_date
from .indicators import BADGE_YEARS
from .models import (
    AcademicTitle,
    AwardLevel,
    Education,
    EntryKind,
    InspectionBody,
    InspectionKind,
    LeaveReason,
    Level,
    Occupation,
    Qualification,
    Sex,
    SubjectKind,
    Theory,
    TransferScope,
)
from .records import branches_of

DATE_HELP = "ngày/tháng/năm, ví dụ 03/02/2021"
BLANK = [("", "Chưa rõ")]


class VNDateField(forms.Field):
    """A date typed the Vietnamese way (02/09/2015) or as yyyy-mm-dd."""

    widget = forms.TextInput(attrs={"placeholder": "ngày/tháng/năm", "size": 10})

    def __init__(self, **kw):
        kw.setdefault("help_text", DATE_HELP)
        super().__init__(**kw)

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return value

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        value = (value or "").strip()
        if not value:
            return None
        try:
            return parse_date(value)
        except ValueError:
            raise forms.ValidationError("Ngày không hợp lệ: ghi ngày/tháng/năm, như 03/02/2021 / not a date") from None


class YesNoUnknown(forms.NullBooleanSelect):
    """Django's three-way select (it maps True/False/None to its values both ways), in Vietnamese."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "Chưa rõ"), ("true", "Có"), ("false", "Không")]


class BranchChoiceField(forms.ModelChoiceField):
    iterator = ByNameIterator

    def label_from_instance(self, obj: Unit) -> str:
        return obj.title


class CommitteeForm(forms.Form):
    """A form that picks among the committee's branches."""

    def __init__(self, committee: Unit, *args, **kw):
        super().__init__(*args, **kw)
        self.committee = committee
        if "branch" in self.fields:
            self.fields["branch"].queryset = branches_of(committee)


class BranchForm(forms.Form):
    name = forms.CharField(label="Tên chi bộ", max_length=200, help_text="ví dụ Tổ dân phố 5, Trường THCS …")
    branch_kind = forms.ChoiceField(label="Loại", choices=BranchKind.choices)
    residential_group = forms.CharField(
        label="Tổ dân phố, thôn, khu phố", max_length=120, required=False, help_text="với chi bộ khu dân cư"
    )
    founded_on = VNDateField(label="Ngày thành lập", required=False)

    def clean(self):
        data = super().clean()
        if data.get("branch_kind") == BranchKind.AGENCY and data.get("residential_group"):
            self.add_error("residential_group", "Chi bộ cơ quan không gắn với tổ dân phố")
        return data


class MemberForm(VersionedForm, CommitteeForm):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    birth_date = VNDateField(label="Ngày sinh")
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    branch = BranchChoiceField(label="Chi bộ", queryset=Unit.objects.none())
    admitted_on = VNDateField(label="Ngày vào Đảng")
    full_on = VNDateField(label="Ngày chính thức", required=False)
    card_number = forms.CharField(label="Số thẻ đảng viên", max_length=20, required=False)
    transferred_in = forms.BooleanField(label="Chuyển sinh hoạt đến (không kết nạp tại đây)", required=False)
    joined_on = VNDateField(label="Ngày chuyển đến (hoặc phục hồi đảng tịch)", required=False)
    entry_kind = forms.ChoiceField(label="Vào danh sách do", choices=BLANK + EntryKind.choices, required=False)
    transfer_scope = forms.ChoiceField(label="Chuyển đến từ", choices=BLANK + TransferScope.choices, required=False)
    # The statistical forms' fields (Biểu 2, 3): left empty, the forms count the member as "chưa có
    # thông tin" rather than as "none".
    ethnicity = forms.CharField(label="Dân tộc", max_length=40, required=False, help_text="ví dụ Kinh, Tày, Khmer")
    religion = forms.CharField(label="Tôn giáo", max_length=40, required=False, help_text="ghi «Không» nếu không theo")
    occupation = forms.ChoiceField(label="Nghề nghiệp", choices=BLANK + Occupation.choices, required=False)
    business_owner = forms.NullBooleanField(label="Chủ doanh nghiệp tư nhân", required=False, widget=YesNoUnknown())
    education = forms.ChoiceField(label="Giáo dục phổ thông", choices=BLANK + Education.choices, required=False)
    qualification = forms.ChoiceField(
        label="Chuyên môn nghiệp vụ", choices=BLANK + Qualification.choices, required=False
    )
    academic_title = forms.ChoiceField(
        label="Chức danh khoa học", choices=[("", "Không có")] + AcademicTitle.choices, required=False
    )
    theory = forms.ChoiceField(label="Lý luận chính trị", choices=BLANK + Theory.choices, required=False)
    youth_union = forms.NullBooleanField(
        label="Đoàn viên TNCS Hồ Chí Minh",
        required=False,
        widget=YesNoUnknown(),
    )
    card_issued_on = VNDateField(label="Ngày phát thẻ đảng viên", required=False)
    exempt_since = VNDateField(label="Miễn công tác và sinh hoạt đảng từ ngày", required=False)
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)

    # The fieldsets of the page (party/member_form.html); a field named in none falls in the last.
    GROUPS = (
        (
            "Hồ sơ",
            (
                "full_name",
                "birth_date",
                "sex",
                "branch",
                "admitted_on",
                "full_on",
                "card_number",
                "card_issued_on",
                "note",
            ),
        ),
        ("Vào danh sách, sinh hoạt", ("transferred_in", "joined_on", "entry_kind", "transfer_scope", "exempt_since")),
        ("Thông tin cho biểu thống kê", ()),
    )

    def groups(self) -> list[tuple[str, list]]:
        """(legend, the visible bound fields) of each fieldset, in the form's order."""
        named = {name: i for i, (_, names) in enumerate(self.GROUPS) for name in names}
        out = [(legend, []) for legend, _ in self.GROUPS]
        for field in self.visible_fields():
            out[named.get(field.name, len(self.GROUPS) - 1)][1].append(field)
        return [(legend, fields) for legend, fields in out if fields]

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_ethnicity(self) -> str:
        return " ".join(self.cleaned_data["ethnicity"].split())

    def clean_religion(self) -> str:
        return " ".join(self.cleaned_data["religion"].split())

    def clean(self):
        data = super().clean()
        if data.get("entry_kind") == EntryKind.TRANSFERRED_IN or data.get("transfer_scope"):
            data["transferred_in"] = True
        if data.get("joined_on") and data.get("entry_kind") != EntryKind.RESTORED:
            data["transferred_in"] = True
        if data.get("transferred_in") and not data.get("entry_kind"):
            data["entry_kind"] = EntryKind.TRANSFERRED_IN
        if data.get("entry_kind") == EntryKind.RESTORED and not data.get("joined_on"):
            self.add_error("joined_on", "Ghi ngày phục hồi đảng tịch / the restoration date is needed")
        return data


class FullForm(forms.Form):
    on = VNDateField(label="Ngày công nhận chính thức")


class LeaveForm(forms.Form):
    """Biểu 1 counts each reason apart: the reason, not only the status, is kept."""

    reason = forms.ChoiceField(
        label="Lý do",
        choices=[
            (r.value, r.label if r != LeaveReason.TRANSFERRED else "chuyển sinh hoạt đi (ngoài hệ thống)")
            for r in LeaveReason
        ],
    )
    scope = forms.ChoiceField(label="Chuyển đi (nếu chuyển)", choices=BLANK + TransferScope.choices, required=False)
    on = VNDateField(label="Ngày")
    note = forms.CharField(label="Ghi chú (nơi chuyển đến, số quyết định…)", max_length=300, required=False)


class DestinationChoiceField(BranchChoiceField):
    unit_order = staticmethod(by_parent_and_name)

    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.title} — {obj.parent.party_title}"


class TransferForm(forms.Form):
    """To a branch of this committee or of another one the user also edits; or out of the system."""

    to_branch = DestinationChoiceField(label="Chuyển đến chi bộ", queryset=Unit.objects.none(), required=False)
    destination = forms.CharField(
        label="hoặc nơi chuyển đến ngoài hệ thống",
        max_length=200,
        required=False,
        help_text="ví dụ Đảng bộ Quân sự tỉnh",
    )
    scope = forms.ChoiceField(
        label="Nơi chuyển đến thuộc",
        choices=BLANK + TransferScope.choices,
        required=False,
        help_text="với nơi ngoài hệ thống; Biểu 1 đếm riêng chuyển đi tỉnh khác và trong tỉnh",
    )
    temporary = forms.BooleanField(
        label="Chuyển sinh hoạt tạm thời (đảng viên vẫn trong danh sách của Đảng bộ)", required=False
    )
    on = VNDateField(label="Ngày chuyển")

    def __init__(self, branches, *args, **kw):
        super().__init__(*args, **kw)
        self.fields["to_branch"].queryset = branches

    def clean(self):
        data = super().clean()
        if not data.get("to_branch") and not data.get("destination", "").strip():
            raise forms.ValidationError("Chọn chi bộ hoặc ghi nơi chuyển đến")
        return data


class CandidateForm(CommitteeForm):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    birth_date = VNDateField(label="Ngày sinh")
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    branch = BranchChoiceField(label="Chi bộ", queryset=Unit.objects.none())
    course_on = VNDateField(label="Ngày học lớp bồi dưỡng nhận thức về Đảng", required=False)
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)


class AdmitForm(forms.Form):
    on = VNDateField(label="Ngày kết nạp")


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp danh sách (.xlsx hoặc .csv)")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Chỉ nhận tệp .csv hoặc .xlsx")
        return f


class CommitteeRatingForm(forms.Form):
    level = forms.ChoiceField(label="Xếp loại Đảng bộ", choices=[("", "—")] + Level.choices, required=False)


def branch_rating_form(members, data=None, initial_levels=None, branch_level=None) -> forms.Form:
    """One select per member of the branch that year, plus the branch's own rating."""
    initial_levels = initial_levels or {}
    fields = {
        "branch_level": forms.ChoiceField(
            label="Xếp loại chi bộ", choices=[("", "—")] + Level.choices, required=False, initial=branch_level or ""
        )
    }
    for m in members:
        fields[f"m{m.pk}"] = forms.ChoiceField(
            label=m.full_name, choices=[("", "—")] + Level.choices, required=False, initial=initial_levels.get(m.pk, "")
        )
    # Each select also posts what it showed: only the ratings the user changed are saved, each
    # checked against what is stored now (two people rating one branch at once, issue 12).
    for field in fields.values():
        field.show_hidden_initial = True
    form_class = type("BranchRatingForm", (forms.Form,), fields)
    form = form_class(data)
    form.member_rows = [(m, form[f"m{m.pk}"]) for m in members]
    return form


class InspectionForm(forms.Form):
    held_on = VNDateField(label="Ngày")
    body = forms.ChoiceField(label="Chủ thể kiểm tra", choices=InspectionBody.choices)
    kind = forms.ChoiceField(label="Loại", choices=InspectionKind.choices)
    subject_kind = forms.ChoiceField(label="Đối tượng là", choices=SubjectKind.choices)
    subject = forms.CharField(label="Đối tượng (tổ chức đảng, đảng viên)", max_length=200)
    topic = forms.CharField(label="Nội dung", max_length=300, required=False)
    result = forms.CharField(label="Kết quả", max_length=300, required=False)


class AwardForm(forms.Form):
    year = forms.IntegerField(label="Năm", min_value=1945, max_value=2100)
    level = forms.ChoiceField(label="Hình thức", choices=AwardLevel.choices)
    title = forms.CharField(label="Tên khen thưởng", max_length=200, required=False)
    issuer = forms.CharField(label="Cấp tặng", max_length=200, required=False)
    recipient_kind = forms.ChoiceField(label="Tập thể / cá nhân", choices=SubjectKind.choices)
    recipient = forms.CharField(label="Người, đơn vị được khen", max_length=200)
    count = forms.IntegerField(label="Số lượng", min_value=1, initial=1)


class ContactForm(CommitteeForm):
    full_name = forms.CharField(label="Họ và tên", max_length=120)
    birth_date = VNDateField(label="Ngày sinh", required=False)
    branch = BranchChoiceField(label="Chi bộ nơi cư trú", queryset=Unit.objects.none())
    home_organisation = forms.CharField(label="Nơi công tác, sinh hoạt đảng", max_length=200, required=False)
    registered_on = VNDateField(label="Ngày đăng ký")


# --- Party badges (Huy hiệu Đảng) ----------------------------------------------------------------


class BadgeAwardForm(forms.Form):
    """A badge handed over to a member due one in the year: ``due`` is "member id:years" of a row of the
    page's list of members not yet awarded; clean_due returns (Member, years)."""

    action = forms.CharField(widget=forms.HiddenInput, initial="due")
    due = forms.ChoiceField(label="Đảng viên đủ tuổi Đảng")
    awarded_on = VNDateField(label="Ngày trao")
    note = forms.CharField(label="Ghi chú (số quyết định…)", max_length=300, required=False)

    def __init__(self, pending, *args, **kw):
        """``pending``: the page's DueRows without an award."""
        super().__init__(*args, **kw)
        self.pending = {f"{r.due.member.pk}:{r.due.years}": r.due for r in pending}
        self.fields["due"].choices = [
            (
                key,
                f"{d.member.full_name} ({d.member.branch.name}) — Huy hiệu {d.years} năm, đề nghị trao "
                f"{d.award_on:%d/%m/%Y}",
            )
            for key, d in self.pending.items()
        ]

    def clean_due(self):
        due = self.pending.get(self.cleaned_data["due"])
        if due is None:
            raise forms.ValidationError("Đảng viên không có trong danh sách đủ tuổi Đảng")
        return due.member, due.years


class EarlyBadgeForm(forms.Form):
    """An early award (trao sớm, Hướng dẫn 01-HD/TW mục 18.1: a member gravely ill): any member on the
    roll, the badge's years, and the reason, which is required."""

    action = forms.CharField(widget=forms.HiddenInput, initial="early")
    member = forms.ModelChoiceField(label="Đảng viên", queryset=None)
    years = forms.TypedChoiceField(label="Huy hiệu", coerce=int)
    awarded_on = VNDateField(label="Ngày trao")
    note = forms.CharField(label="Lý do trao sớm (bệnh nặng…)", max_length=300)

    def __init__(self, members, *args, **kw):
        super().__init__(*args, **kw)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: (
            f"{m.full_name} ({m.branch.name}) — vào Đảng {m.admitted_on:%d/%m/%Y}"
        )
        self.fields["years"].choices = [(n, f"{n} năm tuổi Đảng") for n in BADGE_YEARS]

    def clean_note(self) -> str:
        note = " ".join(self.cleaned_data["note"].split())
        if not note:
            raise forms.ValidationError("Ghi lý do trao sớm")
        return note
