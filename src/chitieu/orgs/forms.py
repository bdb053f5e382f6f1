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
