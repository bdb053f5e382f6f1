"""Audit entries for the changes the API makes itself (the workflow functions write their own)."""

from chitieu.orgs.models import AuditEntry


def audit(user, unit, action: str, obj, old=None, new=None, note: str = "") -> None:
    """Same shape as chitieu.plans.workflow writes: who, when, which object, old → new."""
    AuditEntry.objects.create(
        user=user if user and user.is_authenticated else None,
        unit=unit,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        old=old,
        new=new,
        note=note[:300],
    )
