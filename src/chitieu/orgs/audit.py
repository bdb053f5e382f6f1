"""The audit trail: who changed what, when, old → new. Called explicitly by every function that
changes data (the workflow, importers, the API), never from signals."""

from .models import AuditEntry


def audit(user, unit, action: str, obj, old=None, new=None, note: str = "") -> AuditEntry:
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
