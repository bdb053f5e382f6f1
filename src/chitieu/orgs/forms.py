from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.models import ModelChoiceIterator

from .auth import DEMO_REFUSED, demo_refused
from .tree import by_name, natural_key


class ByNameIterator(ModelChoiceIterator):
    """A select's units in the natural order of their names ("chi bộ 2" before "chi bộ 10"), which
    no database ORDER BY gives. The field's ``unit_order`` may group them first (by parent)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in getattr(self.field, "unit_order", by_name)(self.queryset):
            yield self.choice(obj)


class LoginForm(AuthenticationForm):
    """The site's login. The rules (demo account, audit, lockout) are the backends', for every login
    path; the demo rule is also checked here only to say why, instead of "wrong password"."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Said beside the field, in the page's words (the page does not leave it to the browser's bubble).
        self.fields["username"].error_messages["required"] = "Hãy nhập tên đăng nhập."
        self.fields["password"].error_messages["required"] = "Hãy nhập mật khẩu."

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if demo_refused(self.request, self.cleaned_data.get("username")):
                raise forms.ValidationError(DEMO_REFUSED, code="demo_only") from None
            raise


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp CSV hoặc XLSX",
        help_text="Tệp .xlsx, hoặc .csv mã hóa UTF-8; dòng đầu ghi tên các cột như bảng trên.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": "Hãy chọn tệp danh sách đơn vị.", "empty": "Tệp đã chọn trống."},
    )


class MergeForm(forms.Form):
    """Merge committees into a new one (the 2025 reform)."""

    predecessors = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Các Đảng bộ hợp nhất",
        help_text="Đánh dấu các Đảng bộ hợp nhất thành đơn vị mới (ít nhất hai).",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Hãy đánh dấu các Đảng bộ hợp nhất."},
    )
    kind = forms.ChoiceField(
        label="Cấp của đơn vị mới",
        choices=[("ward", "phường"), ("commune", "xã"), ("township", "thị trấn")],
        error_messages={
            "required": "Hãy chọn cấp của đơn vị mới.",
            "invalid_choice": "Hãy chọn phường, xã hoặc thị trấn.",
        },
    )
    name = forms.CharField(
        label="Tên đơn vị mới",
        max_length=200,
        help_text="Chỉ ghi tên, không ghi cấp: «Kim Tân» cho phường Kim Tân.",
        error_messages={"required": "Hãy ghi tên đơn vị mới."},
    )
    on = forms.DateField(
        label="Từ ngày",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text="Ngày đơn vị mới bắt đầu hoạt động, viết ngày/tháng/năm, ví dụ 01/07/2025.",
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "ngày/tháng/năm", "inputmode": "numeric"}),
        error_messages={
            "required": "Hãy ghi ngày hợp nhất.",
            "invalid": "Ngày không đúng: hãy viết ngày/tháng/năm, ví dụ 01/07/2025.",
        },
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["predecessors"].iterator = ByNameIterator  # before the queryset, which builds the choices
        self.fields["predecessors"].unit_order = lambda units: sorted(units, key=lambda u: natural_key(u.title))
        self.fields["predecessors"].queryset = committees
        self.fields["predecessors"].label_from_instance = lambda u: u.title
