"""Changes to the organisation tree: plain functions, called explicitly, that keep ``Unit.path`` right."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .audit import bump_revision
from .models import COMMITTEE_KINDS, AuditEntry, Kind, Unit


class TreeError(ValueError):
    pass


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
