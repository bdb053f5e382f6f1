"""Each committee's latest term judged once and stored, so that a province (about a hundred
committees) and the country (3,321) read stored rows instead of judging every target again.

A summary is current while its ``revision`` is the committee's (``Unit.revision`` moves on with
every audited change to the committee's data: results, targets, terms, the Party records behind the
computed indicators) and its ``rules`` are the running code's (a fingerprint of the rules' source,
and the year judged in: a term under way is judged as of this year). A stale or missing summary is
computed again when a page asks for it, in one batch; ``chitieu manage refresh_summaries`` fills
them all ahead (after a bulk load that bypassed the audit).

The judgement is the committee page's: the same term (the committee's latest), the same rules
(chitieu.plans.evaluation), the Party records for targets that have nothing typed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone

from chitieu.api.serialize import behind_out
from chitieu.core.series import Summary
from chitieu.orgs.models import Unit
from chitieu.templatetags.vn import result_of

from .evaluation import TargetStatus, computed_for, judge_targets, summary
from .models import CommitteeSummary, Result, Status, Target, Term

_SOURCES = (
    "core/verdicts.py",
    "core/series.py",
    "core/targets.py",
    "core/target_words.toml",
    "core/catalog.py",
    "core/indicators.toml",
    "core/quantity.py",
    "plans/evaluation.py",
    "plans/summaries.py",
    "party/indicators.py",
    "party/records.py",
    "party/models.py",
    "templatetags/vn.py",
    "reports/text.py",
    "api/serialize.py",
    "api/numbers.py",
)


def _fingerprint() -> str:
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for name in _SOURCES:
        h.update((root / name).read_bytes())
    return h.hexdigest()[:24]


RULES = _fingerprint()


def rules_key(today: dt.date | None = None) -> str:
    return f"{RULES}:{(today or timezone.localdate()).year}"


def state_key(name: str, unit: Unit, revisions: list[tuple[int, int]], *asked) -> str:
    """A cache key for what is drawn from the committees' summaries: the committees shown and their
    revisions, the unit's own, the rules and what was asked. Any change to what it shows changes it."""
    seen = repr((revisions, unit.revision, asked)).encode()
    return f"{name}:{unit.pk}:{rules_key()}:{hashlib.sha256(seen).hexdigest()[:32]}"


FIELDS = ("revision", "rules", "term", "met", "exceeded", "not_met", "total", "in_progress", "on_track")
FIELDS += ("drafts", "awaiting", "targets")


@dataclass
class Judged:
    term: Term | None
    statuses: list[TargetStatus]
    drafts: int = 0
    awaiting: int = 0


def judge_latest(committees: list[Unit]) -> dict[int, Judged]:
    """The latest term of each committee judged as the committee page judges it: its targets and
    results in three queries for all the committees, plus the Party-record indicators of those whose
    targets have nothing typed. A committee that set only yearly plans is judged on its latest plan
    (as the province page always did)."""
    terms = list(Term.objects.filter(committee__in=[c.pk for c in committees]).order_by("committee_id", "-start_year"))
    with_targets = set(Target.objects.filter(term__in=terms).order_by().values_list("term_id", flat=True).distinct())
    latest: dict[int, Term] = {}
    for t in terms:  # the latest term that has targets, else the latest: the committee page's choice
        if t.committee_id not in latest or (t.pk in with_targets and latest[t.committee_id].pk not in with_targets):
            latest[t.committee_id] = t
    by_term: dict[int, list[Target]] = defaultdict(list)
    results = Prefetch("results", queryset=Result.objects.order_by("year"))
    for target in (
        Target.objects.filter(term__in=list(latest.values())).prefetch_related(results).order_by("term_id", "number")
    ):
        by_term[target.term_id].append(target)
    out: dict[int, Judged] = {}
    for c in committees:
        term = latest.get(c.pk)
        if term is None:
            out[c.pk] = Judged(None, [])
            continue
        term.committee = c  # the computed indicators read the committee; no query for it
        targets = by_term.get(term.pk, [])
        plan_only = bool(targets) and all(t.year is not None for t in targets)
        if plan_only:
            statuses = judge_targets(targets, term=term, year=max(t.year for t in targets))
        else:
            resolution = [t for t in targets if t.year is None]
            statuses = judge_targets(resolution, term=term, computed=computed_for(term, resolution))
        statuses_results = [r for t in targets for r in t.results.all()]
        out[c.pk] = Judged(
            term,
            statuses,
            drafts=sum(r.status == Status.DRAFT for r in statuses_results),
            awaiting=sum(r.status == Status.SUBMITTED for r in statuses_results),
        )
    return out


def _latest_figure(s: TargetStatus) -> list | None:
    """[year, value] of the target's latest yearly result (year 0 for a term total): the ranking's."""
    if s.yearly:
        year = max(s.yearly)
        return [year, str(s.yearly[year])]
    if s.term_result is not None:
        return [0, str(s.term_result)]
    return None


def entry(s: TargetStatus) -> dict:
    """What the pages and the API show of a target, formatted once (behind_out is the API's own)."""
    projected = None
    if s.in_progress and s.outlook is not None and s.outlook.projected is not None:
        projected = result_of(s.outlook.projected, s.target)
    return behind_out(s) | {
        "indicator": s.target.indicator,
        "in_progress": bool(s.in_progress),
        "on_track": None if s.outlook is None else s.outlook.on_track,
        "projected_display": projected,
        "latest": _latest_figure(s),
    }


def snapshot(committee: Unit, judged: Judged, rules: str) -> CommitteeSummary:
    counts = summary(judged.statuses) if judged.statuses else Summary(0, 0, 0, 0)
    return CommitteeSummary(
        committee=committee,
        revision=committee.revision,
        rules=rules,
        term=judged.term,
        met=counts.met,
        exceeded=counts.exceeded,
        not_met=counts.not_met,
        total=counts.total,
        in_progress=counts.in_progress,
        on_track=counts.on_track,
        drafts=judged.drafts,
        awaiting=judged.awaiting,
        targets=[entry(s) for s in judged.statuses],
    )


def current(
    committees: list[Unit], *, today: dt.date | None = None, targets: bool = True
) -> dict[int, CommitteeSummary]:
    """Committee id -> its current summary: the stored ones that are, the others judged again now
    (in one batch) and stored. ``committees`` must carry their ``revision`` as read for this page.
    ``targets=False``: the counts only (the country's roll-up reads 3,321 summaries)."""
    rules = rules_key(today)
    qs = CommitteeSummary.objects.filter(committee__in=[c.pk for c in committees])
    stored = {s.committee_id: s for s in (qs if targets else qs.defer("targets"))}
    stale = [c for c in committees if not _fresh(stored.get(c.pk), c, rules)]
    if stale:
        fresh = refresh(stale, rules=rules)
        stored.update(fresh)
    if not targets:
        return stored  # the counts: the roll-up shows no term
    terms = {s.term_id for s in stored.values() if s.term_id}
    by_id = {t.pk: t for t in Term.objects.filter(pk__in=terms)} if terms else {}
    for s in stored.values():
        if s.term_id in by_id:
            s.term = by_id[s.term_id]
    return stored


def _fresh(s: CommitteeSummary | None, committee: Unit, rules: str) -> bool:
    return s is not None and s.revision == committee.revision and s.rules == rules


def refresh(committees: list[Unit], *, rules: str | None = None, batch: int = 200) -> dict[int, CommitteeSummary]:
    """Judge and store the summaries of ``committees``, ``batch`` at a time."""
    rules = rules or rules_key()
    out: dict[int, CommitteeSummary] = {}
    for i in range(0, len(committees), batch):
        part = committees[i : i + batch]
        judged = judge_latest(part)
        # In the committees' order whoever writes: two requests upserting overlapping batches take
        # the rows' locks in the same order (no deadlock on PostgreSQL).
        rows = sorted((snapshot(c, judged[c.pk], rules) for c in part), key=lambda r: r.committee_id)
        CommitteeSummary.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["committee"], update_fields=[*FIELDS, "computed_at"]
        )
        out.update({r.committee_id: r for r in rows})
    return out


def as_summary(s: CommitteeSummary) -> Summary:
    """The stored counts as the committee page's Summary, with the targets judged on results nobody
    approved yet (read from the stored entries: its line says how many, as the committee page's)."""
    unapproved = sum(1 for t in s.targets if t.get("unapproved")) if "targets" in s.__dict__ else 0
    return Summary(s.met, s.exceeded, s.not_met, s.total, s.in_progress, s.on_track, unapproved)


def totals(summaries) -> Summary:
    """The counts of many committees added up: the same counting as each one's line."""
    out = Summary(0, 0, 0, 0)
    for s in summaries:
        out = Summary(
            out.met + s.met,
            out.exceeded + s.exceeded,
            out.not_met + s.not_met,
            out.total + s.total,
            out.in_progress + s.in_progress,
            out.on_track + s.on_track,
            out.unapproved + getattr(s, "unapproved", 0),
        )
    return out
