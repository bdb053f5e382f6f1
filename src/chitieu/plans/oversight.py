"""The province's view of the committees under it: verdict counts, who is behind, rankings, the
heat table committees × indicators, which results are typed and approved (completeness).

A fixed number of queries whatever the number of committees: the units, their stored summaries
(chitieu.plans.summaries), the terms shown, the figures of the ranking. Another term or year (the
pickers, ``Pick``) is judged live by ``judge_live``, also in a fixed number of queries (the API's too).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from chitieu.core.catalog import Direction, indicators
from chitieu.core.quantity import format_number
from chitieu.core.series import Summary, summarise
from chitieu.edge import YEAR_MAX, YEAR_MIN, BadParameter, year_param
from chitieu.orgs.models import COMMITTEE_KINDS, OVERSIGHT_KINDS, Unit
from chitieu.orgs.tree import by_name, by_parent_and_name

from . import summaries
from .evaluation import UNAPPROVED_MARKS, computed_for, judge_targets
from .models import Figure, Result, Status, Target, Term


@dataclass
class CommitteeRow:
    committee: Unit
    term: Term | None
    targets: list[dict] = field(default_factory=list)  # the stored summary's entries (summaries.entry)
    summary: Summary | None = None
    drafts: int = 0
    awaiting: int = 0
    suffix: str = ""  # the committee page's query string: the term (and year) the province page judges

    @cached_property
    def behind(self) -> list[dict]:
        return [t for t in self.targets if t["verdict"] == "not_met"]

    @cached_property
    def at_risk(self) -> list[dict]:
        """Targets of a term under way whose trend falls short of them."""
        return [t for t in self.targets if t["in_progress"] and t["on_track"] is False]

    # The province page names the first few; the committee's own page has them all.
    SHOWN = 3

    @property
    def behind_shown(self) -> list[dict]:
        return self.behind[: self.SHOWN]

    @property
    def at_risk_shown(self) -> list[dict]:
        return self.at_risk[: max(0, self.SHOWN - len(self.behind_shown))]

    @property
    def more(self) -> int:
        return len(self.behind) + len(self.at_risk) - len(self.behind_shown) - len(self.at_risk_shown)

    @property
    def unjudged(self) -> list[dict]:
        return [t for t in self.targets if t["verdict"] is None and not t["in_progress"]]


def _under(unit: Unit, visible, include_merged: bool):
    qs = visible.filter(path__startswith=unit.path, kind__in=COMMITTEE_KINDS)
    return qs if include_merged else qs.filter(merged_into__isnull=True)


def committees_under(unit: Unit, visible, *, include_merged: bool = False) -> list[Unit]:
    return by_parent_and_name(_under(unit, visible, include_merged).select_related("parent"))


def revisions_under(unit: Unit, visible) -> list[tuple[int, int]]:
    """(committee id, revision) of the committees a page shows: what its cached body depends on."""
    return list(_under(unit, visible, False).order_by("pk").values_list("pk", "revision"))


def oversight(unit: Unit, visible, committees: list[Unit] | None = None) -> list[CommitteeRow]:
    """Every committee under ``unit`` with its latest term judged: stored summaries, a few queries
    whatever the number of committees (chitieu.plans.summaries recomputes the stale ones)."""
    committees = committees_under(unit, visible) if committees is None else committees
    stored = summaries.current(committees)
    rows = []
    for c in committees:
        s = stored[c.pk]
        rows.append(
            CommitteeRow(
                c,
                s.term,
                s.targets,
                summaries.as_summary(s) if s.total else None,
                s.drafts,
                s.awaiting,
            )
        )
    return rows


@dataclass
class AreaRow:
    """A province (or district) under the unit shown, its committees' counts added up."""

    area: Unit | None  # None: the committees directly under the unit shown
    committees: int
    summary: Summary
    behind: int  # committees with a target not met
    # What the counts rest on that nobody approved yet: the committees with such figures, and the
    # figures (results) still drafts and those sent and awaiting approval.
    unapproved: int = 0
    drafts: int = 0
    awaiting: int = 0

    @property
    def unapproved_words(self) -> str:
        """ "2 số liệu nháp, 1 số liệu chờ duyệt": the figures behind ``unapproved``, the zeros left out."""
        parts = [(self.drafts, "số liệu nháp"), (self.awaiting, "số liệu chờ duyệt")]
        return ", ".join(f"{format_number(n)} {label}" for n, label in parts if n)


def areas_under(unit: Unit) -> list[Unit]:
    return by_name(Unit.objects.filter(parent=unit, kind__in=OVERSIGHT_KINDS))


def rollup(
    unit: Unit,
    visible,
    areas: list[Unit],
    committees: list[Unit] | None = None,
    counts: dict | None = None,
    unapproved: dict[int, tuple[int, int]] | None = None,
) -> list[AreaRow]:
    """The country's page (or a province with districts): one row per area, from the stored
    summaries' counts, a few queries whatever the number of committees. ``counts``: committee id ->
    its Summary judged otherwise (another term or year: chitieu.plans.oversight.judge_live), and
    ``unapproved``: committee id -> (drafts, awaiting) among its term's figures (every result of
    the term, not only those its verdicts rest on: the stored summary keeps no more)."""
    committees = committees_under(unit, visible) if committees is None else committees
    stored = summaries.current(committees, targets=False) if counts is None else counts
    if unapproved is None:
        unapproved = {
            c.pk: (getattr(stored[c.pk], "drafts", 0), getattr(stored[c.pk], "awaiting", 0)) for c in committees
        }
    by_area: dict[int | None, list] = {a.pk: [] for a in areas} | {None: []}
    depth = len(unit.path.strip("/").split("/")) if unit.path.strip("/") else 0
    for c in committees:
        parts = c.path.strip("/").split("/")
        area = int(parts[depth]) if len(parts) > depth + 1 else None
        # Every committee is on a row: one under no listed area (directly under the unit, since
        # the 2025 reform a province's communes beside its towns) is on the "directly under" row.
        by_area[area if area in by_area else None].append((stored[c.pk], unapproved.get(c.pk, (0, 0))))
    out = []
    for a in [*areas, None]:
        rows = by_area[a.pk if a is not None else None]
        if not rows:
            continue
        counts_ = [s for s, _ in rows]
        out.append(
            AreaRow(
                a,
                len(rows),
                summaries.totals(counts_),
                sum(1 for s in counts_ if s.not_met),
                unapproved=sum(1 for _, (d, w) in rows if d or w),
                drafts=sum(d for _, (d, _w) in rows),
                awaiting=sum(w for _, (_d, w) in rows),
            )
        )
    return out


def ranking(rows: list[CommitteeRow], key: str) -> list[tuple[Unit, Decimal, int | None]]:
    """Committees ranked on one indicator by their latest figure: targets' results, then figures."""
    ind = indicators().get(key)
    if ind is None:
        return []
    latest: dict[int, tuple[int, Decimal]] = {}
    for row in rows:
        for t in row.targets:
            if t["indicator"] != key or t["latest"] is None:
                continue
            year, value = t["latest"][0], Decimal(t["latest"][1])
            if row.committee.pk not in latest or year >= latest[row.committee.pk][0]:
                latest[row.committee.pk] = (year, value)
    committees = {r.committee.pk: r.committee for r in rows}
    for f in Figure.objects.filter(committee_id__in=committees, indicator=key, role="actual").values(
        "committee_id", "year", "value"
    ):
        y = f["year"] or 0
        if f["committee_id"] not in latest or y > latest[f["committee_id"]][0]:
            latest[f["committee_id"]] = (y, Decimal(f["value"]))
    reverse = ind.direction != Direction.LOWER
    ranked = sorted(latest.items(), key=lambda kv: kv[1][1], reverse=reverse)
    return [(committees[cid], v, y or None) for cid, (y, v) in ranked]


# ── The pickers: another term, another year, judged live ─────────────────────────────────────────


_TERM = re.compile(r"^\s*([0-9]{4})\s*(?:[-–]\s*([0-9]{4})\s*)?$")


@dataclass(frozen=True)
class Pick:
    """What the province page is asked to judge: a term (by its start year: "2015" or "2015-2020")
    and a year of it. Neither: each committee's latest term, from the stored summaries."""

    term: int | None = None
    term_end: int | None = None  # as written in "2015-2020": checked against the terms that exist
    year: int | None = None

    @property
    def default(self) -> bool:
        return self.term is None and self.year is None

    @property
    def key(self) -> tuple:
        return (self.term, self.term_end, self.year)

    def params(self, **extra) -> str:
        """The query string that carries the pick ("term=2015&year=2017"), for the links down and up."""
        items = [("term", self.term), ("year", self.year), *extra.items()]
        return urlencode([(k, v) for k, v in items if v not in (None, "", False)])

    @property
    def suffix(self) -> str:
        q = self.params()
        return f"?{q}" if q else ""

    def committee_suffix(self, term: Term | None) -> str:
        """The committee page's own parameters (its term by id) for the term judged here."""
        if self.default or term is None:
            return ""
        return "?" + urlencode([("term", term.pk), *([("year", self.year)] if self.year else [])])


def too_many_to_judge(pick: Pick, committees: int) -> bool:
    """A term or year picked is judged live (~15 ms a committee): above CHITIEU_LIVE_JUDGE_LIMIT
    committees (the country's 3,321 took 55 s) not on a request's time; it is picked on each
    province's page instead."""
    return not pick.default and committees > settings.CHITIEU_LIVE_JUDGE_LIMIT


def parse_pick(data) -> Pick:
    """The pickers' values from a query string: a malformed one is a 400 in Vietnamese (BadParameter)."""
    raw = data.get("term", "")
    raw = raw if isinstance(raw, str) else ""
    term = end = None
    if raw.strip():
        m = _TERM.match(raw)
        if m is None:
            raise BadParameter(
                f"Nhiệm kỳ không hợp lệ: {raw[:20]!r}; hãy ghi năm bắt đầu, ví dụ 2020 hoặc 2020-2025 / invalid term"
            )
        term, end = int(m[1]), int(m[2]) if m[2] else None
        for y in (term, end):
            if y is not None and not YEAR_MIN <= y <= YEAR_MAX:
                raise BadParameter(f"Năm của nhiệm kỳ phải từ {YEAR_MIN} đến {YEAR_MAX} / term out of range: {y}")
        if end is not None and end <= term:
            raise BadParameter(f"Nhiệm kỳ {term}-{end}: năm kết thúc phải sau năm bắt đầu / invalid term")
    return Pick(term, end, year_param(data))


@dataclass
class TermChoice:
    """A term that committees under the unit have: the term picker's entry."""

    start_year: int
    end_year: int
    committees: int
    targets: int

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    @property
    def years(self) -> list[int]:
        """The years results are reported for: from the year after the congress to the term's end."""
        return list(range(self.start_year + 1, self.end_year + 1))


def terms_under(unit: Unit) -> list[TermChoice]:
    """The terms of the (active) committees under ``unit``, by start year, with how many committees
    and targets each has: one query."""
    qs = (
        Term.objects.filter(
            committee__path__startswith=unit.path,
            committee__kind__in=COMMITTEE_KINDS,
            committee__merged_into__isnull=True,
        )
        .order_by()
        .values("start_year")
        .annotate(end=Max("end_year"), committees=Count("committee", distinct=True), targets=Count("targets"))
        .order_by("start_year")
    )
    return [TermChoice(r["start_year"], r["end"], r["committees"], r["targets"]) for r in qs]


def check_pick(unit: Unit, pick: Pick, choices: list[TermChoice]) -> tuple[TermChoice | None, str]:
    """The term picked among those under the unit, and what to tell when it is not there: a link down
    from the country carries a term one province may not have, so that is said on the page, not
    refused. A year outside the term picked is a bad request (BadParameter: a 400)."""
    have = ", ".join(c.label for c in choices) or "chưa có nhiệm kỳ nào"
    chosen, missing = None, ""
    if pick.term is not None:
        chosen = next((c for c in choices if c.start_year == pick.term), None)
        if chosen is not None and pick.term_end is not None and pick.term_end != chosen.end_year:
            raise BadParameter(
                f"Nhiệm kỳ bắt đầu năm {pick.term} kết thúc năm {chosen.end_year}, không phải {pick.term_end} "
                f"/ the term ends in {chosen.end_year}"
            )
        if chosen is None:
            asked = f"{pick.term}-{pick.term_end}" if pick.term_end else f"bắt đầu năm {pick.term}"
            missing = f"Không có Đảng bộ nào trong {unit.title} có nhiệm kỳ {asked}; các nhiệm kỳ có: {have}."
    if pick.year is not None:
        if chosen is not None and not chosen.start_year <= pick.year <= chosen.end_year:
            raise BadParameter(
                f"Năm {pick.year} không thuộc nhiệm kỳ {chosen.label}: hãy chọn năm từ {chosen.start_year} "
                f"đến {chosen.end_year} / year outside the term"
            )
        if pick.term is None and not any(c.start_year <= pick.year <= c.end_year for c in choices):
            missing = (
                f"Không có Đảng bộ nào trong {unit.title} có nhiệm kỳ gồm năm {pick.year}; các nhiệm kỳ có: {have}."
            )
    return chosen, missing


def _choose(terms: list[Term], term_start: int | None, year: int | None) -> Term | None:
    if term_start is not None:
        terms = [t for t in terms if t.start_year == term_start]
    if year is not None:
        terms = [t for t in terms if t.start_year <= year <= t.end_year]
    return max(terms, key=lambda t: t.start_year, default=None)


def judge_live(
    committees: list[Unit],
    *,
    term_start: int | None = None,
    year: int | None = None,
    up_to: int | None = None,
    midterm: bool = False,
    batch: int | None = None,
) -> dict[int, tuple]:
    """Another term, year, cut-off or the midterm, judged now (the province page's pickers and the
    API): committee id -> (term, entries, summary, drafts, awaiting), as the stored summaries hold them.

    Three queries per ``batch`` of committees (all of them at once by default): their terms, the
    chosen terms' targets and their results; plus the Party records of the committees whose targets
    have nothing typed, as the committee page. The rules are chitieu.plans.evaluation's."""
    if batch and len(committees) > batch:
        out: dict[int, tuple] = {}
        for i in range(0, len(committees), batch):
            out |= judge_live(committees[i : i + batch], term_start=term_start, year=year, up_to=up_to, midterm=midterm)
        return out
    terms_by_committee = defaultdict(list)
    for t in Term.objects.filter(committee__in=[c.pk for c in committees]):
        terms_by_committee[t.committee_id].append(t)
    chosen = {c.pk: _choose(terms_by_committee[c.pk], term_start, year) for c in committees}
    term_ids = [t.pk for t in chosen.values() if t is not None]
    targets_by_term = defaultdict(list)
    results = Prefetch("results", queryset=Result.objects.order_by("year"))
    for target in Target.objects.filter(term_id__in=term_ids).prefetch_related(results):
        targets_by_term[target.term_id].append(target)
    out = {}
    for c in committees:
        term = chosen[c.pk]
        statuses = []
        drafts = awaiting = 0
        if term is not None:
            term.committee = c  # the computed indicators read the committee; no query for it
            targets = targets_by_term[term.pk]
            cut = up_to
            if midterm and cut is None:
                cut = term.start_year + 2  # as the evaluation endpoint and the committee page
            # As the committee page: a term judged on its targets and, for those with nothing typed, the
            # Party records; a year on that year's plan or the term's targets.
            computed = computed_for(term, [t for t in targets if t.year is None]) if year is None else None
            statuses = judge_targets(targets, term=term, year=year, up_to=cut, midterm=midterm, computed=computed)
            for t in targets:
                for r in t.results.all():
                    drafts += r.status == Status.DRAFT
                    awaiting += r.status == Status.SUBMITTED
        summ = summarise(s.evaluation for s in statuses)
        entries = [summaries.entry(s) for s in statuses]
        unapproved = sum(1 for e in entries if e.get("unapproved"))
        if unapproved and hasattr(summ, "unapproved"):  # said on the line, as the stored summaries
            summ = replace(summ, unapproved=unapproved)
        out[c.pk] = (term, entries, summ, drafts, awaiting)
    return out


def rows_for(
    committees: list[Unit], pick: Pick, *, batch: int | None = None, targets: bool = True
) -> list[CommitteeRow]:
    """The committees' rows for the page: the stored summaries by default, else judged live.
    ``targets=False``: the stored counts and terms only (the country's roll-up reads 3,321 rows)."""
    if pick.default and targets:
        return oversight(None, None, committees)
    if pick.default:
        stored = summaries.current(committees, targets=False)
        ids = {s.term_id for s in stored.values() if s.term_id}
        terms = {t.pk: t for t in Term.objects.filter(pk__in=ids)} if ids else {}
        rows = []
        for c in committees:
            s = stored[c.pk]
            counts = summaries.as_summary(s) if s.total else None
            rows.append(CommitteeRow(c, terms.get(s.term_id), [], counts, s.drafts, s.awaiting))
        return rows
    judged = judge_live(committees, term_start=pick.term, year=pick.year, batch=batch)
    rows = []
    for c in committees:
        term, entries, summ, drafts, awaiting = judged[c.pk]
        rows.append(CommitteeRow(c, term, entries, summ if summ.total else None, drafts, awaiting))
    return rows


# ── Verdicts in words, and the heat table committees × indicators ────────────────────────────────

# The page's five kinds of verdict: (key, label), in the order the page counts them.
CATEGORIES = (
    ("exceeded", "vượt"),
    ("met", "đạt"),
    ("not_met", "chưa đạt"),
    ("in_progress", "đang thực hiện"),
    ("unjudged", "chưa đánh giá được"),
)
CATEGORY_LABELS = dict(CATEGORIES)
# A cell with several targets of one indicator shows the one furthest behind.
_SEVERITY = {"not_met": 0, "at_risk": 1, "unjudged": 2, "in_progress": 3, "met": 4, "exceeded": 5}


def category(entry: dict) -> str:
    """exceeded, met, not_met, in_progress or unjudged (no figures, or not comparable)."""
    status = entry.get("status")
    if status in ("exceeded", "met", "not_met", "in_progress"):
        return status
    return "unjudged"


@dataclass
class Counts:
    """The unit's targets by verdict, and the figures behind them not yet approved."""

    exceeded: int = 0
    met: int = 0
    not_met: int = 0
    in_progress: int = 0
    on_track: int = 0
    unjudged: int = 0
    drafts: int = 0
    awaiting: int = 0

    @property
    def total(self) -> int:
        return self.exceeded + self.met + self.not_met + self.in_progress + self.unjudged

    @property
    def words(self) -> list[tuple[str, str, int, str]]:
        """(key, label, count, css class) of the five verdicts, every one said, zero included."""
        return [(k, label, getattr(self, k), "v-" + k.replace("_", "-")) for k, label in CATEGORIES]


def counts_of(rows: list[CommitteeRow]) -> Counts:
    out = Counts()
    for r in rows:
        s = r.summary
        if s is not None:
            out.exceeded += s.exceeded
            out.met += s.met
            out.not_met += s.not_met
            out.in_progress += s.in_progress
            out.on_track += s.on_track
            out.unjudged += s.unjudged
        out.drafts += r.drafts
        out.awaiting += r.awaiting
    return out


@dataclass
class Cell:
    category: str  # exceeded, met, not_met, in_progress, unjudged
    label: str  # the verdict in words: the cell is never told by its colour alone
    targets: list[dict]

    @property
    def css(self) -> str:
        return "v-" + self.category.replace("_", "-") + (" v-at-risk" if self.at_risk else "")

    @property
    def at_risk(self) -> bool:
        return any(t["in_progress"] and t["on_track"] is False for t in self.targets)

    @property
    def mark(self) -> str:
        """ "(nháp)", "(chưa duyệt)" or "": the cell's verdict rests on a result nobody approved yet
        (the weakest of its targets', as the committee page marks each result: evaluation.mark)."""
        marks = {t.get("mark") for t in self.targets if t.get("unapproved")}
        return next((m for m in UNAPPROVED_MARKS.values() if m in marks), "")

    @property
    def text(self) -> str:
        """The verdict in words with its mark: what the export's cell says."""
        return f"{self.label} {self.mark}" if self.mark else self.label

    @property
    def title(self) -> str:
        """Each target of the cell with its verdict and completion, for the tooltip and the export."""
        parts = []
        for t in self.targets:
            pct = f" ({t['completion_pct_display']})" if t.get("completion_pct_display") else ""
            mark = f" {t['mark']}" if t.get("unapproved") and t.get("mark") else ""
            parts.append(f"{t['number']}. {t['text']}: {t['verdict_label']}{pct}{mark}")
        return "; ".join(parts)


def cell_of(entries: list[dict]) -> Cell:
    def severity(e):
        c = category(e)
        return _SEVERITY["at_risk"] if c == "in_progress" and e["on_track"] is False else _SEVERITY[c]

    worst = min(entries, key=severity)
    cat = category(worst)
    label = CATEGORY_LABELS[cat]
    if cat == "in_progress":
        label += ", có nguy cơ không đạt" if worst["on_track"] is False else ""
        label += ", đúng tiến độ" if worst["on_track"] else ""
    if len(entries) > 1:
        label += f" ({len(entries)} chỉ tiêu)"
    return Cell(cat, label, entries)


@dataclass
class HeatRow:
    row: CommitteeRow
    cells: list[Cell | None]  # None: no target of that indicator


@dataclass
class Heat:
    columns: list  # chitieu.core.catalog.Indicator, in the catalog's order
    rows: list[HeatRow]
    hidden: int = 0  # indicators used by fewer committees, left out of the page (the export has them)
    unlinked: int = 0  # targets with no catalog indicator: in no column


def heat(rows: list[CommitteeRow], limit: int | None = None) -> Heat:
    """Committees × the indicators their targets use. ``limit``: the most used indicators only."""
    catalog = indicators()
    order = {k: i for i, k in enumerate(catalog)}
    users: dict[str, int] = defaultdict(int)
    unlinked = 0
    for r in rows:
        keys = {t["indicator"] for t in r.targets if t["indicator"] in catalog}
        unlinked += sum(1 for t in r.targets if t["indicator"] not in catalog)
        for k in keys:
            users[k] += 1
    keys = sorted(users, key=lambda k: (-users[k], order[k]))
    shown = sorted(keys[:limit] if limit else keys, key=order.__getitem__)
    out = []
    for r in rows:
        by_key: dict[str, list[dict]] = defaultdict(list)
        for t in r.targets:
            by_key[t["indicator"]].append(t)
        out.append(HeatRow(r, [cell_of(by_key[k]) if k in by_key else None for k in shown]))
    return Heat([catalog[k] for k in shown], out, len(keys) - len(shown), unlinked)


# ── Completeness: which results are typed, sent, approved ────────────────────────────────────────


@dataclass
class Reported:
    """A committee's targets for one year (or the whole term: year None) by their result's state."""

    total: int = 0
    approved: int = 0
    submitted: int = 0
    draft: int = 0

    @property
    def missing(self) -> int:
        return max(0, self.total - self.approved - self.submitted - self.draft)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.approved == self.total

    @property
    def unsent(self) -> int:
        """Not yet sent to the level above: no result, or a draft."""
        return self.missing + self.draft

    def add(self, other: Reported) -> None:
        self.total += other.total
        self.approved += other.approved
        self.submitted += other.submitted
        self.draft += other.draft

    @property
    def words(self) -> str:
        """ "đã duyệt đủ 6", "3 đã duyệt, 1 chờ duyệt, 2 chưa có": the zeros left out."""
        if not self.total:
            return "—"
        if self.complete:
            return f"đã duyệt đủ {self.total}"
        parts = [(self.approved, "đã duyệt"), (self.submitted, "chờ duyệt"), (self.draft, "nháp")]
        parts.append((self.missing, "chưa có"))
        return ", ".join(f"{n} {label}" for n, label in parts if n)


@dataclass
class ReportRow:
    row: CommitteeRow
    cells: list[Reported | None]  # per column year; None: outside the committee's term

    @property
    def shown(self) -> bool:
        return any(c is not None for c in self.cells)


@dataclass
class NotReported:
    """A committee that has not sent every result of the year asked: ``term`` is its whole-term
    column (a term reviewed at its end may hold term totals instead of yearly figures)."""

    row: CommitteeRow
    year: Reported
    term: Reported

    @property
    def term_complete(self) -> bool:
        return self.term.total > 0 and self.term.unsent == 0


@dataclass
class Completeness:
    years: list[int | None]  # the columns; None: the whole term (results typed for the term)
    rows: list[ReportRow]
    totals: list[Reported]
    year: int | None  # the year "who has not reported" is about
    not_reported: list[NotReported]
    without_targets: list[CommitteeRow]

    @property
    def labels(self) -> list[str]:
        return [str(y) if y else "Cả nhiệm kỳ" for y in self.years]

    @property
    def shown(self) -> list[ReportRow]:
        """The rows of the committees with targets in the term shown."""
        return [rr for rr in self.rows if rr.shown]


def _report_years(term: Term, this_year: int) -> list[int]:
    return [y for y in range(term.start_year + 1, term.end_year + 1) if y <= this_year]


def completeness(rows: list[CommitteeRow], pick: Pick, *, today: dt.date | None = None) -> Completeness:
    """Per committee and year of the term judged: how many of its targets have an approved result, a
    submitted one, a draft, none. Two aggregate queries for all the committees: the targets by term
    and year, the results by committee, year and state."""
    this_year = (today or timezone.localdate()).year
    terms = {r.committee.pk: r.term for r in rows if r.term is not None}
    ids = [t.pk for t in terms.values()]
    targets: dict[tuple[int, int | None], int] = defaultdict(int)  # (term id, plan year or None)
    results: dict[tuple[int, int | None, str], int] = defaultdict(int)  # (committee id, year, status)
    if ids:
        for r in Target.objects.filter(term_id__in=ids).order_by().values("term_id", "year").annotate(n=Count("id")):
            targets[(r["term_id"], r["year"])] += r["n"]
        grouped = (
            Result.objects.filter(target__term_id__in=ids)
            .order_by()
            .values("target__term__committee_id", "year", "status")
            .annotate(n=Count("id"))
        )
        for r in grouped:
            results[(r["target__term__committee_id"], r["year"], r["status"])] += r["n"]
    years = sorted({y for t in terms.values() for y in _report_years(t, this_year)} | ({pick.year} - {None}))
    report_year = pick.year or max((y for y in years if y < this_year), default=max(years, default=None))

    def reported(cid: int, term: Term, year: int | None) -> Reported:
        total = targets.get((term.pk, None), 0) + (targets.get((term.pk, year), 0) if year is not None else 0)
        return Reported(
            total,
            results.get((cid, year, Status.APPROVED), 0),
            results.get((cid, year, Status.SUBMITTED), 0),
            results.get((cid, year, Status.DRAFT), 0),
        )

    with_targets = {term_id for term_id, _ in targets}
    columns: list[int | None] = [*years, None]
    out, totals = [], [Reported() for _ in columns]
    not_reported, without = [], []
    for r in rows:
        term = r.term
        if term is None or term.pk not in with_targets:
            without.append(r)
            out.append(ReportRow(r, [None for _ in columns]))
            continue
        cells: list[Reported | None] = []
        for i, y in enumerate(columns):
            if y is not None and not term.start_year <= y <= term.end_year:
                cells.append(None)
                continue
            rep = reported(r.committee.pk, term, y)
            cells.append(rep)
            totals[i].add(rep)
        out.append(ReportRow(r, cells))
        if report_year is not None and (rep := cells[columns.index(report_year)]) is not None and rep.unsent:
            not_reported.append(NotReported(r, rep, cells[-1]))
    return Completeness(columns, out, totals, report_year, not_reported, without)


@dataclass
class AreaReport:
    """An area's committees for the year reported on: how many have every result typed."""

    area: Unit | None
    committees: int
    behind: int  # committees with a target of that year with no result
    reported: Reported


def area_reports(unit: Unit, areas: list[Unit], report: Completeness) -> list[AreaReport]:
    i = report.years.index(report.year) if report.year in report.years else None
    depth = len(unit.path.strip("/").split("/")) if unit.path.strip("/") else 0
    by_area: dict[int | None, AreaReport] = {a.pk: AreaReport(a, 0, 0, Reported()) for a in areas}
    by_area[None] = AreaReport(None, 0, 0, Reported())
    if i is None:
        return []
    for rr in report.rows:
        cell = rr.cells[i]
        if cell is None or not cell.total:
            continue
        parts = rr.row.committee.path.strip("/").split("/")
        area = int(parts[depth]) if len(parts) > depth + 1 else None
        a = by_area[area if area in by_area else None]
        a.committees += 1
        a.behind += bool(cell.missing)
        a.reported.add(cell)
    return [by_area[k] for k in [*(a.pk for a in areas), None] if by_area[k].committees]


# ── The page: everything the province or country page shows for one pick ────────────────────────


@dataclass
class Link:
    label: str
    url: str  # a query string ("?term=2015"), or "?" for the default view
    current: bool
    note: str = ""


@dataclass
class Overview:
    unit: Unit
    pick: Pick
    choices: list[TermChoice]
    chosen: TermChoice | None
    missing: str  # the term asked for is not under the unit: said on the page
    rows: list[CommitteeRow]
    counts: Counts
    report: Completeness
    extra: dict = field(default_factory=dict)  # parameters the pickers keep (the list of all committees)

    def _url(self, term: int | None, year: int | None) -> str:
        return "?" + Pick(term, None, year).params(**self.extra)

    @property
    def term_links(self) -> list[Link]:
        links = [Link("Nhiệm kỳ gần nhất của mỗi Đảng bộ", self._url(None, None), self.pick.term is None)]
        for c in self.choices:
            note = f"{c.committees} Đảng bộ, " + (f"{c.targets} chỉ tiêu" if c.targets else "chưa có chỉ tiêu")
            links.append(Link(c.label, self._url(c.start_year, None), self.pick.term == c.start_year, note))
        return links

    @property
    def year_links(self) -> list[Link]:
        if self.chosen is None:
            return []
        term = self.chosen.start_year
        links = [Link("Cả nhiệm kỳ", self._url(term, None), self.pick.year is None)]
        years = self.chosen.years
        if self.pick.year is not None and self.pick.year not in years:
            years = sorted({*years, self.pick.year})
        links += [Link(str(y), self._url(term, y), self.pick.year == y) for y in years]
        return links

    @property
    def viewing(self) -> str:
        """Which term (and year) the page judges, in words: never a bare count."""
        if self.pick.default:
            by_term: dict[str, int] = defaultdict(int)
            for r in self.rows:
                if r.term is not None:
                    by_term[r.term.label] += 1
            parts = [f"{label}: {n} Đảng bộ" for label, n in sorted(by_term.items())]
            text = "mỗi Đảng bộ theo nhiệm kỳ gần nhất có chỉ tiêu"
            return text + (f" ({'; '.join(parts)})" if parts else "")
        if self.chosen is not None:
            text = f"nhiệm kỳ {self.chosen.label}"
        elif self.pick.term is not None:
            text = f"nhiệm kỳ bắt đầu năm {self.pick.term}"
        else:
            text = "nhiệm kỳ gồm năm đó của mỗi Đảng bộ"
        return f"năm {self.pick.year}, {text}" if self.pick.year else f"{text}, cả nhiệm kỳ"

    @property
    def without_term(self) -> int:
        return sum(1 for r in self.rows if r.term is None)

    @property
    def elsewhere(self) -> list[Link]:
        """The other terms that have targets, when the one shown has none (the user's finding: "0 chỉ
        tiêu" while a 2015-2020 target was not met)."""
        if self.counts.total:
            return []
        shown = {r.term.start_year for r in self.rows if r.term is not None}
        return [
            Link(c.label, self._url(c.start_year, None), False, f"{c.targets} chỉ tiêu")
            for c in self.choices
            if c.targets and (self.pick.default or c.start_year not in shown)
        ]

    def heat(self, limit: int | None = None) -> Heat:
        return heat(self.rows, limit)


def overview(
    unit: Unit, committees: list[Unit], pick: Pick, *, batch: int | None = None, targets: bool = True, **extra
) -> Overview:
    """The rows, counts and completeness of the committees for one pick, in a fixed number of queries:
    the terms under the unit; the stored summaries (default) or the terms, targets and results
    judged live; the two aggregates of completeness."""
    choices = terms_under(unit)
    chosen, missing = check_pick(unit, pick, choices)
    rows = rows_for(committees, pick, batch=batch, targets=targets)
    for r in rows:
        r.suffix = pick.committee_suffix(r.term)
    return Overview(unit, pick, choices, chosen, missing, rows, counts_of(rows), completeness(rows, pick), extra)
