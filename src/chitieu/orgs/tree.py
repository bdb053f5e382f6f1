"""Changes to the organisation tree: plain functions, called explicitly, that keep ``Unit.path`` right."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When

from .audit import bump_revision
from .models import COMMITTEE_KINDS, AuditEntry, Kind, Unit


class TreeError(ValueError):
    pass


_DIGITS = re.compile(r"([0-9]+)")
# The Vietnamese alphabet's order (with the letters of foreign names where English has them): "ă"
# and "â" come after "a", "đ" after "d" — not after "z", where their code points put them.
_ALPHABET = {c: i for i, c in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz", start=0x100)}
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng


def _letters(text: str) -> tuple[int, ...]:
    toneless = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text) if c not in _TONES))
    return tuple(_ALPHABET.get(c, ord(c) if ord(c) < 0x100 else ord(c) + 0x100) for c in toneless)


def natural_key(name: str) -> tuple:
    """The order people expect of names with numbers: "chi bộ 2" before "chi bộ 10" (a database
    compares them character by character, so "10" < "2"). Digits compare as numbers, letters in
    the Vietnamese alphabet's order, tone marks only between names otherwise equal."""
    parts = _DIGITS.split(unicodedata.normalize("NFC", name or "").casefold().strip())
    return tuple(int(p) if i % 2 else (_letters(p), p) for i, p in enumerate(parts))


def by_name(units: Iterable[Unit]) -> list[Unit]:
    """Units in the natural order of their names (a committee's branches, a province's units)."""
    return sorted(units, key=lambda u: natural_key(u.name))


def by_parent_and_name(units: Iterable[Unit]) -> list[Unit]:
    """Units grouped by their parent's name, then by their own, both naturally (``parent`` read)."""
    return sorted(units, key=lambda u: (natural_key(u.parent.name if u.parent_id else ""), natural_key(u.name)))


def name_order(field: str, units: Iterable[Unit]) -> Case:
    """An ORDER BY for rows that point to one of ``units`` through ``field`` ("branch"), in the
    natural order of those units' names: for lists the database pages (a roster by branch)."""
    whens = [When(**{field: u.pk}, then=Value(i)) for i, u in enumerate(by_name(units))]
    if not whens:
        return Value(0, output_field=IntegerField())
    return Case(*whens, default=Value(len(whens)), output_field=IntegerField())


def create_unit(kind: str, name: str, parent: Unit | None = None, **fields) -> Unit:
    if kind not in Kind.values:
        raise TreeError(f"Loại đơn vị không hợp lệ: {kind!r} / unknown unit kind")
    if not name.strip() and kind != Kind.UNNAMED:
        raise TreeError("Tên đơn vị trống / empty unit name")
    if kind == Kind.BRANCH and (parent is None or parent.kind not in COMMITTEE_KINDS):
        raise TreeError("Chi bộ phải thuộc một Đảng bộ phường, xã / a branch belongs to a committee")
    with transaction.atomic():
        unit = Unit.objects.create(kind=kind, name=name.strip(), parent=parent, **fields)
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.save(update_fields=["path"])
        if kind == Kind.BRANCH:  # a new branch is its committee's change, whoever creates it
            bump_revision(unit)
    return unit


def get_or_create_unit(kind: str, name: str, parent: Unit | None = None, **fields) -> Unit:
    found = Unit.objects.filter(kind=kind, name=name.strip(), parent=parent).first()
    return found or create_unit(kind, name, parent, **fields)


def move_unit(unit: Unit, new_parent: Unit | None) -> None:
    """Re-hang a unit and its whole subtree under another parent."""
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise TreeError("Không thể chuyển một đơn vị vào chính nó / a unit cannot move under itself")
    old = unit.path
    new = f"{new_parent.path if new_parent else '/'}{unit.pk}/"
    with transaction.atomic():
        if unit.kind == Kind.BRANCH:  # both committees' summaries change
            bump_revision(unit)
        unit.parent = new_parent
        unit.save(update_fields=["parent"])
        if unit.kind == Kind.BRANCH:
            bump_revision(unit)
        for sub in Unit.objects.filter(path__startswith=old):
            sub.path = new + sub.path[len(old) :]
            sub.save(update_fields=["path"])


def merge_units(predecessors: list[Unit], kind: str, name: str, on: dt.date, user=None) -> Unit:
    """Merge committees (the 2025 reform): a new committee succeeds them and keeps their history.

    The predecessors stay, read-only, with their terms and results; ``merged_series`` sums their
    figures for the years before the merge where the indicator is a sum.
    """
    if len(predecessors) < 2:
        raise TreeError("Cần ít nhất hai đơn vị để hợp nhất / a merge needs two units or more")
    if any(not p.is_committee or not p.is_active for p in predecessors):
        raise TreeError("Chỉ hợp nhất các Đảng bộ phường, xã đang hoạt động / only active committees merge")
    parent = predecessors[0].parent
    with transaction.atomic():
        merged = create_unit(kind, name, parent)
        for p in predecessors:
            p.merged_into = merged
            p.merged_on = on
            p.save(update_fields=["merged_into", "merged_on"])
            # The branches move to the successor: they are its branches from now on.
            for branch in list(p.children.filter(kind=Kind.BRANCH)):
                move_unit(branch, merged)
        for p in predecessors:  # their branches and records moved on: their summaries too
            bump_revision(p)
        AuditEntry.objects.create(
            user=user,
            unit=merged,
            action="unit.merge",
            object_type="unit",
            object_id=str(merged.pk),
            new={"predecessors": [p.pk for p in predecessors], "on": on.isoformat()},
        )
    return merged
