from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .auth import DEMO_REFUSED, demo_refused


class LoginForm(AuthenticationForm):
    """The site's login. The rules (demo account, audit, lockout) are the backends', for every login
    path; the demo rule is also checked here only to say why, instead of "wrong password"."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if demo_refused(self.request, self.cleaned_data.get("username")):
                raise forms.ValidationError(DEMO_REFUSED, code="demo_only") from None
            raise


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
