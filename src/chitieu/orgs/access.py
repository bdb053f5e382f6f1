"""Who may see and change what. Every view and API endpoint goes through these helpers.

A grant covers its unit's subtree. Editors edit their committee and its branches; viewers read;
reviewers (the level above) read their subtree and approve or reopen results. Superusers are admins.
An object outside the user's scope is answered with 404, not 403, so its existence does not leak.
"""

from __future__ import annotations

from functools import cache

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Grant, Role, Unit


def _grants(user) -> list[tuple[str, str]]:
    """(path, role) of the user's grants, cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_chitieu_grants", None)
    if cached is None:
        cached = list(Grant.objects.filter(user=user).values_list("unit__path", "role"))
        user._chitieu_grants = cached
    return cached


def can_view(user, unit: Unit) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return any(unit.path.startswith(path) for path, _ in _grants(user))


def can_edit(user, unit: Unit) -> bool:
    """Editors change their own committee's data and its branches', never a merged (read-only) unit."""
    if not unit.is_active:
        return False
    if user.is_authenticated and user.is_superuser:
        return True
    return any(unit.path.startswith(path) and role == Role.EDITOR for path, role in _grants(user))


def can_review(user, unit: Unit) -> bool:
    """Approving and reopening results is for the level above: a reviewer of a strict ancestor."""
    if user.is_authenticated and user.is_superuser:
        return True
    return any(
        unit.path.startswith(path) and unit.path != path and role == Role.REVIEWER for path, role in _grants(user)
    )


def sees_personal_data(user, unit: Unit) -> bool:
    """Member records (names, birth dates) are for the committee's own users, not the level above."""
    if user.is_authenticated and user.is_superuser:
        return True
    committee = unit if unit.is_committee or unit.parent is None else unit.parent
    return any(path.startswith(committee.path) and role in (Role.EDITOR, Role.VIEWER) for path, role in _grants(user))


# Which audit entries may show their values (old → new, note) to a user who does not see the
# committee's personal data (the level above). The rule fails closed: the values of the records
# the level above reads on its own pages are shown — a committee's terms, targets, results,
# figures and documents (the plans app) and the units; every other record (the Party registry of
# people and their ratings, inspections, awards; users, grants, tokens, logins; any type added
# later) shows only who did what and when.
OPEN_APPS = {"plans"}
OPEN_MODELS = {"unit"}


@cache
def _models_by_name() -> dict:
    from django.apps import apps

    return {model._meta.model_name: model for model in apps.get_models()}


def _audited_model(entry):
    """The model an entry is about: its object type, else the first word of its action."""
    name = entry.object_type or entry.action.split(".", 1)[0].replace("_", "")
    return _models_by_name().get(name)


def is_personal(entry) -> bool:
    model = _audited_model(entry)
    if model is None:
        return True
    return not (model._meta.app_label in OPEN_APPS or model._meta.model_name in OPEN_MODELS)


def hides_audit_details(user, entry) -> bool:
    return is_personal(entry) and (entry.unit is None or not sees_personal_data(user, entry.unit))


def visible_units(user) -> QuerySet[Unit]:
    if user.is_authenticated and user.is_superuser:
        return Unit.objects.all()
    grants = _grants(user)
    if not grants:
        return Unit.objects.none()
    q = Q()
    for path, _ in grants:
        q |= Q(path__startswith=path)
    return Unit.objects.filter(q)


def get_unit_for_user(user, pk: int, *, edit: bool = False, review: bool = False) -> Unit:
    """The unit if the user may see it (and edit or review it, when asked); else 404."""
    unit = Unit.objects.select_related("parent", "merged_into").filter(pk=pk).first()
    if unit is None or not can_view(user, unit):
        raise Http404("Không tìm thấy / not found")
    if edit and not can_edit(user, unit):
        raise Http404("Không có quyền sửa / not allowed to edit")
    if review and not can_review(user, unit):
        raise Http404("Không có quyền duyệt / not allowed to review")
    return unit
