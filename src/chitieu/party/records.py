"""Changing Party-organisation records: plain functions, called explicitly by views, importers and the
demo; each checks the rules it owns and writes its audit entry.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet

from chitieu.orgs.access import can_edit
from chitieu.orgs.audit import audit
from chitieu.orgs.models import BranchKind, Kind, Unit
from chitieu.orgs.tree import create_unit
from chitieu.versions import check_version

from .models import (
    ACTIVE_STATUSES,
    LEFT_STATUSES,
    Award,
    BranchInfo,
    Candidate,
    CandidateStatus,
    EntryKind,
    Inspection,
    LeaveReason,
    Level,
    Member,
    MemberRating,
    MemberStatus,
    ResidenceContact,
    ResidentialGroup,
    Transfer,
    TransferScope,
    UnitRating,
    add_months,
    probation_ends,
)

# Điều lệ Đảng, Điều 1: Vietnamese citizens from eighteen years of age may be admitted.
MIN_ADMISSION_AGE = 18
# The Party was founded on 3/2/1930: no admission date can be earlier.
PARTY_FOUNDED = dt.date(1930, 2, 3)


class PartyError(ValueError):
    """A change the rules do not allow; the message is shown to the user."""


def _check_edit(user, committee: Unit) -> None:
    if user is not None and not can_edit(user, committee):
        raise PartyError("Không có quyền sửa số liệu của đơn vị này / not allowed to edit this committee")


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


# --- branches ----------------------------------------------------------------------------------


def branches_of(committee: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(parent=committee, kind=Kind.BRANCH).select_related("party_info").order_by("name")


def branches_on(committee: Unit, day: dt.date) -> QuerySet[Unit]:
    """Branches that existed on a day: founded by then (or undated) and not yet dissolved."""
    return branches_of(committee).filter(
        Q(party_info__isnull=True)
        | (
            (Q(party_info__founded_on__isnull=True) | Q(party_info__founded_on__lte=day))
            & (Q(party_info__dissolved_on__isnull=True) | Q(party_info__dissolved_on__gt=day))
        )
    )


def create_branch(
    user,
    committee: Unit,
    name: str,
    branch_kind: str,
    *,
    residential_group: str = "",
    founded_on: dt.date | None = None,
) -> Unit:
    _check_edit(user, committee)
    if branch_kind not in BranchKind.values:
        raise PartyError("Loại chi bộ phải là khu dân cư hoặc cơ quan / branch kind is residential or agency")
    if branch_kind == BranchKind.AGENCY and residential_group:
        raise PartyError("Chi bộ cơ quan không gắn với tổ dân phố / only residential branches have a group")
    if branches_of(committee).filter(name=name.strip()).exists():
        raise PartyError(f"Đã có chi bộ {name} / this branch exists")
    with transaction.atomic():
        branch = create_unit(Kind.BRANCH, name, committee, branch_kind=branch_kind)
        group = None
        if residential_group.strip():
            group, _ = ResidentialGroup.objects.get_or_create(committee=committee, name=residential_group.strip())
        BranchInfo.objects.create(branch=branch, residential_group=group, founded_on=founded_on)
        audit(
            user,
            committee,
            "branch.create",
            branch,
            new={"name": branch.name, "kind": branch_kind, "group": group.name if group else ""},
        )
    return branch


def dissolve_branch(user, branch: Unit, on: dt.date) -> None:
    """A branch with members cannot close: they move first (Điều lệ Đảng: every member belongs to one)."""
    committee = branch.parent
    _check_edit(user, committee)
    if Member.objects.filter(branch=branch, status__in=ACTIVE_STATUSES).exists():
        raise PartyError("Chi bộ còn đảng viên, cần chuyển sinh hoạt trước / move the members first")
    info, _ = BranchInfo.objects.get_or_create(branch=branch)
    info.dissolved_on = on
    info.save(update_fields=["dissolved_on"])
    audit(user, committee, "branch.dissolve", branch, new={"dissolved_on": on.isoformat()})


# --- members ----------------------------------------------------------------------------------


def on_roll(day: dt.date, prefix: str = "") -> Q:
    """Member rows on the roll on ``day``: entered by then (the transfer or restoration date, else the
    admission) and not gone. ``prefix`` reaches members through a relation ("branch_members__").
    The one rule every count of members uses (statforms.M.on_roll is its Python twin)."""
    p = prefix
    return (Q(**{f"{p}joined_on__isnull": True, f"{p}admitted_on__lte": day}) | Q(**{f"{p}joined_on__lte": day})) & (
        Q(**{f"{p}left_on__isnull": True}) | Q(**{f"{p}left_on__gt": day})
    )


def admitted_here() -> Q:
    """Members this committee admitted (or re-admitted): not transferred in, not restored. Older
    records carry only the ``transferred_in`` tick (statforms.M.admitted_here is the Python twin)."""
    return Q(entry_kind__in=(EntryKind.ADMITTED, EntryKind.READMITTED)) | Q(entry_kind="", transferred_in=False)


def members_on(committee: Unit, day: dt.date) -> QuerySet[Member]:
    """The committee's members on a day: admitted by then and not gone."""
    return Member.objects.filter(committee=committee).filter(on_roll(day))


def check_member_dates(birth_date: dt.date, admitted_on: dt.date, full_on: dt.date | None, today: dt.date) -> str:
    """The first rule the dates break, or ""."""
    if birth_date >= today:
        return "ngày sinh phải trước hôm nay / birth date must be in the past"
    if admitted_on > today:
        return "ngày vào Đảng ở tương lai / admission date is in the future"
    if admitted_on < PARTY_FOUNDED:
        return "ngày vào Đảng trước ngày thành lập Đảng 3/2/1930 / before the Party was founded"
    if add_months(birth_date, 12 * MIN_ADMISSION_AGE) > admitted_on:
        return f"chưa đủ {MIN_ADMISSION_AGE} tuổi khi vào Đảng / under {MIN_ADMISSION_AGE} when admitted"
    if full_on is not None:
        if full_on < probation_ends(admitted_on):
            return "ngày chính thức chưa đủ 12 tháng dự bị / full before 12 months of probation"
        if full_on > today:
            return "ngày chính thức ở tương lai / full date is in the future"
    return ""


def _snapshot(m: Member) -> dict:
    return {
        "full_name": m.full_name,
        "birth_date": m.birth_date.isoformat(),
        "sex": m.sex,
        "branch": m.branch_id,
        "admitted_on": m.admitted_on.isoformat(),
        "full_on": m.full_on.isoformat() if m.full_on else None,
        "status": m.status,
        "left_on": m.left_on.isoformat() if m.left_on else None,
        "card_number": m.card_number,
        "joined_on": m.joined_on.isoformat() if m.joined_on else None,
        **{k: _plain(getattr(m, k)) for k in STAT_FIELDS},
    }


# The fields the statistical forms read (chitieu.party.statforms), copied along a transfer.
STAT_FIELDS = (
    "entry_kind",
    "transfer_scope",
    "leave_reason",
    "leave_scope",
    "ethnicity",
    "religion",
    "occupation",
    "business_owner",
    "academic_title",
    "education",
    "qualification",
    "theory",
    "youth_union",
    "card_issued_on",
    "exempt_since",
)
PROFILE_FIELDS = STAT_FIELDS[4:]  # who the member is, not how the record opened or closed
# What the member form edits: how the record closed is set by record_leave and transfer_member.
STAT_FIELDS_EDITABLE = tuple(k for k in STAT_FIELDS if k not in ("leave_reason", "leave_scope"))


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _check_branch(committee: Unit, branch: Unit) -> None:
    if branch.kind != Kind.BRANCH or branch.parent_id != committee.pk:
        raise PartyError("Chi bộ không thuộc Đảng bộ này / the branch is not the committee's")


def save_member(
    user,
    committee: Unit,
    member: Member | None = None,
    *,
    today: dt.date | None = None,
    seen: str | None = None,
    edited: list[str] | None = None,
    seen_values: dict | None = None,
    **fields,
) -> Member:
    """Create a member (probationary, or full when ``full_on`` is given) or change one's details.

    Status changes go through make_full / record_leave / transfer_member, which keep the history.
    ``seen`` is the version of the record the user read (a different one raises StaleWrite);
    ``edited`` the fields the user changed: only those are written, so a save never reverts a
    field someone else changed meanwhile; ``seen_values`` what those fields showed (another
    person's change to other fields is then no conflict). The checks below see the record as it
    will be.
    """
    _check_edit(user, committee)
    today = today or dt.date.today()
    with transaction.atomic():
        if member is not None:
            member = Member.objects.select_for_update().get(pk=member.pk)
            check_version(member, seen, seen_values)
            fields = {k: v for k, v in fields.items() if edited is None or k in edited}
        old = _snapshot(member) if member else None
        member = member or Member(committee=committee)
        for k, v in fields.items():
            setattr(member, k, v)
        _check_branch(committee, member.branch)
        problem = check_member_dates(member.birth_date, member.admitted_on, member.full_on, today)
        if problem:
            raise PartyError(problem[0].upper() + problem[1:])
        if member.status in ACTIVE_STATUSES:
            member.status = MemberStatus.FULL if member.full_on else MemberStatus.PROBATIONARY
        member.save()
        audit(user, committee, "member.update" if old else "member.create", member, old, _snapshot(member))
    return member


def due_for_full(committee: Unit, today: dt.date, within_days: int = 30) -> list[Member]:
    """Probationary members whose 12 months end by ``today + within_days``: the branch must meet to
    recognise them as full members (or not) — Điều lệ Đảng, Điều 5."""
    horizon = today + dt.timedelta(days=within_days)
    latest_admission = add_months(horizon, -12)
    rows = Member.objects.filter(
        committee=committee, status=MemberStatus.PROBATIONARY, admitted_on__lte=latest_admission + dt.timedelta(days=3)
    ).select_related("branch")
    return sorted((m for m in rows if m.probation_ends <= horizon), key=lambda m: m.admitted_on)


def make_full(user, member: Member, on: dt.date) -> Member:
    _check_edit(user, member.committee)
    if member.status != MemberStatus.PROBATIONARY:
        raise PartyError("Chỉ đảng viên dự bị mới được công nhận chính thức / only probationary members")
    if on < member.probation_ends:
        raise PartyError(
            f"Chưa đủ 12 tháng dự bị (đến {member.probation_ends:%d/%m/%Y}) / probation ends "
            f"{member.probation_ends.isoformat()}"
        )
    old = _snapshot(member)
    member.full_on = on
    member.status = MemberStatus.FULL
    member.save(update_fields=["full_on", "status"])
    audit(user, member.committee, "member.full", member, old, _snapshot(member))
    return member


# The status each reason closes a record with (Biểu 1 counts the reasons apart).
LEAVE_STATUS = {
    LeaveReason.DIED: MemberStatus.DECEASED,
    LeaveReason.EXPELLED: MemberStatus.REMOVED,
    LeaveReason.STRUCK_OFF: MemberStatus.REMOVED,
    LeaveReason.RESIGNED: MemberStatus.REMOVED,
    LeaveReason.TRANSFERRED: MemberStatus.TRANSFERRED_OUT,
}


def record_leave(
    user, member: Member, status: str | None, on: dt.date, note: str = "", *, reason: str = "", scope: str = ""
) -> Member:
    """Death, removal (khai trừ, xóa tên, xin ra khỏi Đảng) or a transfer to an organisation outside
    the system. ``reason`` (a LeaveReason) gives the status; ``scope`` where a transfer went."""
    _check_edit(user, member.committee)
    if reason:
        if reason not in LEAVE_STATUS:
            raise PartyError("Lý do không hợp lệ / unknown reason")
        status = LEAVE_STATUS[reason]
    if status not in LEFT_STATUSES:
        raise PartyError("Trạng thái không hợp lệ / not a leaving status")
    if scope and (scope not in TransferScope.values or status != MemberStatus.TRANSFERRED_OUT):
        raise PartyError("Chỉ ghi nơi chuyển đến khi chuyển sinh hoạt đi / a scope only for a transfer")
    if not member.is_active:
        raise PartyError("Đảng viên này đã ra khỏi danh sách / this record is already closed")
    _check_move_date(member, on)
    old = _snapshot(member)
    member.status = status
    member.left_on = on
    member.leave_reason = reason or {MemberStatus.DECEASED: LeaveReason.DIED}.get(status, "")
    if status == MemberStatus.TRANSFERRED_OUT:
        member.leave_reason, member.leave_scope = LeaveReason.TRANSFERRED, scope
    if note:
        member.note = note[:300]
    member.save(update_fields=["status", "left_on", "note", "leave_reason", "leave_scope"])
    audit(user, member.committee, f"member.{status}", member, old, _snapshot(member), note=note)
    return member


def _check_move_date(member: Member, on: dt.date) -> None:
    """A record leaves (or moves) on or after the day it came onto this roll, and not in the future:
    Biểu 1 counts a member in from that day and out on this one."""
    entry = member.joined_on or member.admitted_on
    if on < entry:
        what = "ngày chuyển đến" if member.joined_on else "ngày vào Đảng"
        raise PartyError(f"Ngày {on:%d/%m/%Y} trước {what} ({entry:%d/%m/%Y}) / before the member joined this roll")
    if on > dt.date.today():
        raise PartyError(f"Ngày {on:%d/%m/%Y} chưa đến / a date in the future")


def _province_root(unit: Unit) -> str:
    """The first segment of a unit's path: the top of its tree, which is the province (the tree has
    no level above provinces yet)."""
    return unit.path.strip("/").split("/")[0]


def transfer_member(
    user,
    member: Member,
    to_branch: Unit | None,
    on: dt.date,
    *,
    destination: str = "",
    scope: str = "",
    temporary: bool = False,
) -> Transfer:
    """Move a member: to another branch of the committee (the record follows), to a branch of another
    committee (this record closes, one opens there pointing back), or out of the system
    (``to_branch`` None, ``destination`` named, ``scope`` where it lies). A temporary transfer
    (chuyển sinh hoạt tạm thời) is recorded and the member stays on this roll."""
    committee = member.committee
    _check_edit(user, committee)
    if not member.is_active:
        raise PartyError("Đảng viên này đã ra khỏi danh sách / this record is already closed")
    if scope and scope not in TransferScope.values:
        raise PartyError("Nơi chuyển đến không hợp lệ / unknown scope")
    _check_move_date(member, on)
    if temporary:
        name = to_branch.parent.party_title if to_branch is not None else destination
        transfer = Transfer.objects.create(
            member=member,
            on=on,
            from_branch=member.branch,
            to_branch=to_branch,
            destination=name[:200],
            user=user,
            temporary=True,
        )
        audit(user, committee, "member.transfer_temporary", member, None, {"on": on.isoformat()}, note=name)
        return transfer
    if to_branch is not None and to_branch.kind != Kind.BRANCH:
        raise PartyError("Nơi chuyển đến phải là một chi bộ / the destination must be a branch")
    if to_branch is not None and to_branch.pk == member.branch_id:
        raise PartyError("Đảng viên đã ở chi bộ này / already in this branch")
    with transaction.atomic():
        if to_branch is not None and to_branch.parent_id != committee.pk:
            # Both committees' revisions move on (their audits): lock them in one order, so two
            # transfers the opposite ways at once wait for each other instead of deadlocking.
            list(Unit.objects.select_for_update().filter(pk__in=[committee.pk, to_branch.parent_id]).order_by("pk"))
        transfer = Transfer(member=member, on=on, from_branch=member.branch, to_branch=to_branch, user=user)
        if to_branch is not None and to_branch.parent_id == committee.pk:
            old = _snapshot(member)
            member.branch = to_branch
            member.save(update_fields=["branch"])
            transfer.save()
            audit(user, committee, "member.transfer", member, old, _snapshot(member))
            return transfer
        if to_branch is not None:
            receiving = to_branch.parent
            same = _province_root(receiving) == _province_root(committee)
            scope = TransferScope.IN_PROVINCE if same else TransferScope.OTHER_PROVINCE
            # The receiving committee's office must accept the record too: both sides are edited.
            _check_edit(user, receiving)
            new = Member.objects.create(
                committee=receiving,
                branch=to_branch,
                full_name=member.full_name,
                birth_date=member.birth_date,
                sex=member.sex,
                card_number=member.card_number,
                admitted_on=member.admitted_on,
                full_on=member.full_on,
                status=member.status,
                transferred_in=True,
                joined_on=on,
                previous=member,
                entry_kind=EntryKind.TRANSFERRED_IN,
                transfer_scope=scope,
                **{k: getattr(member, k) for k in PROFILE_FIELDS},
            )
            transfer.new_member = new
            audit(user, receiving, "member.transfer_in", new, None, _snapshot(new), note=f"từ {committee.title}")
            destination = to_branch.parent.party_title
        transfer.destination = destination[:200]
        old = _snapshot(member)
        member.status = MemberStatus.TRANSFERRED_OUT
        member.left_on = on
        member.leave_reason, member.leave_scope = LeaveReason.TRANSFERRED, scope
        member.save(update_fields=["status", "left_on", "leave_reason", "leave_scope"])
        transfer.save()
        audit(user, committee, "member.transfer_out", member, old, _snapshot(member), note=destination)
    return transfer


# --- admissions pipeline -------------------------------------------------------------------


def save_candidate(user, committee: Unit, candidate: Candidate | None = None, **fields) -> Candidate:
    _check_edit(user, committee)
    _check_branch(committee, fields["branch"])
    old = None
    if candidate is not None:
        old = {"full_name": candidate.full_name, "status": candidate.status}
    candidate = candidate or Candidate(committee=committee)
    for k, v in fields.items():
        setattr(candidate, k, v)
    candidate.save()
    audit(
        user,
        committee,
        "candidate.update" if old else "candidate.create",
        candidate,
        old,
        {"full_name": candidate.full_name, "status": candidate.status},
    )
    return candidate


def admit_candidate(user, candidate: Candidate, on: dt.date, *, today: dt.date | None = None) -> Member:
    """The admission ceremony (lễ kết nạp): the candidate becomes a probationary member."""
    if candidate.status != CandidateStatus.CANDIDATE:
        raise PartyError("Người này không còn trong danh sách bồi dưỡng / not an open candidate")
    with transaction.atomic():
        member = save_member(
            user,
            candidate.committee,
            today=today,
            full_name=candidate.full_name,
            birth_date=candidate.birth_date,
            sex=candidate.sex,
            branch=candidate.branch,
            admitted_on=on,
            full_on=None,
        )
        candidate.status = CandidateStatus.ADMITTED
        candidate.member = member
        candidate.save(update_fields=["status", "member"])
        audit(user, candidate.committee, "candidate.admit", candidate, None, {"member": member.pk})
    return member


def drop_candidate(user, candidate: Candidate, note: str = "") -> None:
    _check_edit(user, candidate.committee)
    candidate.status = CandidateStatus.DROPPED
    candidate.note = note[:300]
    candidate.save(update_fields=["status", "note"])
    audit(user, candidate.committee, "candidate.drop", candidate, None, {"status": candidate.status}, note=note)


# --- yearly ratings --------------------------------------------------------------------------


def rateable_members(branch: Unit, year: int) -> QuerySet[Member]:
    """Members of the branch at the end of the year: they are the ones the branch rates."""
    day = year_end(year)
    return members_on(branch.parent, day).filter(branch=branch).order_by("full_name", "birth_date")


class RatingConflict(PartyError):
    """Ratings changed by someone else since the user's form showed them: member id -> level now."""

    def __init__(self, levels: dict[int, str | None]):
        self.levels = levels
        super().__init__("Trong lúc bạn sửa, người khác đã xếp loại một số đảng viên / someone rated them meanwhile")


def set_ratings(
    user,
    branch: Unit,
    year: int,
    levels: dict[int, str],
    branch_level: str | None,
    *,
    seen: dict[int, str | None] | None = None,
) -> int:
    """Store a branch's ratings of a year: its members' (member id -> level) and its own.

    ``seen``: for members whose rating the user changed, the level their form showed ("" or None
    for none); a stored level that differs now raises RatingConflict, and nothing is written.
    """
    committee = branch.parent
    _check_edit(user, committee)
    allowed = set(rateable_members(branch, year).values_list("pk", flat=True))
    unknown = set(levels) - allowed
    if unknown:
        raise PartyError("Có đảng viên không thuộc chi bộ trong năm này / a member is not in this branch that year")
    if any(v not in Level.values for v in levels.values()) or (branch_level and branch_level not in Level.values):
        raise PartyError("Mức xếp loại không hợp lệ / unknown rating level")
    with transaction.atomic():
        rows = MemberRating.objects.select_for_update().filter(member_id__in=levels, year=year)
        existing = {r.member_id: r for r in rows}
        if seen is not None:
            now = {pk: (existing[pk].level if pk in existing else None) for pk in levels if pk in seen}
            stale = {pk: level for pk, level in now.items() if (seen[pk] or None) != level}
            if stale:
                raise RatingConflict(stale)
        changed = {}
        to_create = []
        for member_id, level in levels.items():
            r = existing.get(member_id)
            if r is None:
                to_create.append(
                    MemberRating(member_id=member_id, committee=committee, branch=branch, year=year, level=level)
                )
                changed[member_id] = [None, level]
            elif r.level != level or r.branch_id != branch.pk:
                changed[member_id] = [r.level, level]
                r.level, r.branch, r.committee = level, branch, committee
                r.save(update_fields=["level", "branch", "committee"])
        MemberRating.objects.bulk_create(to_create)
        if branch_level:
            set_unit_rating(user, branch, year, branch_level)
        if changed:
            audit(user, committee, "rating.members", branch, None, {"year": year, "changed": changed})
    return len(changed)


def set_unit_rating(user, unit: Unit, year: int, level: str) -> UnitRating:
    """The rating of a branch (by the committee) or of the committee itself (by the level above or
    its own self-assessment, as reports state it)."""
    committee = unit if unit.is_committee else unit.parent
    _check_edit(user, committee)
    if level not in Level.values:
        raise PartyError("Mức xếp loại không hợp lệ / unknown rating level")
    rating = UnitRating.objects.filter(unit=unit, year=year).first()
    old = rating.level if rating else None
    if rating is None:
        rating = UnitRating.objects.create(unit=unit, committee=committee, year=year, level=level)
    elif rating.level != level:
        rating.level = level
        rating.save(update_fields=["level"])
    if old != level:
        audit(user, committee, "rating.unit", rating, {"level": old}, {"unit": unit.pk, "year": year, "level": level})
    return rating


# --- registers -------------------------------------------------------------------------------


def add_inspection(user, committee: Unit, **fields) -> Inspection:
    _check_edit(user, committee)
    inspection = Inspection.objects.create(committee=committee, **fields)
    audit(
        user,
        committee,
        "inspection.create",
        inspection,
        None,
        {"held_on": inspection.held_on.isoformat(), "body": inspection.body, "subject": inspection.subject},
    )
    return inspection


def add_award(user, committee: Unit, **fields) -> Award:
    _check_edit(user, committee)
    award = Award.objects.create(committee=committee, **fields)
    audit(
        user,
        committee,
        "award.create",
        award,
        None,
        {"year": award.year, "level": award.level, "recipient": award.recipient, "count": award.count},
    )
    return award


def add_residence_contact(user, committee: Unit, **fields) -> ResidenceContact:
    _check_edit(user, committee)
    _check_branch(committee, fields["branch"])
    contact = ResidenceContact.objects.create(committee=committee, **fields)
    audit(user, committee, "residence_contact.create", contact, None, {"full_name": contact.full_name})
    return contact


def end_residence_contact(user, contact: ResidenceContact, on: dt.date) -> None:
    _check_edit(user, contact.committee)
    contact.ended_on = on
    contact.save(update_fields=["ended_on"])
    audit(user, contact.committee, "residence_contact.end", contact, None, {"ended_on": on.isoformat()})


# --- merged committees ------------------------------------------------------------------------


def carry_over_members(user, predecessors: list[Unit], merged: Unit, on: dt.date) -> int:
    """After a merge (orgs.tree.merge_units moves the branches): each active member's record at a
    predecessor closes on the merge date and one opens at the successor, as for a transfer, so the
    predecessors' past counts stay theirs and the successor counts no admission. Residence contacts
    follow their branch."""
    ids = [p.pk for p in predecessors]
    with transaction.atomic():
        moving = list(Member.objects.filter(committee_id__in=ids, status__in=ACTIVE_STATUSES, admitted_on__lte=on))
        new = [
            Member(
                committee=merged,
                branch_id=m.branch_id,
                full_name=m.full_name,
                birth_date=m.birth_date,
                sex=m.sex,
                card_number=m.card_number,
                admitted_on=m.admitted_on,
                full_on=m.full_on,
                status=m.status,
                transferred_in=True,
                joined_on=on,
                previous=m,
            )
            for m in moving
        ]
        Member.objects.bulk_create(new, batch_size=2000)
        Member.objects.filter(pk__in=[m.pk for m in moving]).update(status=MemberStatus.TRANSFERRED_OUT, left_on=on)
        Transfer.objects.bulk_create(
            [
                Transfer(
                    member=m,
                    on=on,
                    from_branch_id=m.branch_id,
                    to_branch_id=m.branch_id,
                    new_member=n,
                    destination=merged.party_title,
                    user=user if user and user.is_authenticated else None,
                )
                for m, n in zip(moving, new, strict=True)
            ],
            batch_size=2000,
        )
        ResidenceContact.objects.filter(committee_id__in=ids, ended_on__isnull=True).update(committee=merged)
        Candidate.objects.filter(committee_id__in=ids, status=CandidateStatus.CANDIDATE).update(committee=merged)
        audit(
            user, merged, "member.merge", merged, None, {"predecessors": ids, "members": len(new), "on": on.isoformat()}
        )
    return len(new)
