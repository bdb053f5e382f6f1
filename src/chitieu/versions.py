"""Optimistic locking: the version of a record is a fingerprint of what it holds now.

Two people open the same form; the second save used to overwrite the first, even fields the second
never touched (issue 12, finding 3). A form and an API client carry the version they read (a hidden
field; an ETag sent back as If-Match); a write checks it against the record's version at the moment
of writing, inside the write's transaction, and a different one is a conflict: the other person's
value is shown and the user decides. A fingerprint rather than a counter, so every path that
changes a record (the admin, an import, the workflow) changes its version without remembering to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

NO_RECORD = ""  # the version of a record that does not exist yet: "I saw none"


class StaleWrite(Exception):
    """The record changed since the writer read it. ``current`` is the record as it is now (None
    when it was deleted meanwhile)."""

    def __init__(self, current, message: str = ""):
        self.current = current
        super().__init__(
            message
            or "Trong lúc bạn sửa, người khác đã lưu số liệu này; hãy xem giá trị mới rồi lưu lại / "
            "someone else saved this record after you opened it"
        )


def version_of(obj) -> str:
    """16 hex digits of the SHA-256 of the record's own fields (None: NO_RECORD)."""
    if obj is None:
        return NO_RECORD
    h = hashlib.sha256()
    skipped = getattr(obj, "unversioned_fields", ())
    for f in obj._meta.concrete_fields:
        if f.attname in skipped:
            continue
        h.update(f.attname.encode())
        h.update(b"=")
        h.update(_canonical(getattr(obj, f.attname)).encode())
        h.update(b"\x1f")
    return h.hexdigest()[:16]


def _canonical(value) -> str:
    """The same text for a value in memory and as read back: "11" and "11.0000" from a
    DecimalField, Status.DRAFT and "draft", a datetime in any time zone."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, str):  # a TextChoices member in memory, its plain value when read back
        return repr(str.__str__(value))
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()
    return repr(value)


def check_version(obj, seen: str | None, seen_values: dict | None = None) -> None:
    """Raise StaleWrite when the writer read another version than ``obj``'s; None: not checked.

    With ``seen_values`` (the fields the writer changed, as they were when read), a record changed
    meanwhile in other fields only is not a conflict: the writer's fields are still as they saw them.
    """
    if seen is None or seen == version_of(obj):
        return
    if seen_values is not None and obj is not None and all(getattr(obj, k) == v for k, v in seen_values.items()):
        return
    raise StaleWrite(obj)


def etag(obj) -> str:
    return f'"{version_of(obj)}"'


def seen_from_if_match(header: str | None) -> str | None:
    """The version an If-Match header names; None when absent or "*" (any version)."""
    if not header:
        return None
    value = header.strip().split(",")[0].strip()
    if value == "*":
        return None
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


KEEP_YOURS = "Giá trị của bạn vẫn ở ô này: bấm Lưu lần nữa để ghi đè, hoặc sửa lại."


def rebased(form, now: dict[str, str | None], edited) -> dict:
    """A form's posted data moved onto what is stored now, after a conflict: every field shows what
    is stored (its hidden initial, so saving again compares with that), a field its user did not
    change shows it too, and the user's own changes (``edited``) stay. ``now``: field name -> the
    value as the form posts it (None: a checkbox left empty)."""
    data = form.data.copy()
    for name, value in now.items():
        for key in [form.add_initial_prefix(name)] + ([] if name in edited else [name]):
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
    return data


class VersionedForm:
    """A form mixin for editing one record: it carries the record's version (a hidden field) and
    posts back what each field showed (Django's show_hidden_initial), so ``changed_data`` is what the
    user changed. ``conflict`` builds the form again after a StaleWrite: untouched fields show the
    record as it is now, the user's own changes stay, each marked with the other person's value;
    saving that form again overwrites them, knowingly.
    """

    def __init__(self, *args, version: str = NO_RECORD, **kwargs):
        super().__init__(*args, **kwargs)
        from django import forms

        for field in self.fields.values():
            field.show_hidden_initial = True
        self.fields["version"] = forms.CharField(required=False, widget=forms.HiddenInput, initial=version)

    @property
    def seen(self) -> str | None:
        """The version the user read; None when the client sent none (not checked)."""
        return self.cleaned_data.get("version", "") if "version" in self.data else None

    @property
    def edited(self) -> list[str]:
        return [name for name in self.changed_data if name != "version"]

    @property
    def seen_values(self) -> dict:
        """What each field the user changed showed when the form was opened, as Python values."""
        from django.core.exceptions import ValidationError

        out = {}
        for name in self.edited:
            field = self.fields[name]
            raw = field.hidden_widget().value_from_datadict(self.data, self.files, self.add_initial_prefix(name))
            try:
                out[name] = field.to_python(raw)
            except ValidationError:
                out[name] = raw
        return out

    def as_data(self, name: str, value) -> str | None:
        """A stored value as this form posts it (None: a checkbox left empty)."""
        from django import forms

        field = self.fields[name]
        if isinstance(field, forms.BooleanField):
            return "on" if value else None
        shown = field.prepare_value(value)
        return "" if shown is None else str(shown)

    def conflict(self, current, make):
        """The same form after someone else saved ``current`` (a model instance) meanwhile;
        ``make(data, version)`` builds a bound form like this one."""
        edited = self.edited
        now = {name: self.as_data(name, getattr(current, name, None)) for name in self.fields if name != "version"}
        data = rebased(self, now, edited)
        data["version"] = version_of(current)
        again = make(data, version_of(current))
        again.is_valid()
        for name in edited:
            now = self.as_data(name, getattr(current, name, None))
            if now != self.as_data(name, self.cleaned_data.get(name)):
                shown = "(trống)" if not now else ("có" if now == "on" else now)
                again.add_error(
                    name,
                    f"Trong lúc bạn sửa, người khác đã lưu «{shown}». {KEEP_YOURS}",
                )
        if not again.errors:
            again.add_error(None, "Trong lúc bạn sửa, người khác đã lưu bản ghi này; hãy xem lại rồi lưu.")
        return again
