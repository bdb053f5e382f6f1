"""Forms whose clean_* return domain types: Decimal values in the target's unit, core Targets."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from django import forms
from django.utils import timezone

from chitieu.core.catalog import indicators
from chitieu.core.quantity import Quantity, QuantityError, Unit, format_quantity, parse_number, unit_name
from chitieu.core.targets import SHAPE_LABELS, Shape, TargetError, find_quantity, parse_target
from chitieu.core.verdicts import ActualKind, measured_value, read_actual, show_result
from chitieu.edge import YEAR_MAX, YEAR_MIN
from chitieu.limits import MAX_PASTE_CHARS
from chitieu.versions import KEEP_YOURS, NO_RECORD

# Django keeps 15 significant digits of a non-integer on SQLite; refuse more rather than round.
MAX_FRACTION_DIGITS = 15


def indicator_choices():
    return [("", "— không gắn chỉ số —")] + [(k, i.name) for k, i in indicators().items()]


def clean_value(text: str, unit: str) -> Decimal:
    """A result typed as Vietnamese text, in the target's unit: "11,74%", "124.857 triệu đồng", "131",
    "-2,6%" (a growth below zero keeps its sign).

    Money must say its unit ("triệu đồng", "tỷ đồng"): a bare "31.336" could be đồng or millions.
    """
    text = (text or "").strip()
    if not text:
        raise forms.ValidationError("Chưa nhập giá trị / no value")
    sign = Decimal(1)
    negative = re.match(r"(?:-|−|âm\s)\s*(?=\d)", text)
    if negative:
        sign, text = Decimal(-1), text[negative.end() :]
    try:
        value = parse_number(text)
        bare = True
    except QuantityError:
        bare = False
    if bare:
        if unit == Unit.VND:
            raise forms.ValidationError(
                "Ghi rõ đơn vị tiền, ví dụ 124.857 triệu đồng / give the money unit, e.g. 124.857 triệu đồng"
            )
    else:
        try:
            q, _, _ = find_quantity(text)
        except (TargetError, QuantityError) as exc:
            raise forms.ValidationError(str(exc)) from None
        if q.unit != Unit(unit) and not (q.unit == Unit.COUNT and unit in (Unit.COUNT, Unit.OTHER)):
            raise forms.ValidationError(
                f"Đơn vị «{unit_name(q.unit)}» khác đơn vị của chỉ tiêu «{unit_name(unit)}» "
                "/ unit does not match the target"
            )
        value = q.value
    _check_digits(value)
    return sign * value


def _check_digits(value: Decimal) -> None:
    if value != value.to_integral_value() and len(value.normalize().as_tuple().digits) > MAX_FRACTION_DIGITS:
        raise forms.ValidationError("Quá nhiều chữ số / too many digits")


# What an office types in the results grid, by shape (docs/targets.md, "What is stored for a result").
CELL_HINTS = {
    Shape.CHANGE_PER_YEAR: "Mỗi năm ghi mức đạt được của năm (ví dụ 3,2%); ô cả nhiệm kỳ ghi mức giảm/tăng bình quân "
    "mỗi năm đã đạt (ví dụ: giảm 1,2%).",
    Shape.CHANGE_OVER_TERM: "Mỗi năm ghi mức đạt được của năm; ô cả nhiệm kỳ ghi mức tăng/giảm cả nhiệm kỳ đã đạt "
    "(ví dụ: tăng 5 doanh nghiệp).",
    Shape.YES_NO: "Ghi «đạt» hoặc «không đạt» (giữ vững, được công nhận, không giữ được…).",
    Shape.RATING_LEVEL: "Ghi mức xếp loại: hoàn thành xuất sắc nhiệm vụ (HTXSNV), hoàn thành tốt nhiệm vụ (HTTNV), "
    "hoàn thành nhiệm vụ (HTNV) hoặc không hoàn thành nhiệm vụ (KHTNV).",
    Shape.OVER_PLAN: "Ghi tỷ lệ so với kế hoạch, ví dụ «bằng 110% kế hoạch» hoặc «vượt 10% kế hoạch».",
    Shape.AVERAGE_GROWTH: "Mỗi năm ghi tốc độ tăng của năm, có thể âm (ví dụ -2,6%); ô cả nhiệm kỳ ghi tốc độ tăng "
    "bình quân.",
    Shape.PER_YEAR_COUNT: "Mỗi năm ghi số của năm; ô cả nhiệm kỳ ghi số bình quân mỗi năm.",
    Shape.TERM_TOTAL: "Mỗi năm ghi số của năm; ô cả nhiệm kỳ ghi tổng cả nhiệm kỳ.",
}


def clean_result(text: str, target, year: int | None) -> Decimal:
    """A result typed for ``target`` (a plans.models.Target) in the cell of ``year`` (None: the whole
    term), as it is stored (docs/targets.md): read by the core as a report writes it, so "-2,6%",
    "tăng trưởng âm 2,6%", "đạt"/"không đạt", "HTXSNV", "bằng 110% kế hoạch", "giảm 1,2%" all keep
    their meaning. A change target's yearly cells hold the year's level, its term cell the change."""
    core = target.as_core()
    text = (text or "").strip()
    if core.is_change and year is not None:
        try:
            kind = read_actual(text).kind
        except (TargetError, QuantityError):
            kind = None
        if kind == ActualKind.CHANGE:  # "giảm 1,7%" typed as a year's level would be stored as 1,7
            raise forms.ValidationError(
                "Ô của từng năm ghi mức đạt được trong năm (ví dụ 3,2%), không ghi mức tăng, giảm; "
                "mức tăng, giảm cả nhiệm kỳ ghi ở ô «Cả nhiệm kỳ» / a year's cell holds the year's level"
            )
        return clean_value(text, target.unit)
    if not text:
        raise forms.ValidationError("Chưa nhập giá trị / no value")
    if core.shape in (Shape.YES_NO, Shape.RATING_LEVEL) and re.fullmatch(r"[0-4]", text):
        value = Decimal(text)  # 1/0, or a rating level written as its number
        if core.shape == Shape.YES_NO and value > 1:
            raise forms.ValidationError("Ghi 1 (đạt) hoặc 0 (không đạt) / 1 for yes, 0 for no")
        return value
    try:
        value = measured_value(core, text)
    except (TargetError, QuantityError) as exc:
        raise forms.ValidationError(str(exc)) from None
    _check_digits(value)
    return value


class TermForm(forms.Form):
    start_year = forms.IntegerField(label="Từ năm", min_value=1945, max_value=2100)
    end_year = forms.IntegerField(label="Đến năm", min_value=1945, max_value=2100)
    congress_ordinal = forms.IntegerField(label="Đại hội lần thứ (số)", min_value=1, max_value=99, required=False)
    congress_date = forms.DateField(label="Ngày Đại hội", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    secretary = forms.CharField(label="Bí thư", max_length=120, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and not (1 <= end - start <= 10):
            raise forms.ValidationError("Nhiệm kỳ phải dài từ 1 đến 10 năm / a term lasts 1 to 10 years")
        return data


class PasteForm(forms.Form):
    text = forms.CharField(
        label="Dán các chỉ tiêu chủ yếu",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Mỗi chỉ tiêu một dòng có số thứ tự: 1- Tổng giá trị sản xuất tăng bình quân 12 - 15%/năm",
        max_length=MAX_PASTE_CHARS,
    )
    year = forms.IntegerField(
        label="Chỉ tiêu kế hoạch của năm (để trống nếu là chỉ tiêu cả nhiệm kỳ)",
        required=False,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )


class TargetForm(forms.Form):
    """One proposed or existing target: the phrase (re-read on save), its catalog indicator, its shape."""

    include = forms.BooleanField(label="Lưu", required=False, initial=True)
    number = forms.IntegerField(label="STT", min_value=0, max_value=999)
    text = forms.CharField(label="Chỉ tiêu", max_length=1000, widget=forms.TextInput(attrs={"size": 70}))
    indicator = forms.ChoiceField(label="Chỉ số", required=False, choices=())
    shape = forms.ChoiceField(
        label="Dạng", required=False, choices=[("", "tự nhận biết")] + [(s.value, SHAPE_LABELS[s]) for s in Shape]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicator_choices()

    def clean(self):
        data = super().clean()
        if not data.get("include") or "text" not in data:
            return data
        try:
            target = parse_target(data["text"], data.get("indicator") or None)
        except (TargetError, QuantityError, KeyError) as exc:
            raise forms.ValidationError(exc.args[0] if exc.args else str(exc)) from None
        if data.get("shape"):
            target = replace(target, shape=Shape(data["shape"]))
        data["target"] = target
        return data


TargetFormSet = forms.formset_factory(TargetForm, extra=0)


def field_name(year: int | None) -> str:
    """A year's field in the results forms (one target's, each row of the term grid): "y2021", or
    "term" for the result of the whole term."""
    return f"y{year}" if year is not None else "term"


class ResultsForm(forms.Form):
    """The results of one target: one field per year of the term and one for the whole term.

    Each value field also posts the value the user was shown (``initial-y2022``) and the version of
    the stored result (``v2022``): only the fields the user changed are saved, each checked against
    the version read, so a save never reverts what someone else saved meanwhile (issue 12).
    """

    def __init__(self, *args, target, years, initial_values: dict, versions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.years: dict[str, int | None] = {field_name(y): y for y in [*years, None]}
        for name, y in self.years.items():
            label = str(y) if y is not None else "Cả nhiệm kỳ"
            self.fields[name] = forms.CharField(
                label=label, required=False, initial=initial_values.get(y, ""), show_hidden_initial=True
            )
            self.fields[f"v{name}"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=versions.get(y, NO_RECORD)
            )

    def clean(self):
        data = super().clean()
        changes: dict[int | None, tuple[Decimal, str | None]] = {}
        for name, year in self.years.items():
            raw = data.get(name)
            if name not in self.changed_data or raw is None or not str(raw).strip():
                continue  # untouched (or emptied: a stored result is deleted through its own action)
            try:
                # a client that sends no version (a script) is not checked: None
                seen = (data.get(f"v{name}") or NO_RECORD) if f"v{name}" in self.data else None
                changes[year] = (clean_result(str(raw), self.target, year), seen)
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        data["changes"] = changes
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp")


def display_value(r, target) -> str:
    """A stored result as the results forms (one target, the term grid) show it, in words the form
    reads back to the same number."""
    core = target.as_core()
    if core.shape in (Shape.YES_NO, Shape.RATING_LEVEL, Shape.OVER_PLAN) or (core.is_change and r.year is None):
        return show_result(core, Decimal(r.value))
    return format_quantity(Quantity(Decimal(r.value), Unit(target.unit)))


def conflict_message(current, target) -> str:
    """What a results form says of a value someone else saved (or deleted) while the user typed."""
    if current is None:
        message = "Trong lúc bạn sửa, người khác đã xóa kết quả này."
    else:
        who = current.entered_by.username if current.entered_by else "người khác"
        when = timezone.localtime(current.entered_at).strftime("%H:%M ngày %d/%m/%Y")
        message = f"Trong lúc bạn sửa, {who} đã lưu «{display_value(current, target)}» lúc {when}."
    return f"{message} {KEEP_YOURS}"
