"""The three steps of a member's yearly rating (Điều 12 Quy định 366-QĐ/TW; 124-QĐ/TW had the same
shape): the member rates themself, the branch reviews and proposes (both a RatingProposal), the
committee decides (a MemberRating, what every count reads). Plain functions as in records.py: each
checks its rules, its edit rights, and writes its audit entry. The rules themselves are rating_rules.

records.set_ratings (typing decided levels directly) stays for past years and for committees that
record only the results.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from chitieu.orgs.audit import audit
from chitieu.orgs.models import Unit
from chitieu.orgs.tree import natural_key

from . import rating_rules as rules
from .models import Level, Member, MemberRating, RatingProposal, add_months
from .records import PartyError, _check_edit, members_on, rateable_members, year_end


class ProposalError(PartyError):
    """Some rows break the rules: member id -> message. Nothing was written."""

    def __init__(self, errors: dict[int, str], names: dict[int, str], parts: dict[int, str] | None = None):
        self.errors = errors
        self.parts = parts or {}  # member id -> "self" or "proposed": the step the error is in
        super().__init__("; ".join(f"{names.get(pk, pk)}: {msg}" for pk, msg in errors.items()))


@dataclass
class ProposalRow:
    """What steps 1 and 2 record for one member. Scores may be text ("85,5") or Decimal; levels
    are Level values, "" for none."""

    self_score: Decimal | str | None = None
    self_level: str = ""
    proposed_score: Decimal | str | None = None
    proposed_level: str = ""
    disciplined: bool = False
    excellent_conditions: bool = False


ROW_FIELDS = [f.name for f in fields(ProposalRow)]


def _score(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return rules.check_score(value)


class RowError(rules.RuleError):
    def __init__(self, part: str, message: str):
        self.part = part  # "self" or "proposed"
        super().__init__(message)


def check_row(row: ProposalRow, scheme: rules.Scheme) -> ProposalRow:
    """The row as it will be stored: scores checked, levels derived from scores on a points year.
    Raises RowError on the first rule broken, saying which step it is in."""
    try:
        self_score = _score(row.self_score)
    except rules.RuleError as exc:
        raise RowError("self", f"Điểm tự chấm: {exc}") from None
    try:
        proposed_score = _score(row.proposed_score)
    except rules.RuleError as exc:
        raise RowError("proposed", f"Điểm đề xuất: {exc}") from None
    d, x = bool(row.disciplined), bool(row.excellent_conditions)
    try:
        own = _self_part(self_score, row.self_level or "", scheme, d, x)
    except rules.RuleError as exc:
        raise RowError("self", str(exc)) from None
    try:
        proposed = _proposed_part(proposed_score, row.proposed_level or "", scheme, d, x)
    except rules.RuleError as exc:
        raise RowError("proposed", str(exc)) from None
    return ProposalRow(self_score, own, proposed_score, proposed, d, x)


def _no_points(score, scheme: rules.Scheme) -> None:
    if score is not None and not scheme.points:
        raise rules.RuleError(
            f"Theo {scheme.title} không chấm điểm, chỉ ghi mức xếp loại / no points before the 100-point scale"
        )


def _self_part(score, level: str, scheme: rules.Scheme, d: bool, x: bool) -> str:
    """Step 1, the member's own level: any the score allows (from 90 they may or may not claim
    HTXSNV; whether its conditions are met is the branch's finding)."""
    _no_points(score, scheme)
    if score is None:
        return rules.check_level(level, scheme=scheme, disciplined=d) if level else ""
    allowed = rules.levels_for_score(score, disciplined=d)
    if level and level not in allowed:
        raise rules.RuleError(_contradiction("Tự xếp loại", level, score, allowed, "self"))
    return level or rules.level_for_score(score, disciplined=d, excellent_conditions=x)


def _proposed_part(score, level: str, scheme: rules.Scheme, d: bool, x: bool) -> str:
    """Step 2, the branch's proposal: on points, the level the rules give the score."""
    _no_points(score, scheme)
    if score is None:
        return rules.check_level(level, scheme=scheme, disciplined=d, excellent_conditions=x) if level else ""
    derived = rules.level_for_score(score, disciplined=d, excellent_conditions=x)
    if level == Level.EXCELLENT and score >= rules.EXCELLENT_FROM and not d:
        rules.check_level(level, scheme=scheme, disciplined=d, excellent_conditions=x)  # says: the conditions
    if level and level != derived:
        raise rules.RuleError(_contradiction("Chi bộ đề xuất", level, score, (derived,), "proposed"))
    return derived


def _contradiction(who: str, level: str, score: Decimal, allowed, en: str) -> str:
    names = " hoặc ".join(rules.SHORT[lv] for lv in allowed)
    return (
        f"{who} {rules.SHORT[level]} không khớp với {rules._vn(score)} điểm (theo điểm là {names})"
        f" / the {en} level does not match the score"
    )


def _snapshot(p: RatingProposal) -> dict:
    return {
        "self_score": str(p.self_score) if p.self_score is not None else None,
        "self_level": p.self_level,
        "proposed_score": str(p.proposed_score) if p.proposed_score is not None else None,
        "proposed_level": p.proposed_level,
        "disciplined": p.disciplined,
        "excellent_conditions": p.excellent_conditions,
    }


def save_proposals(user, branch: Unit, year: int, rows: Mapping[int, ProposalRow | Mapping]) -> int:
    """Steps 1 and 2 for members of a branch: member id -> their row (all fields of the row are
    written). On a points year a proposed level comes from the proposed score; a typed level that
    contradicts its score is refused, and so is any row breaking the rules: nothing is written then.
    Returns how many rows changed."""
    committee = branch.parent
    _check_edit(user, committee)
    scheme = rules.scheme_for(year)
    people = {m.pk: m.full_name for m in rateable_members(branch, year).only("pk", "full_name")}
    unknown = set(rows) - set(people)
    if unknown:
        raise PartyError("Có đảng viên không thuộc chi bộ trong năm này / a member is not in this branch that year")
    checked: dict[int, ProposalRow] = {}
    errors: dict[int, str] = {}
    parts: dict[int, str] = {}
    for pk, row in rows.items():
        row = row if isinstance(row, ProposalRow) else ProposalRow(**row)
        try:
            checked[pk] = check_row(row, scheme)
        except RowError as exc:
            errors[pk], parts[pk] = str(exc), exc.part
    if errors:
        raise ProposalError(errors, people, parts)
    with transaction.atomic():
        existing = {
            p.member_id: p for p in RatingProposal.objects.select_for_update().filter(member_id__in=checked, year=year)
        }
        changed: dict[int, list] = {}
        to_create = []
        for pk, row in checked.items():
            p = existing.get(pk)
            old = _snapshot(p) if p else None
            if p is None:
                p = RatingProposal(member_id=pk, committee=committee, branch=branch, year=year)
            for name in ROW_FIELDS:
                setattr(p, name, getattr(row, name))
            p.committee, p.branch = committee, branch
            new = _snapshot(p)
            if old == new and pk in existing and existing[pk].branch_id == branch.pk:
                continue
            changed[pk] = [old, new]
            if pk in existing:
                p.save()
            else:
                to_create.append(p)
        RatingProposal.objects.bulk_create(to_create)
        if changed:
            audit(user, committee, "rating.proposals", branch, None, {"year": year, "changed": changed})
    return len(changed)


# --- step 3: the committee decides --------------------------------------------------------------


@dataclass
class Outcome:
    """What deciding a committee's proposals would give: the proposals and the year's levels after."""

    proposals: list[RatingProposal]
    decided: dict[int, str]  # member id -> level decided now
    levels: dict[int, str]  # member id -> level, decided ones and the proposals together
    cap_pct: object = field(default_factory=lambda: settings.CHITIEU_EXCELLENT_CAP_PCT)

    @property
    def excellent(self) -> int:
        return sum(1 for lv in self.levels.values() if lv == Level.EXCELLENT)

    @property
    def good_or_better(self) -> int:
        return sum(1 for lv in self.levels.values() if lv in (Level.EXCELLENT, Level.GOOD))

    @property
    def allowed(self) -> int:
        return rules.excellent_allowed(self.good_or_better, self.cap_pct)

    @property
    def over(self) -> int:
        return rules.over_cap(self.excellent, self.good_or_better, self.cap_pct)

    @property
    def message(self) -> str:
        return rules.cap_message(self.excellent, self.good_or_better, self.cap_pct)


def outcome(committee: Unit, year: int, member_ids: Iterable[int] | None = None) -> Outcome:
    """Proposals with a level for members on the roll at the year's end (those of ``member_ids``
    when given), and the committee's levels if they were decided. Two queries."""
    roll = members_on(committee, year_end(year)).values("pk")
    qs = RatingProposal.objects.filter(committee=committee, year=year, member__in=roll).exclude(proposed_level="")
    if member_ids is not None:
        qs = qs.filter(member_id__in=list(member_ids))
    proposals = list(qs.order_by("member_id"))
    decided = dict(MemberRating.objects.filter(committee=committee, year=year).values_list("member_id", "level"))
    levels = decided | {p.member_id: p.proposed_level for p in proposals}
    return Outcome(proposals, decided, levels)


def decide_ratings(user, committee: Unit, year: int, member_ids: Iterable[int] | None = None) -> int:
    """Step 3: the committee decides the proposed levels (all, or those of ``member_ids``), which
    become the members' MemberRating with their score. Refused when the committee's HTXSNV would then
    exceed the cap (rating_rules: the setting's share of those rated HTTNV or better). Returns how
    many ratings changed."""
    _check_edit(user, committee)
    wanted = None if member_ids is None else set(member_ids)
    with transaction.atomic():
        result = outcome(committee, year, wanted)
        if wanted is not None:
            missing = wanted - {p.member_id for p in result.proposals}
            if missing:
                raise PartyError(
                    f"{len(missing)} đảng viên chưa có mức đề xuất của chi bộ / no proposal for {len(missing)} members"
                )
        if result.over:
            raise PartyError(f"Không thể quyết định: {result.message}")
        existing = {
            r.member_id: r
            for r in MemberRating.objects.select_for_update().filter(
                member_id__in=[p.member_id for p in result.proposals], year=year
            )
        }
        changed: dict[int, list] = {}
        to_create = []
        for p in result.proposals:
            r = existing.get(p.member_id)
            new = [p.proposed_level, str(p.proposed_score) if p.proposed_score is not None else None]
            if r is None:
                to_create.append(
                    MemberRating(
                        member_id=p.member_id,
                        committee=committee,
                        branch_id=p.branch_id,
                        year=year,
                        level=p.proposed_level,
                        score=p.proposed_score,
                    )
                )
                changed[p.member_id] = [None, new]
                continue
            old = [r.level, str(r.score) if r.score is not None else None]
            if old != new or r.branch_id != p.branch_id or r.committee_id != committee.pk:
                changed[p.member_id] = [old, new]
                r.level, r.score, r.branch_id, r.committee = p.proposed_level, p.proposed_score, p.branch_id, committee
                r.save(update_fields=["level", "score", "branch", "committee"])
        MemberRating.objects.bulk_create(to_create)
        if changed:
            audit(user, committee, "rating.decide", committee, None, {"year": year, "changed": changed})
    return len(changed)


# --- who is not rated ----------------------------------------------------------------------------

# Hướng dẫn 21-HD/BTCTW (2019, under QĐ 132): "Không đánh giá, xếp loại chất lượng đối với ... đảng viên
# mới kết nạp chưa đủ 06 tháng, nhưng vẫn phải kiểm điểm" — certain for that guide (docs/ratings.md);
# that HD 25/2023 and HD 43/2025 keep it is inferred. Such members are listed apart, not as missing.
NEW_MEMBER_MONTHS = 6


@dataclass
class NotRated:
    missing: list[Member]  # should have a decided rating and have none
    exempt: list[Member]  # miễn công tác và sinh hoạt đảng by the year's end: excused (QĐ 45-QĐ/TW §14.2c)
    new: list[Member]  # admitted less than 6 months before the year's end: not rated

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.missing), len(self.exempt), len(self.new)


def is_new_member(member: Member, year: int) -> bool:
    return add_months(member.admitted_on, NEW_MEMBER_MONTHS) > year_end(year)


def members_not_rated(committee: Unit, year: int) -> NotRated:
    """Members on the roll at the year's end with no decided rating for it, split into those
    missing one, those exempt (exempt_since by the year's end) and new members. One query."""
    end = year_end(year)
    rows = (
        members_on(committee, end)
        .exclude(ratings__year=year)
        .select_related("branch")
        .order_by("full_name", "birth_date")
    )
    out = NotRated([], [], [])
    for m in sorted(rows, key=lambda m: natural_key(m.branch.name)):  # "chi bộ 2" before "chi bộ 10"
        if m.exempt_since is not None and m.exempt_since <= end:
            out.exempt.append(m)
        elif is_new_member(m, year):
            out.new.append(m)
        else:
            out.missing.append(m)
    return out


def step_counts(result: Outcome, not_rated: NotRated) -> dict[str, int]:
    """The committee page's counts: proposed (with a level), decided, proposals not yet decided as
    proposed, and members not yet rated."""
    current = result.decided
    pending = sum(1 for p in result.proposals if current.get(p.member_id) != p.proposed_level)
    return {
        "proposed": len(result.proposals),
        "decided": len(current),
        "pending": pending,
        "missing": len(not_rated.missing),
        "exempt": len(not_rated.exempt),
        "new": len(not_rated.new),
    }
