"""Alerts on probationary members (đảng viên dự bị) whose twelve months end soon or have ended.

Điều lệ Đảng, Điều 5: probation lasts twelve months from the admission; when it ends the branch
meets and proposes the member as full (or not), and the committee decides. Offices miss the date
when nobody watches it, so the overview counts those coming up, in buckets (CHITIEU_PROBATION_ALERT_DAYS,
90/60/30/15/7 days by default), and those past it still probationary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings

from chitieu.orgs.models import Unit

from .models import Member, MemberStatus, add_months, probation_ends


def alert_thresholds() -> tuple[int, ...]:
    """The setting's thresholds in days, tightest first; a string "90,60,30" or a list of numbers."""
    raw = getattr(settings, "CHITIEU_PROBATION_ALERT_DAYS", "90,60,30,15,7")
    items = raw.split(",") if isinstance(raw, str) else raw
    return tuple(sorted({int(str(x).strip()) for x in items if str(x).strip()}))


@dataclass(frozen=True)
class ProbationAlert:
    member: Member
    ends: dt.date  # the day the twelve months are complete
    days: int  # days left (0 = today); negative when overdue

    @property
    def overdue_days(self) -> int:
        return -self.days


@dataclass(frozen=True)
class Bucket:
    within: int  # the threshold: ends within this many days
    after: int  # … and after this many (the next tighter threshold), so each member is in one bucket
    alerts: list[ProbationAlert]
    upto: int = 0  # how many end within ``within`` days, the tighter buckets included

    @property
    def label(self) -> str:
        return f"còn {self.after + 1}–{self.within} ngày"


@dataclass(frozen=True)
class ProbationAlerts:
    buckets: list[Bucket]  # tightest first; each member in the tightest one that applies
    overdue: list[ProbationAlert] = field(default_factory=list)  # most overdue first

    @property
    def soon(self) -> int:
        return sum(len(b.alerts) for b in self.buckets)

    @property
    def lines(self) -> list[tuple[int, int]]:
        """(threshold, how many end within it) for the thresholds whose own bucket is not empty: what the
        alert box says, "3 đảng viên dự bị hết 12 tháng trong 30 ngày tới" counting every one within 30."""
        return [(b.within, b.upto) for b in self.buckets if b.alerts]

    def __bool__(self) -> bool:
        return bool(self.soon or self.overdue)


def probation_alerts(committee: Unit, today: dt.date, thresholds: tuple[int, ...] | None = None) -> ProbationAlerts:
    """Probationary members (still on the roll) whose twelve months end within the widest threshold,
    each in the tightest bucket that applies, and those whose twelve months have ended: one query.

    A member whose probation ends today has 0 days left (the branch can propose them today, make_full
    accepts that date) and sits in the tightest bucket; a day later they are overdue."""
    thresholds = thresholds or alert_thresholds()
    horizon = today + dt.timedelta(days=max(thresholds) if thresholds else 0)
    # Probation ends 12 months after admission; a few days' slack covers the 29-31 of short months
    # (add_months falls back to the month's last day) and the exact test is made below.
    latest_admission = add_months(horizon, -12) + dt.timedelta(days=3)
    rows = (
        Member.objects.filter(
            committee=committee,
            status=MemberStatus.PROBATIONARY,
            left_on__isnull=True,
            full_on__isnull=True,
            admitted_on__lte=latest_admission,
        )
        .select_related("branch")
        .order_by("admitted_on", "full_name", "pk")
    )
    soon: dict[int, list[ProbationAlert]] = {t: [] for t in thresholds}
    overdue = []
    for m in rows:
        ends = probation_ends(m.admitted_on)
        alert = ProbationAlert(m, ends, (ends - today).days)
        if alert.days < 0:
            overdue.append(alert)
            continue
        for t in thresholds:  # tightest first
            if alert.days <= t:
                soon[t].append(alert)
                break
    buckets, upto, after = [], 0, -1
    for t in thresholds:
        upto += len(soon[t])
        buckets.append(Bucket(within=t, after=after, alerts=soon[t], upto=upto))
        after = t
    return ProbationAlerts(buckets, overdue)
