"""Figures typed by hand against the Party records.

A committee types a result for a target whose indicator the system also counts from its records (the
members with their admission dates, the branches, the badge register, the inspections, the residence
contacts, the ratings: the catalog's computed indicators). ``registry_conflicts`` lists each typed
result that differs from the records' figure for the same indicator and year, or years, with both
numbers: the committee page, the API and the reports show it, so that the office checks one or the other.

What is compared:
- a year's result with the records' figure of that year (members and branches on 31/12, admissions,
  badges, inspections in the year, contacts held on 31/12, ratings' shares of those rated that year);
- a term's result, for the figures that add up over the years (admissions, badges, inspections), with
  the records' total over the years the term's Party work is counted over (party_years: the committee
  page's "kết nạp 44 đảng viên mới (2020-2024)"), or their yearly average for a per-year target
  ("10 đảng viên/năm": the term result is what a year averaged). While the term is under way only its
  finished years count (those before today's): a year begun in March holds a fraction of a year's
  admissions, and neither its total nor an average over it is what a whole year would give. The
  sentence names the years it counted. A term's total typed with this year's so far in it, as the
  records count them to date, agrees with them all the same.

A flag says the records disagree, so none is raised where the records cannot tell:
- a year to come; a term's result before the term has a finished year;
- a year before the roster (no member on the roll at its end): admissions and members;
- a year before a register's first entry (badges, inspections, residence contacts): an office that
  began entering inspections in 2024 has none for 2021, which is not "none held in 2021";
- the committee's years rated HTTNV or better (HTXSNV) when its own ratings begin after the term's
  first year: the years missing would count as not rated;
- a year a branch without a founding date was on the list, before this year: it counts in every
  year, and whether it existed then the records do not say;
- a rating not entered for the year.
A term's result is compared only when each of its years is covered. A figure is the same when the
records' one, rounded to the places the typed one has, equals it ("12,5%" typed, 12,4837% counted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from chitieu.core.catalog import indicators
from chitieu.core.quantity import Quantity, format_number, format_quantity, round_half_up
from chitieu.core.targets import Shape
from chitieu.core.verdicts import is_growth_target

from .evaluation import party_years
from .models import Target, Term

if TYPE_CHECKING:
    from chitieu.party.indicators import RecordsBegin

HEADING = "Số liệu nhập tay khác hồ sơ đảng viên"

# Figures that add up over years: a term's result is their total (or yearly average).
FLOWS = ("party_members_admitted", "party_badges", "inspections")
# The records cover a year only when someone was on the roll at its end.
ROSTER_KEYS = ("party_members", "party_members_admitted")
# Counted from a register of dated entries, covering the years from its first entry on
# (chitieu.party.indicators.REGISTER_KEYS, asserted equal by the tests: the plans app reads no party
# module at import).
REGISTER_KEYS = ("party_badges", "inspections", "members_residence_contact")
# Counted from the committee's own ratings over the term's years so far (…COMMITTEE_RATING_KEYS).
COMMITTEE_RATING_KEYS = ("committee_clean_strong_years", "committee_excellent_years")
# What the records' first entries are read for (chitieu.party.indicators.records_begin).
BEGIN_KEYS = {*REGISTER_KEYS, *COMMITTEE_RATING_KEYS, "party_branches"}

# How a sentence names each figure: (what was typed, what the records hold, with {n} the number).
WORDS = {
    "party_members_admitted": ("kết nạp", "{n} đảng viên được kết nạp"),
    "party_members": ("số đảng viên", "{n} đảng viên"),
    "party_branches": ("số chi bộ trực thuộc", "{n} chi bộ trực thuộc"),
    "party_badges": ("trao Huy hiệu Đảng", "{n} đảng viên được trao Huy hiệu Đảng"),
    "inspections": ("kiểm tra, giám sát", "{n} cuộc kiểm tra, giám sát"),
    "members_residence_contact": ("đảng viên giữ mối liên hệ nơi cư trú", "{n} đảng viên giữ mối liên hệ"),
}


@dataclass(frozen=True)
class RegistryConflict:
    target: Target
    indicator: str  # the catalog key
    year: int | None  # the typed result's year; None: the term's result
    years: tuple[int, ...]  # the years the records were counted over
    typed: Decimal
    recorded: Decimal  # the records' figure, in the typed one's terms (a yearly average for a per-year target)
    total: Decimal  # the records' figure over ``years`` (the total, for an average)
    per_year: bool = False  # the figures are yearly averages
    # The years from the term's first whose records give the typed figure, when shorter than ``years``:
    # a half term's figure typed as the term's (seed 002's "phát triển 28 đảng viên mới" at mid-term).
    typed_matches: tuple[int, ...] = ()

    @property
    def span(self) -> str:
        return _span(self.years)

    @property
    def detail(self) -> str:
        """ "kết nạp năm 2023 nhập 28, hồ sơ đảng viên có 44 đảng viên được kết nạp"; of a term's result
        "kết nạp cả nhiệm kỳ nhập 28, hồ sơ đảng viên có 44 đảng viên được kết nạp trong các năm
        2020-2024 (28 là số của các năm 2020-2022)"."""
        what, held = _words(self.indicator)
        typed, recorded = self._number(self.typed), self._number(self.recorded)
        if self.year is not None:
            return f"{what} năm {self.year} nhập {typed}, hồ sơ đảng viên có {held.format(n=recorded)}"
        years = f"các năm {self.span}" if len(self.years) > 1 else f"năm {self.span}"
        if self.per_year:
            return (
                f"{what} bình quân mỗi năm nhập {typed}, hồ sơ đảng viên có "
                f"{held.format(n=self._number(self.total))} trong {years}, bình quân {recorded} mỗi năm"
            )
        text = f"{what} cả nhiệm kỳ nhập {typed}, hồ sơ đảng viên có {held.format(n=recorded)} trong {years}"
        if self.typed_matches:
            matches = self.typed_matches
            text += f" ({typed} là số của {'các năm ' if len(matches) > 1 else 'năm '}{_span(matches)})"
        return text

    @property
    def text(self) -> str:
        """The sentence a page shows under HEADING: «target»: detail."""
        return f"«{self.target.text}»: {self.detail}."

    def _number(self, value: Decimal) -> str:
        """A count as a number ("44", an average "9,6"); a share with its unit ("93,1%")."""
        if self.indicator in WORDS:
            return format_number(round_half_up(value, 2))
        return format_quantity(Quantity(value, indicators()[self.indicator].unit), places=2)


def _span(years) -> str:
    years = list(years)
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])


def _words(key: str) -> tuple[str, str]:
    if key in WORDS:
        return WORDS[key]
    name = indicators()[key].name
    return name[:1].lower() + name[1:], "{n}"


def _places(value: Decimal) -> int:
    return max(0, -Decimal(value).normalize().as_tuple().exponent)


def same(typed: Decimal, recorded: Decimal) -> bool:
    """The records' figure, rounded to the places the typed one has, equals it."""
    return round_half_up(Decimal(recorded), _places(typed)) == Decimal(typed).normalize()


def compared_keys(targets) -> set[str]:
    """The computed indicators of the targets with a typed result: what the check reads."""
    catalog = indicators()
    return {
        t.indicator
        for t in targets
        if t.indicator in catalog and catalog[t.indicator].computed and _comparable(t) and t.results.all()
    }


def _comparable(target: Target) -> bool:
    """A target whose cells hold the indicator's own figure, in its unit (not a growth rate, a share of
    a plan, a yes/no or a rating level)."""
    core = target.as_core()
    if is_growth_target(core) or core.shape in (Shape.OVER_PLAN, Shape.YES_NO, Shape.RATING_LEVEL):
        return False
    return str(core.unit) == str(indicators()[target.indicator].unit)


def _term_figure(target: Target) -> str | None:
    """What a term's result of a flow means: "total", "average" (a per-year target), or None when
    its shape does not say (a floor every year must keep, a band …): no comparison then."""
    core = target.as_core()
    if core.shape == Shape.PER_YEAR_COUNT:
        return "average"
    if core.shape == Shape.TERM_TOTAL or (core.shape == Shape.AT_LEAST and core.period is None):
        return "total"
    return None


def _covered(
    series: dict[str, dict[int, Decimal]], key: str, year: int, begin: RecordsBegin, term: Term, this_year: int
) -> bool:
    """The records can tell ``key``'s figure of ``year`` (the module's list of what they cannot)."""
    if year not in series.get(key, {}):
        return False
    if key in ROSTER_KEYS:
        return bool(series.get("party_members", {}).get(year))
    if key in REGISTER_KEYS:
        first = begin.first_year.get(key)
        return first is not None and first <= year
    if key in COMMITTEE_RATING_KEYS:
        first = begin.first_year.get(key)
        return first is not None and first <= term.start_year <= year <= term.end_year
    if key == "party_branches":
        until = begin.undated_branches_until
        return until is None or until <= dt.date(year, 12, 31) or year >= this_year
    return True


def needed_years(term: Term, targets, today: dt.date | None = None) -> list[int]:
    """The years the check reads the records of: the typed results' and the term's Party years, none
    after this year (the records know nothing of a year to come)."""
    this_year = (today or timezone.localdate()).year
    years = set(party_years(term, today))
    years |= {r.year for t in targets for r in t.results.all() if r.year is not None}
    return sorted(y for y in years if y <= this_year)


def registry_conflicts(
    term: Term,
    targets: list[Target] | None = None,
    *,
    registry: dict[str, dict[int, Decimal]] | None = None,
    today: dt.date | None = None,
) -> list[RegistryConflict]:
    """The typed results of the term's targets (the resolution's and the yearly plans') that differ
    from what the Party records give for the same indicator and year(s), in target order.

    ``targets``: the term's targets with their results prefetched (read here when None).
    ``registry``: the records' figures {key: {year: value}} already read (computed_series over the
    needed years, every key or at least the compared ones); read here, only the keys compared, when None.
    A fixed number of queries whatever the number of targets and years."""
    if targets is None:
        targets = list(term.targets.prefetch_related("results"))
    keys = compared_keys(targets)
    if not keys:
        return []
    from chitieu.party.indicators import RecordsBegin, computed_series, records_begin  # party builds on plans

    if registry is None:
        # Admissions are counted only over years the roster covers: its members on the roll come with them.
        read = keys | ({"party_members"} if keys & set(ROSTER_KEYS) else set())
        registry = computed_series(term.committee, needed_years(term, targets, today), keys=read)
    # Where the registers begin: one query, only when a key needs it.
    begin = records_begin(term.committee_id, keys & BEGIN_KEYS) if keys & BEGIN_KEYS else RecordsBegin({})
    this_year = (today or timezone.localdate()).year
    # A term's result against its finished years only: none of a term not begun, nor of this year
    # while it runs (party_years stops before the term's last year, all finished once it is reached).
    term_years = [y for y in party_years(term, today) if y < this_year]
    running_year = this_year if this_year in party_years(term, today) else None

    def covered(key: str, year: int) -> bool:
        return _covered(registry, key, year, begin, term, this_year)

    out: list[RegistryConflict] = []
    for t in sorted(targets, key=lambda t: (t.year is not None, t.year or 0, t.number, t.pk)):
        if t.indicator not in keys:
            continue
        series = registry.get(t.indicator, {})
        for r in sorted(t.results.all(), key=lambda r: (r.year is None, r.year or 0)):
            typed = Decimal(r.value)
            if r.year is not None:
                if r.year <= this_year and covered(t.indicator, r.year) and not same(typed, series[r.year]):
                    out.append(
                        RegistryConflict(t, t.indicator, r.year, (r.year,), typed, series[r.year], series[r.year])
                    )
                continue
            meaning = _term_figure(t) if t.indicator in FLOWS else None
            if meaning is None or not term_years or not all(covered(t.indicator, y) for y in term_years):
                continue
            total = sum((series[y] for y in term_years), Decimal(0))
            recorded = total / len(term_years) if meaning == "average" else total
            if same(typed, recorded):
                continue
            if (
                meaning == "total"
                and running_year is not None
                and covered(t.indicator, running_year)
                and same(typed, total + series[running_year])
            ):
                continue  # a total typed with this year's so far: the records agree with it to date
            matches: tuple[int, ...] = ()
            if meaning == "total":
                running = Decimal(0)
                for i, y in enumerate(term_years[:-1]):
                    running += series[y]
                    if running == typed:
                        matches = tuple(term_years[: i + 1])
                        break
            out.append(
                RegistryConflict(
                    t,
                    t.indicator,
                    None,
                    tuple(term_years),
                    typed,
                    recorded,
                    total,
                    per_year=meaning == "average",
                    typed_matches=matches,
                )
            )
    return out
