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
        self.fields["predecessors"].iterator = ByNameIterator  # before the queryset, which builds the choices
        self.fields["predecessors"].unit_order = lambda units: sorted(units, key=lambda u: natural_key(u.title))
        self.fields["predecessors"].queryset = committees
        self.fields["predecessors"].label_from_instance = lambda u: u.title
