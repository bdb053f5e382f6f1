"""Who am I, the units I may see, a unit's audit log, and the indicator catalog."""

from django.db.models import Q
from ninja import File, Query, Router
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from chitieu.core.catalog import indicators
from chitieu.orgs.access import can_view, hides_audit_details, visible_units
from chitieu.orgs.importer import ImportFailed, import_units
from chitieu.orgs.models import AuditEntry, Grant, Kind, Unit
from chitieu.plans.models import Term

from .auth import via_token
from .paging import PageParams, page
from .responses import status
from .schemas import AuditPage, ErrorOut, ImportErrorOut, IndicatorOut, MeOut, UnitDetail, UnitImportOut, UnitPage
from .scope import get_unit
from .serialize import term_out, unit_brief, unit_out

router = Router(tags=["units"])


# Audit entries about people carry names and birth dates: only the committee's own users see their
# contents (chitieu.orgs.access.sees_personal_data); the level above sees that a change happened.
@router.get("/me", response=MeOut, summary="The caller, with their roles")
def me(request):
    user = request.user
    grants = Grant.objects.filter(user=user).select_related("unit").order_by("unit__path", "role")
    return {
        "id": user.pk,
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "is_superuser": user.is_superuser,
        "via_token": via_token(request),
        "grants": [{"unit": unit_brief(g.unit), "role": g.role} for g in grants],
    }


class UnitFilter(PageParams):
    kind: list[str] | None = Field(None, description="One or more kinds: ward, commune, branch, …")
    parent: int | None = Field(None, ge=1, le=2**63 - 1, description="Only the children of this unit.")
    q: str | None = Field(None, max_length=100, description="Part of the name.")
    active: bool | None = Field(None, description="true: only units not merged away; false: only merged ones.")


@router.get("/units", response=UnitPage, summary="Units the caller may see")
def list_units(request, filters: Query[UnitFilter]):
    qs = visible_units(request.user)
    if filters.kind:
        unknown = [k for k in filters.kind if k not in Kind.values]
        if unknown:
            raise HttpError(400, f"Loại đơn vị không hợp lệ: {', '.join(unknown)} / unknown kind")
        qs = qs.filter(kind__in=filters.kind)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.q:
        qs = qs.filter(name__icontains=filters.q.strip())
    if filters.active is not None:
        qs = qs.filter(merged_into__isnull=filters.active)
    return page(qs.order_by("path"), filters, lambda u: unit_out(u, request.user))


@router.post(
    "/units/import",
    response={201: UnitImportOut, 400: ImportErrorOut, 403: ErrorOut, 413: ErrorOut},
    summary="Import units from a CSV or XLSX file (staff only)",
    description="Columns: kind, name, parent (the parent's title), branch_kind, code. All or nothing.",
)
def import_tree(request, file: File[UploadedFile]):
    if not request.user.is_staff:
        raise HttpError(403, "Chỉ quản trị viên mới được nhập cây đơn vị / only staff may import units")
    if file.size is not None and file.size > 20 * 1024 * 1024:
        raise HttpError(413, "Tệp quá lớn (tối đa 20 MB) / file too large")
    name = file.name or "upload.csv"
    try:
        created = import_units(name, file.read(), request.user)
    except ImportFailed as exc:
        return status(
            400, {"detail": "Không nhập được tệp / nothing was imported", "errors": [str(e) for e in exc.errors]}
        )
    AuditEntry.objects.create(
        user=request.user, action="unit.import", object_type="unit", new={"created": created, "file": name}
    )
    return status(201, {"created": created})


@router.get("/units/{unit_id}", response=UnitDetail, summary="One unit with its children and terms")
def unit_detail(request, unit_id: int):
    user = request.user
    unit = get_unit(user, unit_id)
    related = Unit.objects.filter(Q(pk__in=unit.ancestor_ids()) | Q(parent=unit) | Q(merged_into=unit)).exclude(
        pk=unit.pk
    )
    ancestors, children, predecessors = [], [], []
    for u in related.order_by("path"):
        if u.pk in unit.ancestor_ids():
            if can_view(user, u):
                ancestors.append(unit_brief(u))
        elif u.parent_id == unit.pk:
            children.append(unit_brief(u))
        if u.merged_into_id == unit.pk:
            predecessors.append(unit_brief(u))
    return unit_out(unit, user) | {
        "party_title": unit.party_title,
        "ancestors": ancestors,
        "children": children,
        "predecessors": predecessors,
        # A merged committee keeps its predecessors' history: their terms are listed with its own.
        "terms": [
            term_out(t)
            for t in Term.objects.filter(committee_id__in=[unit.pk, *(p["id"] for p in predecessors)]).order_by(
                "-start_year", "committee_id"
            )
        ],
    }


class AuditFilter(PageParams):
    action: str | None = Field(None, max_length=40, description='"result.approve", or a prefix like "result."')
    object_type: str | None = Field(None, max_length=40)
    object_id: str | None = Field(None, max_length=40)


@router.get("/units/{unit_id}/audit", response=AuditPage, summary="Audit log of a unit and its subtree")
def audit_log(request, unit_id: int, filters: Query[AuditFilter]):
    user = request.user
    unit = get_unit(user, unit_id)
    qs = AuditEntry.objects.filter(unit__path__startswith=unit.path).select_related("user", "unit__parent")
    if filters.action:
        qs = qs.filter(action__startswith=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)

    def entry(e: AuditEntry) -> dict:
        hidden = hides_audit_details(user, e)
        return {
            "id": e.pk,
            "at": e.at,
            "user": e.user.get_username() if e.user else None,
            "unit": unit_brief(e.unit) if e.unit else None,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "old": None if hidden else e.old,
            "new": None if hidden else e.new,
            "note": "" if hidden else e.note,
        }

    return page(qs.order_by("-at", "-id"), filters, entry)


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator catalog")
def list_indicators(request):
    return [
        {
            "key": i.key,
            "name": i.name,
            "unit": i.unit.value,
            "counted": i.counted,
            "direction": i.direction,
            "group": i.group,
            "growth_of": i.growth_of,
            "computed": i.computed,
        }
        for i in indicators().values()
    ]
