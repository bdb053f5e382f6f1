"""The register of Party badges handed over (Huy hiệu Đảng) and what the badges page shows of it.

Rules (Hướng dẫn 01-HD/TW, 2021, mục 18, as quoted by thuvienphapluat.vn and luatminhkhue.vn):

- 18.1: members with 30, 40, 45, …, 90 years of membership (tuổi đảng, counted from the admission)
  are awarded the badge (``BADGE_YEARS``);
- 18.1: a member gravely ill (bị bệnh nặng) may be awarded early (trao sớm), at most 12 months before
  the anniversary for the 30 to 65 year badges and 24 months for 70 to 90 years. The reason is kept in
  the note. (The model's docstring also says "very old"; the text only names grave illness, and
  offices apply it to the very old as such.)
- 18.2: a member who died may be awarded posthumously (truy tặng) up to 12 months early. Not kept here
  yet: the register requires the member to be on the roll on the award day.
- the badge is handed over on the great anniversaries 3/2, 19/5, 2/9, 7/11 (CHITIEU_BADGE_DATES);
  offices propose a member for the nearest one, optionally a few days before the anniversary
  (CHITIEU_BADGE_WINDOW_DAYS, local practice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from chitieu.orgs.audit import audit
from chitieu.orgs.models import Unit

from .indicators import BADGE_YEARS, BadgeDue, badge_window_days, badges_due
from .models import ACTIVE_STATUSES, BadgeAward, Member, add_months
from .records import PartyError, _check_edit

# Mục 18.1: how many months early a gravely ill member may receive each badge.
EARLY_MONTHS_UNTIL_65 = 12
EARLY_MONTHS_FROM_70 = 24


def early_months(years: int) -> int:
    return EARLY_MONTHS_FROM_70 if years >= 70 else EARLY_MONTHS_UNTIL_65


def anniversary(member: Member, years: int) -> dt.date:
    """The day the member reaches ``years`` of membership: tuổi đảng counts from the admission date."""
    return add_months(member.admitted_on, 12 * years)


def _on_roll(member: Member, day: dt.date) -> bool:
    """Whether this record was on the committee's roll on ``day`` (as records.members_on counts)."""
    start = member.joined_on or member.admitted_on
    return start <= day and (member.left_on is None or member.left_on > day)


def _chain_ids(member: Member) -> list[int]:
    """The member's record and the earlier records it continues (transfers, merges): a badge handed
    over by the previous committee is the same badge."""
    ids, seen, prev = [member.pk], {member.pk}, member.previous_id
    while prev is not None and prev not in seen:
        ids.append(prev)
        seen.add(prev)
        prev = Member.objects.filter(pk=prev).values_list("previous_id", flat=True).first()
    return ids


def _snapshot(a: BadgeAward) -> dict:
    return {
        "member": a.member_id,
        "years": a.years,
        "awarded_on": a.awarded_on.isoformat(),
        "early": a.early,
        "note": a.note,
    }


def record_badge_award(
    user,
    member: Member,
    years: int,
    awarded_on: dt.date,
    *,
    early: bool = False,
    note: str = "",
    today: dt.date | None = None,
) -> BadgeAward:
    """Enter a badge handed over. The register records what happened, so the date cannot be in the
    future; a usual award is not before the anniversary (less the award window); an early one needs
    its reason and keeps within the months mục 18.1 allows."""
    committee = member.committee
    _check_edit(user, committee)
    today = today or dt.date.today()
    note = " ".join((note or "").split())
    if years not in BADGE_YEARS:
        tiers = ", ".join(str(n) for n in BADGE_YEARS)
        raise PartyError(f"Không có Huy hiệu {years} năm tuổi Đảng (chỉ {tiers}) / not a badge tier")
    # A duplicate first: whatever else is wrong with the entry, that is what the user needs to know.
    earlier = BadgeAward.objects.filter(member_id__in=_chain_ids(member), years=years).first()
    if earlier is not None:
        raise PartyError(
            f"Đồng chí {member.full_name} đã được trao Huy hiệu {years} năm tuổi Đảng ngày "
            f"{earlier.awarded_on:%d/%m/%Y} / this badge was already awarded"
        )
    if awarded_on > today:
        raise PartyError("Ngày trao ở tương lai / the award date is in the future")
    if not _on_roll(member, awarded_on):
        raise PartyError(
            f"Ngày {awarded_on:%d/%m/%Y} đồng chí {member.full_name} không có tên trong danh sách đảng viên "
            "của Đảng bộ / not on the committee's roll on that day"
        )
    reached = anniversary(member, years)
    if early:
        if not note:
            raise PartyError(
                "Trao sớm cần ghi lý do (bệnh nặng…) vào ghi chú / an early award needs its reason in the note"
            )
        if awarded_on >= reached:
            raise PartyError(
                f"Đã đủ {years} năm tuổi Đảng ngày {reached:%d/%m/%Y}, không phải trao sớm / not early: "
                f"the years were reached on {reached.isoformat()}"
            )
        limit = early_months(years)
        if awarded_on < add_months(reached, -limit):
            raise PartyError(
                f"Trao sớm không quá {limit} tháng trước ngày đủ tuổi Đảng ({reached:%d/%m/%Y}) theo Hướng dẫn "
                f"01-HD/TW / an early award is at most {limit} months before the anniversary"
            )
    elif awarded_on < reached - dt.timedelta(days=badge_window_days()):
        raise PartyError(
            f"Chưa đủ {years} năm tuổi Đảng (đủ ngày {reached:%d/%m/%Y}); nếu trao sớm vì bệnh nặng, chọn "
            f"trao sớm và ghi lý do / the years are reached on {reached.isoformat()}"
        )
    try:
        with transaction.atomic():
            award = BadgeAward.objects.create(
                member=member, committee=committee, years=years, awarded_on=awarded_on, early=early, note=note[:300]
            )
            audit(user, committee, "badge.award", award, None, _snapshot(award), note=note)
    except IntegrityError:  # someone entered it meanwhile: unique (member, years)
        raise PartyError(
            f"Đồng chí {member.full_name} đã được trao Huy hiệu {years} năm tuổi Đảng / this badge was already awarded"
        ) from None
    return award


# --- the badges page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    """A member due a badge in the year, with the award entered for it, if any."""

    due: BadgeDue
    award: BadgeAward | None


@dataclass(frozen=True)
class BadgeYear:
    awarded: list[DueRow]  # due this year, award entered (whenever it was handed over)
    pending: list[DueRow]  # due this year, no award entered yet
    others: list[BadgeAward]  # handed over this year to members not due this year (early ones)

    @property
    def rows(self) -> list[DueRow]:
        return self.awarded + self.pending


def badge_year(committee: Unit, year: int, due: list[BadgeDue] | None = None) -> BadgeYear:
    """The year's due members (``due``, else badges_due) split into awarded and not yet, plus the
    year's other awards: two queries whatever the committee's size."""
    due = badges_due(committee, year) if due is None else due
    ids = {d.member.pk for d in due} | {d.member.previous_id for d in due if d.member.previous_id}
    in_year = Q(committee=committee, awarded_on__gte=dt.date(year, 1, 1), awarded_on__lte=dt.date(year, 12, 31))
    awards = list(BadgeAward.objects.filter(Q(member_id__in=ids) | in_year).select_related("member__branch"))
    by_key = {(a.member_id, a.years): a for a in awards}
    awarded, pending, used = [], [], set()
    for d in due:
        a = by_key.get((d.member.pk, d.years)) or by_key.get((d.member.previous_id, d.years))
        (awarded if a else pending).append(DueRow(d, a))
        if a:
            used.add(a.pk)
    others = sorted(
        (a for a in awards if a.pk not in used and a.committee_id == committee.pk and a.awarded_on.year == year),
        key=lambda a: (a.awarded_on, a.member.full_name),
    )
    return BadgeYear(awarded, pending, others)


def early_candidates(committee: Unit, today: dt.date) -> QuerySet[Member]:
    """Members an early award could be entered for: on the roll, and within the longest early period
    (24 months) of at least the first badge, 30 years."""
    latest = add_months(add_months(today, EARLY_MONTHS_FROM_70), -12 * BADGE_YEARS[0])
    return (
        Member.objects.filter(committee=committee, status__in=ACTIVE_STATUSES, admitted_on__lte=latest)
        .select_related("branch")
        .order_by("full_name", "birth_date")
    )
