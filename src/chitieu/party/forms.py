"""Forms of the party pages: each clean_* returns a domain value (a date, a branch Unit, a level)."""

from __future__ import annotations

import datetime as dt

from django import forms

from chitieu.orgs.models import BranchKind, Unit
from chitieu.versions import VersionedForm

from .importers import parse_date
from .models import AwardLevel, InspectionBody, InspectionKind, Level, MemberStatus, Sex, SubjectKind
from .records import branches_of

DATE_HELP = "dd/mm/yyyy"


class VNDateField(forms.Field):
    """A date typed the Vietnamese way (02/09/2015) or as yyyy-mm-dd."""

    widget = forms.TextInput(attrs={"placeholder": DATE_HELP, "size": 10})

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
            raise forms.ValidationError("Ngày không hợp lệ, ghi dd/mm/yyyy / not a date") from None


class BranchChoiceField(forms.ModelChoiceField):
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
    joined_on = VNDateField(label="Ngày chuyển đến", required=False)
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean(self):
        data = super().clean()
        if data.get("joined_on"):
            data["transferred_in"] = True
        return data


class FullForm(forms.Form):
    on = VNDateField(label="Ngày công nhận chính thức")


class LeaveForm(forms.Form):
    status = forms.ChoiceField(
        label="Lý do",
        choices=[
            (s.value, s.label) for s in (MemberStatus.DECEASED, MemberStatus.REMOVED, MemberStatus.TRANSFERRED_OUT)
        ],
    )
    on = VNDateField(label="Ngày")
    note = forms.CharField(label="Ghi chú (nơi chuyển đến, số quyết định…)", max_length=300, required=False)


class DestinationChoiceField(BranchChoiceField):
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
