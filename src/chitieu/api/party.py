"""Sổ Đảng viên: chi bộ, đảng viên, kết nạp, xếp loại và biểu thống kê / the Party registry, read only.

Quyền như các trang (chitieu.party.views, statform_views): ngoài phạm vi → 404; tên, ngày sinh của
đảng viên chỉ người của chính Đảng bộ xem được (chitieu.orgs.access.sees_personal_data); cấp trên
(tỉnh, huyện) chỉ xem số lượng: danh sách đảng viên → 403, kết nạp và xếp loại → chỉ có số.

Access is the pages': outside the caller's scope → 404; names and birth dates are for the committee's
own users; the level above sees counts only (the member list answers it 403; admissions and ratings
give it the counts without the names; the statistical forms give everyone the counts).

Every endpoint runs a fixed number of queries whatever the number of members or branches.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from chitieu.edge import YEAR_MAX, YEAR_MIN
from chitieu.orgs.access import sees_personal_data
from chitieu.orgs.audit import audit
from chitieu.orgs.models import BranchKind, Unit
from chitieu.party import rating_rules
from chitieu.party.indicators import LevelCounts, branch_level_counts, committee_rating, member_level_counts
from chitieu.party.models import (
    ACTIVE_STATUSES,
    LEVEL_NAMES,
    AcademicTitle,
    Education,
    EntryKind,
    LeaveReason,
    Level,
    Member,
    MemberRating,
    MemberStatus,
    Occupation,
    Qualification,
    Sex,
    Theory,
    TransferScope,
    UnitRating,
)
from chitieu.party.records import STAT_FIELDS, admitted_here, branches_of, branches_on, on_roll
from chitieu.party.statforms import FORMS, FormError, Period, build_form, build_forms, period_asked

from .paging import PageParams, page
from .party_schemas import (
    PartyAdmissionsOut,
    PartyBranchesOut,
    PartyFormOut,
    PartyFormsOut,
    PartyMemberPage,
    PartyRatingsOut,
)
from .schemas import MAX_ID, ErrorOut
from .scope import get_committee, get_unit
from .serialize import unit_brief

router = Router(tags=["party"])

COUNTS_ONLY = (
    "Cấp trên chỉ xem số lượng, không xem danh sách đảng viên: dùng /api/committees/{id}/branches, "
    "/admissions, /ratings hoặc /api/units/{id}/forms / the level above sees counts only, not names: "
    "use the branches, admissions, ratings or forms endpoints"
)
IDS_NOT_COMMITTEE = (
    "Chỉ biểu của một Đảng bộ phường, xã mới kèm danh sách hồ sơ (include_ids) / "
    "include_ids is only for a ward or commune committee's forms"
)
IDS_COUNTS_ONLY = (
    "Cấp trên chỉ xem số liệu của biểu, không xem hồ sơ đảng viên sau con số: bỏ include_ids / "
    "the level above sees the forms' counts only, not the records behind them: drop include_ids"
)

ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
PERSONAL_ERRORS = {**ERRORS, 403: ErrorOut}


def _today() -> dt.date:
    return timezone.localdate()


def _branch_ref(branch: Unit) -> dict:
    return {"id": branch.pk, "name": branch.name}


def _require_personal(user, committee: Unit) -> None:
    if not sees_personal_data(user, committee):
        raise HttpError(403, COUNTS_ONLY)


# --- branches ------------------------------------------------------------------------------------


class OnParams(Schema):
    on: dt.date | None = Field(None, description="Ngày tính (YYYY-MM-DD), mặc định hôm nay / the day; default today.")


@router.get(
    "/committees/{unit_id}/branches",
    response={200: PartyBranchesOut, **ERRORS},
    summary="Các chi bộ của Đảng bộ, số đảng viên vào một ngày / a committee's branches with their members",
    description=(
        "Mọi chi bộ (cả chi bộ đã giải thể, `active` = false), số đảng viên trong danh sách vào ngày `on`. "
        "Chỉ có số, không có tên: cấp trên xem được. / Every branch with its member counts on `on`; counts "
        "only, so the level above may read it. Hai truy vấn dữ liệu bất kể số chi bộ / two data queries."
    ),
)
def committee_branches(request, unit_id: int, params: Query[OnParams]):
    committee = get_committee(request.user, unit_id)
    on = params.on or _today()
    member = Q(branch_members__committee=committee) & on_roll(on, "branch_members__")
    probationary = member & (Q(branch_members__full_on__isnull=True) | Q(branch_members__full_on__gt=on))
    rows = (
        branches_of(committee)
        .select_related("party_info__residential_group")
        .annotate(
            n_members=Count("branch_members", filter=member),
            n_probationary=Count("branch_members", filter=probationary),
        )
        .order_by("name", "id")
    )
    kinds = dict(BranchKind.choices)
    items = []
    for b in rows:
        info = getattr(b, "party_info", None)
        founded = info.founded_on if info else None
        dissolved = info.dissolved_on if info else None
        group = info.residential_group if info else None
        items.append(
            {
                "id": b.pk,
                "name": b.name,
                "title": b.title,
                "branch_kind": b.branch_kind,
                "branch_kind_label": kinds.get(b.branch_kind, ""),
                "residential_group": group.name if group else None,
                "founded_on": founded,
                "dissolved_on": dissolved,
                # records.branches_on's rule: founded by then (or undated), not yet dissolved.
                "active": (founded is None or founded <= on) and (dissolved is None or dissolved > on),
                "members": b.n_members,
                "probationary": b.n_probationary,
            }
        )
    return {
        "committee": unit_brief(committee),
        "on": on,
        "count": sum(1 for i in items if i["active"]),
        "members": sum(i["members"] for i in items),
        "items": items,
    }


# --- members -------------------------------------------------------------------------------------

STATUS_FILTER = Literal["active", "probationary", "full", "transferred_out", "deceased", "removed", "all"]
CHOICE_LABELS = {
    "sex": dict(Sex.choices),
    "status": dict(MemberStatus.choices),
    "entry_kind": dict(EntryKind.choices),
    "transfer_scope": dict(TransferScope.choices),
    "leave_reason": dict(LeaveReason.choices),
    "leave_scope": dict(TransferScope.choices),
    "occupation": dict(Occupation.choices),
    "academic_title": dict(AcademicTitle.choices),
    "education": dict(Education.choices),
    "qualification": dict(Qualification.choices),
    "theory": dict(Theory.choices),
}
PLAIN_FIELDS = (
    "id",
    "full_name",
    "birth_date",
    "sex",
    "card_number",
    "admitted_on",
    "full_on",
    "status",
    "left_on",
    "joined_on",
    "transferred_in",
    "previous_id",
    *STAT_FIELDS,  # the statistical forms' fields (records.STAT_FIELDS)
    "note",
)


class MemberFilter(PageParams):
    branch: int | None = Field(None, ge=1, le=MAX_ID, description="Chỉ chi bộ này / only this branch.")
    status: STATUS_FILTER = Field(
        "all",
        description="active: dự bị và chính thức; all: mọi hồ sơ (mặc định) / active: probationary and full; "
        "all: every record (default).",
    )
    on: dt.date | None = Field(
        None, description="Chỉ đảng viên trong danh sách vào ngày này / only members on the roll that day."
    )
    q: str | None = Field(
        None, max_length=100, description="Một phần họ tên, hoặc đúng số thẻ / part of the name, or the card number."
    )


def member_out(m: Member) -> dict:
    out = {f: getattr(m, f) for f in PLAIN_FIELDS}
    out["branch"] = _branch_ref(m.branch)
    out["labels"] = {f: labels[v] for f, labels in CHOICE_LABELS.items() if (v := getattr(m, f)) in labels}
    return out


@router.get(
    "/committees/{unit_id}/members",
    response={200: PartyMemberPage, **PERSONAL_ERRORS},
    summary="Danh sách đảng viên (chỉ người của Đảng bộ) / the committee's members (own users only)",
    description=(
        "Hồ sơ đảng viên với các trường thống kê, theo trang (limit, offset). Chỉ người của chính Đảng bộ "
        "(biên tập, xem) và quản trị; cấp trên nhận 403 và dùng các endpoint số lượng. Mỗi lần đọc được ghi "
        "nhật ký (member.api_read). / Member records with the statistical fields, paged. Own users only: the "
        "level above gets 403 (counts only). Each read is logged in the audit trail."
    ),
)
def committee_members(request, unit_id: int, filters: Query[MemberFilter]):
    user = request.user
    committee = get_committee(user, unit_id)
    _require_personal(user, committee)
    qs = Member.objects.filter(committee=committee).select_related("branch")
    if filters.branch is not None:
        qs = qs.filter(branch_id=filters.branch)
    if filters.status == "active":
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif filters.status != "all":
        qs = qs.filter(status=filters.status)
    if filters.on is not None:
        qs = qs.filter(on_roll(filters.on))
    q = (filters.q or "").strip()
    if q:
        qs = qs.filter(Q(full_name__icontains=q) | Q(card_number=q))
    result = page(qs.order_by("branch__name", "full_name", "birth_date", "id"), filters, member_out)
    audit(
        user,
        committee,
        "member.api_read",
        None,
        new={
            "rows": len(result["items"]),
            "offset": filters.offset,
            "branch": filters.branch,
            "status": filters.status,
            "on": filters.on.isoformat() if filters.on else None,
            "q": q,
        },
    )
    return result


# --- admissions ----------------------------------------------------------------------------------


class YearParams(Schema):
    year: int | None = Field(None, ge=YEAR_MIN, le=YEAR_MAX, description=f"{YEAR_MIN}–{YEAR_MAX}.")


@router.get(
    "/committees/{unit_id}/admissions",
    response={200: PartyAdmissionsOut, **ERRORS},
    summary="Đảng viên kết nạp trong năm / members admitted in a year",
    description=(
        "Số kết nạp trong năm (mặc định năm nay) và theo tháng, như Biểu 2 đếm: kết nạp, kết nạp lại tại "
        "Đảng bộ, không tính chuyển đến. Danh sách tên chỉ cho người của Đảng bộ; cấp trên nhận `items` = "
        "null. / Admissions in the year (default: this year) and by month, as Biểu 2 counts them; the names "
        "only for the committee's own users."
    ),
)
def committee_admissions(request, unit_id: int, params: Query[YearParams]):
    committee = get_committee(request.user, unit_id)
    year = params.year or _today().year
    personal = sees_personal_data(request.user, committee)
    qs = Member.objects.filter(admitted_here(), committee=committee, admitted_on__year=year)
    by_month = [0] * 12
    items = None
    if personal:
        rows = list(qs.select_related("branch").order_by("admitted_on", "full_name", "id"))
        items = [
            {
                "id": m.pk,
                "full_name": m.full_name,
                "birth_date": m.birth_date,
                "sex": m.sex,
                "branch": _branch_ref(m.branch),
                "admitted_on": m.admitted_on,
                "full_on": m.full_on,
                "status": m.status,
                "entry_kind": m.entry_kind,
            }
            for m in rows
        ]
        dates = [m.admitted_on for m in rows]
    else:
        dates = list(qs.order_by().values_list("admitted_on", flat=True))
    for d in dates:
        by_month[d.month - 1] += 1
    return {
        "committee": unit_brief(committee),
        "year": year,
        "count": len(dates),
        "by_month": by_month,
        "personal": personal,
        "items": items,
    }


# --- ratings -------------------------------------------------------------------------------------


def _rate(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _levels_out(counts: LevelCounts) -> dict:
    return {
        "total": counts.total,
        "good_or_better": counts.good_or_better,
        "good_or_better_rate": _rate(counts.good_or_better_rate),
        "levels": [
            {
                "level": lv.value,
                "label": lv.label,
                "name": LEVEL_NAMES[lv],
                "count": getattr(counts, lv.value),
                "rate": _rate(counts.rate(lv.value)),
            }
            for lv in Level
        ],
    }


def _cap_out(counts: LevelCounts) -> dict:
    cap = settings.CHITIEU_EXCELLENT_CAP_PCT
    over_by = rating_rules.over_cap(counts.excellent, counts.good_or_better, cap)
    return {
        "cap_pct": cap,
        "excellent": counts.excellent,
        "good_or_better": counts.good_or_better,
        "allowed": rating_rules.excellent_allowed(counts.good_or_better, cap),
        "share": _rate(counts.excellent_share_of_good),
        "over_cap": counts.over_cap,
        "over_by": over_by,
        "message": rating_rules.cap_message(counts.excellent, counts.good_or_better, cap) if over_by else "",
    }


@router.get(
    "/committees/{unit_id}/ratings",
    response={200: PartyRatingsOut, **ERRORS},
    summary="Xếp loại chất lượng trong năm / the year's quality ratings",
    description=(
        "Số đảng viên và chi bộ theo từng mức (HTXSNV, HTTNV, HTNV, KHTNV), xếp loại của Đảng bộ, từng chi "
        "bộ, và kiểm tra trần HTXSNV (CHITIEU_EXCELLENT_CAP_PCT % của số HTTNV trở lên). Năm mặc định: năm "
        "trước. Xếp loại từng đảng viên (tên, chi bộ, mức, điểm) chỉ cho người của Đảng bộ. / Counts per level "
        "for members and branches, the cap check; each member's rating for the committee's own users only."
    ),
)
def committee_ratings(request, unit_id: int, params: Query[YearParams]):
    committee = get_committee(request.user, unit_id)
    year = params.year or _today().year - 1
    personal = sees_personal_data(request.user, committee)
    members = member_level_counts(committee, year)
    branch_levels = dict(
        UnitRating.objects.filter(committee=committee, year=year)
        .exclude(unit=committee)
        .values_list("unit_id", "level")
    )
    per_branch: dict[int, dict[str, int]] = {}
    for branch_id, level, n in (
        MemberRating.objects.filter(committee=committee, year=year)
        .values_list("branch_id", "level")
        .annotate(n=Count("id"))
        .order_by()
    ):
        per_branch.setdefault(branch_id, {})[level] = n
    branch_rows = [
        {
            "branch": _branch_ref(b),
            "level": branch_levels.get(b.pk),
            "members": {lv.value: per_branch.get(b.pk, {}).get(lv.value, 0) for lv in Level},
        }
        for b in branches_on(committee, dt.date(year, 12, 31))
    ]
    ratings = None
    if personal:
        ratings = [
            {
                "member_id": r.member_id,
                "full_name": r.member.full_name,
                "branch": _branch_ref(r.branch),
                "level": r.level,
                "score": None if r.score is None else _rate(r.score),
            }
            for r in MemberRating.objects.filter(committee=committee, year=year)
            .select_related("member", "branch")
            .order_by("branch__name", "member__full_name", "member__birth_date", "id")
        ]
    return {
        "committee": unit_brief(committee),
        "year": year,
        "committee_level": committee_rating(committee, year),
        "members": _levels_out(members),
        "branches": _levels_out(branch_level_counts(committee, year)),
        "branch_rows": branch_rows,
        "cap": _cap_out(members),
        "personal": personal,
        "member_ratings": ratings,
    }


# --- statistical forms ---------------------------------------------------------------------------


class FormParams(Schema):
    period: str | None = Field(
        None,
        max_length=20,
        description='"2024" (cả năm) hoặc "2024-6t" (6 tháng đầu năm); mặc định: kỳ gần nhất đã kết thúc / '
        '"2024" (the year) or "2024-6t" (its first half); default: the last period that ended.',
    )
    include_ids: bool = Field(
        False,
        description="Kèm mã hồ sơ đảng viên sau mỗi con số: chỉ biểu của một Đảng bộ, cho người của Đảng bộ / "
        "add the member ids behind each figure: a committee's forms, its own users only (else 403).",
    )


def _period(text: str | None) -> Period:
    """The pages' default and reading (statforms.period_asked); a malformed period is a 400."""
    try:
        return period_asked(text)
    except FormError as exc:
        raise HttpError(400, str(exc)) from None


def _refused_as_400(build, *args):
    """A form, or the refusal of a period not yet begun as a 400 with its message."""
    try:
        return build(*args)
    except FormError as exc:
        raise HttpError(400, str(exc)) from None


def _with_ids(user, unit: Unit, asked: bool) -> bool:
    if not asked:
        return False
    if not unit.is_committee:
        raise HttpError(400, IDS_NOT_COMMITTEE)
    if not sees_personal_data(user, unit):
        raise HttpError(403, IDS_COUNTS_ONLY)
    return True


FORMS_DOC = (
    "Biểu thống kê theo Hướng dẫn 11-HD/BTCTW (biểu " + ", ".join(map(str, FORMS)) + ") của một Đảng bộ, "
    "hoặc của tỉnh, huyện (cộng các Đảng bộ): mọi người xem được đơn vị đều nhận số liệu. Biểu 5, 6 luôn "
    "tính cả năm. / The statistical forms of a committee, or of a province or district (its committees "
    "added up): counts for anyone who may view the unit; member ids only with include_ids=true, for a "
    "committee's own users."
)


@router.get(
    "/units/{unit_id}/forms",
    response={200: PartyFormsOut, **PERSONAL_ERRORS},
    summary="Các biểu thống kê đảng viên của đơn vị / all statistical forms of a unit",
    description=FORMS_DOC,
)
def unit_forms(request, unit_id: int, params: Query[FormParams]):
    unit = get_unit(request.user, unit_id)
    period = _period(params.period)
    ids = _with_ids(request.user, unit, params.include_ids)
    return {
        "unit": unit_brief(unit),
        "period": period.key,
        "period_label": period.label,
        "forms": [form.as_dict(ids=ids) for form in _refused_as_400(build_forms, unit, period)],
    }


@router.get(
    "/units/{unit_id}/forms/{number}",
    response={200: PartyFormOut, **PERSONAL_ERRORS},
    summary="Một biểu thống kê đảng viên / one statistical form of a unit",
    description=FORMS_DOC + " Số biểu không có → 404 / an unknown form number → 404.",
)
def unit_form(request, unit_id: int, number: int, params: Query[FormParams]):
    unit = get_unit(request.user, unit_id)
    if number not in FORMS:
        raise HttpError(404, f"Không có biểu số {number}: các biểu là {', '.join(map(str, FORMS))} / no such form")
    period = _period(params.period)
    ids = _with_ids(request.user, unit, params.include_ids)
    return _refused_as_400(build_form, unit, number, period).as_dict(ids=ids)
