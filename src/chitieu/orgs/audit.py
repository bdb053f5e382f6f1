"""The audit trail: who changed what, when, old → new. Called explicitly by every function that
changes data (the workflow, importers, the API), never from signals.

Being the one call every change makes, it also moves the committee's revision on: the stored
summaries the province and country pages read (chitieu.plans.summaries) are current while their
revision is the committee's.
"""

from django.db.models import F

from .models import AuditEntry, Kind, Unit


def bump_revision(unit: Unit | None) -> None:
    """The committee's data changed (a branch's change is its committee's)."""
    if unit is None:
        return
    target = unit.parent_id if unit.kind == Kind.BRANCH else unit.pk
    Unit.objects.filter(pk=target).update(revision=F("revision") + 1)


# Entries that record a reading (an export of names, the API's member list), not a change.
READ_ACTIONS = frozenset({"member.export", "member.api_read"})


def audit(user, unit, action: str, obj, old=None, new=None, note: str = "") -> AuditEntry:
    if action not in READ_ACTIONS:
        bump_revision(unit)
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        unit=unit,
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        old=old,
        new=new,
        note=note[:300],
    )
