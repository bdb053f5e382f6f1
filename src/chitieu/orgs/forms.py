from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """The demo admin (demo/demo) may log in only in demo mode and only from this machine."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username == "demo":
            remote = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
            if not settings.DEMO_MODE or remote not in ("127.0.0.1", "::1"):
                raise forms.ValidationError(
                    "Tài khoản demo chỉ dùng được ở chế độ trình diễn trên máy này / "
                    "the demo account works only in demo mode on this machine",
                    code="demo_only",
                )
        return super().clean()


class UnitImportForm(forms.Form):
    file = forms.FileField(label="Tệp CSV hoặc XLSX")


class MergeForm(forms.Form):
    """Merge committees into a new one (the 2025 reform)."""

    predecessors = forms.ModelMultipleChoiceField(queryset=None, label="Các Đảng bộ hợp nhất")
    kind = forms.ChoiceField(label="Loại", choices=[("ward", "phường"), ("commune", "xã"), ("township", "thị trấn")])
    name = forms.CharField(label="Tên đơn vị mới", max_length=200)
    on = forms.DateField(label="Từ ngày", input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["predecessors"].queryset = committees
        self.fields["predecessors"].label_from_instance = lambda u: u.title
