"""Fetching objects for the caller, scoped exactly as chitieu.orgs.access scopes the pages.

Not visible → 404 (its existence does not leak); visible but not editable → 403; approving and
reopening need a reviewer of the level above (can_review) → else 403.
"""

from ninja.errors import HttpError

from chitieu.orgs.access import can_edit, can_review, can_view
from chitieu.orgs.models import Unit
from chitieu.plans.models import Figure, Result, SourceDocument, Target, Term

NOT_FOUND = "Không tìm thấy / not found"


def not_found() -> HttpError:
    return HttpError(404, NOT_FOUND)


def _visible(user, obj, unit: Unit):
    if obj is None or unit is None or not can_view(user, unit):
        raise not_found()
    return obj


def require_edit(user, unit: Unit) -> None:
    if can_edit(user, unit):
        return
    if not unit.is_active:
        raise HttpError(
            403,
            f"{unit.title} đã hợp nhất vào đơn vị khác, số liệu chỉ còn để xem / a merged unit is read-only",
        )
    raise HttpError(403, "Không có quyền sửa số liệu của đơn vị này / not allowed to edit this unit")


def require_review(user, unit: Unit) -> None:
    if not can_review(user, unit):
        raise HttpError(
            403,
            "Chỉ cấp trên (người duyệt) mới được duyệt hoặc mở lại / only a reviewer of the level above may do this",
        )


def get_unit(user, pk: int) -> Unit:
    unit = Unit.objects.select_related("parent", "merged_into").filter(pk=pk).first()
    return _visible(user, unit, unit)


def get_committee(user, pk: int) -> Unit:
    """A committee (phường, xã, thị trấn), also a merged one; other kinds → 404 with a clear reason."""
    unit = get_unit(user, pk)
    if not unit.is_committee:
        raise HttpError(
            404, f"{unit.title} không phải là Đảng bộ phường, xã / not a ward or commune committee (not found)"
        )
    return unit


def get_term(user, pk: int) -> Term:
    term = Term.objects.select_related("committee").filter(pk=pk).first()
    return _visible(user, term, term and term.committee)


def get_target(user, pk: int) -> Target:
    target = Target.objects.select_related("term__committee").filter(pk=pk).first()
    return _visible(user, target, target and target.term.committee)


def get_result(user, pk: int) -> Result:
    result = Result.objects.select_related("target__term__committee", "entered_by").filter(pk=pk).first()
    return _visible(user, result, result and result.target.term.committee)


def get_figure(user, pk: int) -> Figure:
    figure = Figure.objects.select_related("committee", "entered_by").filter(pk=pk).first()
    return _visible(user, figure, figure and figure.committee)


def get_document(user, pk: int) -> SourceDocument:
    doc = SourceDocument.objects.select_related("committee", "uploaded_by").filter(pk=pk).first()
    return _visible(user, doc, doc and doc.committee)
