"""Forms of the rating steps on 100 points: each field cleans to a domain value (a Decimal score, a
level, a tick)."""

from __future__ import annotations

from django import forms

from . import rating_rules as rules
from .models import Level

LEVEL_CHOICES = [("", "—")] + Level.choices


class ScoreField(forms.CharField):
    """A score on 100 points typed "85,5" or "85.5": a Decimal, or None when left empty."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "placeholder": "0–100"})

    def __init__(self, **kw):
        kw.setdefault("required", False)
        super().__init__(**kw)

    def prepare_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return rules._vn(value)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return rules.check_score(text)
        except rules.RuleError as exc:
            raise forms.ValidationError(str(exc).split(" / ")[0]) from None

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (rules.check_score(initial) if initial not in (None, "") else None)
        except (forms.ValidationError, rules.RuleError):
            return True


# Field name prefixes, one of each per member.
SELF_SCORE, SELF_LEVEL, PROPOSED_SCORE, DISCIPLINED, CONDITIONS = "ss", "sl", "ps", "kl", "dk"
PREFIX_FIELDS = {
    SELF_SCORE: "self_score",
    SELF_LEVEL: "self_level",
    PROPOSED_SCORE: "proposed_score",
    DISCIPLINED: "disciplined",
    CONDITIONS: "excellent_conditions",
}


def proposal_form(members, proposals: dict, data=None) -> forms.Form:
    """The branch's grid: per member, their own score and level, the branch's proposed score, and
    two ticks: disciplined in the year, the extra conditions of HTXSNV met. The proposed level is
    not typed: it is computed from the score by the rules and shown."""
    fields = {}
    for m in members:
        p = proposals.get(m.pk)
        fields[f"{SELF_SCORE}{m.pk}"] = ScoreField(label="Điểm tự chấm", initial=p.self_score if p else None)
        fields[f"{SELF_LEVEL}{m.pk}"] = forms.ChoiceField(
            label="Tự xếp loại", choices=LEVEL_CHOICES, required=False, initial=p.self_level if p else ""
        )
        fields[f"{PROPOSED_SCORE}{m.pk}"] = ScoreField(
            label="Điểm chi bộ đề xuất", initial=p.proposed_score if p else None
        )
        fields[f"{DISCIPLINED}{m.pk}"] = forms.BooleanField(
            label="Bị kỷ luật trong năm", required=False, initial=p.disciplined if p else False
        )
        fields[f"{CONDITIONS}{m.pk}"] = forms.BooleanField(
            label="Đủ điều kiện mức xuất sắc", required=False, initial=p.excellent_conditions if p else False
        )
    names = {m.pk: m.full_name for m in members}
    for name, f in fields.items():
        # The grid has one header per column: each input says whose it is to screen readers.
        f.widget.attrs["aria-label"] = f"{f.label} — {names[int(name[2:])]}"
    form = type("ProposalForm", (forms.Form,), fields)(data)
    labels = dict(Level.choices)
    form.member_rows = [
        {
            "member": m,
            "fields": [form[f"{prefix}{m.pk}"] for prefix in PREFIX_FIELDS],
            "proposed_level": labels.get(proposals[m.pk].proposed_level, "") if m.pk in proposals else "",
        }
        for m in members
    ]
    return form


def changed_rows(form, members) -> dict[int, dict]:
    """Member id -> the row to save, for the members whose fields the user changed."""
    changed = set(form.changed_data)
    rows = {}
    for m in members:
        names = {prefix: f"{prefix}{m.pk}" for prefix in PREFIX_FIELDS}
        if changed.isdisjoint(names.values()):
            continue
        rows[m.pk] = {PREFIX_FIELDS[prefix]: form.cleaned_data[name] for prefix, name in names.items()}
        rows[m.pk]["self_level"] = rows[m.pk]["self_level"] or ""
        if names[SELF_SCORE] in changed and names[SELF_LEVEL] not in changed:
            # The select showed the level computed from the old score: compute it again.
            rows[m.pk]["self_level"] = ""
    return rows


def row_error_field(member_id: int, part: str) -> str:
    """The field of a member's row where an error of a step ("self" or "proposed") is shown."""
    return f"{SELF_LEVEL if part == 'self' else PROPOSED_SCORE}{member_id}"
