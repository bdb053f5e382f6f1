"""What a review report says, gathered from the models into a plain ``ReportContent``.

The writers (docx.py, xlsx.py, pdf.py) only lay this out; they never query the database or compose
Vietnamese. The structure follows the review reports committees actually send up (seeds 001-004):
situation, results by domain, the "đạt và vượt X/Y chỉ tiêu" line with a table of the main targets,
the Party organisation, then shortcomings, lessons and directions, which only people can write and
which therefore appear as marked placeholders, never as invented text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from chitieu.core.catalog import find_indicator, get_indicator
from chitieu.core.series import Summary
from chitieu.core.verdicts import Verdict
from chitieu.orgs.models import COMMITTEE_KINDS, BranchKind, Kind, Unit
from chitieu.party.indicators import term_years
from chitieu.plans.charts import TrendSpec, trend_spec
from chitieu.plans.crosscheck import HEADING as REGISTRY_HEADING
from chitieu.plans.crosscheck import registry_conflicts
from chitieu.plans.evaluation import TargetStatus, evaluate_term, evaluate_year
from chitieu.plans.evaluation import summary as summary_of
from chitieu.plans.models import Figure, Term

from . import text as T

log = logging.getLogger(__name__)

__all__ = [
    "KINDS",
    "Block",
    "Chart",
    "ChartBar",
    "PartyFigure",
    "ReportContent",
    "ReportError",
    "TargetRow",
    "build_report",
    "party_figures",
    "party_sentences",
    "resolve_term",
    "situation_sentences",
    "superior_line",
]

KINDS = ("annual", "midterm", "term")
_KIND_SLUGS = {"annual": "bao-cao-nam", "midterm": "so-ket-giua-nhiem-ky", "term": "tong-ket-nhiem-ky"}


class ReportError(ValueError):
    """A report that cannot be written as asked; the message is for the user (Vietnamese / English)."""


@dataclass
class Block:
    """One paragraph of the body. ``kind``: h1 ("I. …"), h2 ("1. …"), h3 ("a) …"), para, dash
    (an item written "- …"), placeholder (for the office to write), note (for the office to check),
    table and chart (where the targets table and the chart stand), closing (the last paragraph,
    kept on the page of the signature)."""

    kind: str
    text: str = ""


@dataclass
class TargetRow:
    number: int
    name: str  # the target as the resolution writes it
    target: str  # "12 - 15%/năm"
    result: str  # "11,74%/năm", or "" when there is no result
    pct: str  # "97,83", or "—"
    verdict: str  # "Vượt", "Đạt", "Chưa đạt", "Chưa đánh giá"
    verdict_key: str  # "met", "exceeded", "not_met", "in_progress", "undetermined", "" (no figures)
    group: str = ""
    claim: str = ""  # the verdict the source claims
    conflict: bool = False  # the claim disagrees with the numbers
    mark: str = ""  # "(nháp)", "(chưa duyệt)": the result rests on figures nobody approved yet
    basis: str = ""  # what was judged: "cả nhiệm kỳ", "2021-2023", "năm 2023"
    yearly: dict[int, str] = field(default_factory=dict)
    sentence: str = ""
    label: str = ""  # short name for the chart
    pct_value: Decimal | None = None  # completion, exact
    so_far: Verdict | None = None  # the verdict, or for a term under way the one its figures give so far
    # The raw numbers, for the spreadsheet's data sheet: unit as stored (VND, %, count, …).
    indicator: str = ""
    unit: str = ""
    target_value: Decimal | None = None
    target_value_max: Decimal | None = None
    result_value: Decimal | None = None
    yearly_values: dict[int, Decimal] = field(default_factory=dict)
    # Its results year by year against the target: the committee page's chart (plans.charts), drawn
    # in the report's appendix "Diễn biến các chỉ tiêu chủ yếu". None without yearly results.
    trend: TrendSpec | None = None
    # Its typed figures the Party records count otherwise (plans.crosscheck), for the office to check.
    registry: list[str] = field(default_factory=list)

    @property
    def result_shown(self) -> str:
        """The result as the table prints it, with its mark: "28 đảng viên (chưa duyệt)", or "—"."""
        if not self.result:
            return "—"
        return f"{self.result} {self.mark}" if self.mark else self.result


@dataclass
class ChartBar:
    label: str
    pct: float
    verdict_key: str


@dataclass
class Chart:
    title: str
    ref: str  # the 100% line: "Nghị quyết" or "Kế hoạch"
    bars: list[ChartBar]


@dataclass
class PartyFigure:
    key: str
    label: str
    text: str


@dataclass
class ReportContent:
    kind: str
    committee_title: str  # "phường Khuê Trung"
    party_title: str  # "Đảng bộ phường Khuê Trung"
    superior: str  # "ĐẢNG BỘ QUẬN CẨM LỆ"
    superior_placeholder: bool  # the parent is unknown: the office writes it in
    issuer: str  # "ĐẢNG ỦY PHƯỜNG KHUÊ TRUNG"
    number: str  # "Số     -BC/ĐU"
    place_date: str  # "Khuê Trung, ngày 05 tháng 3 năm 2020"
    title: str  # "BÁO CÁO"
    subject: str  # the summary line under the title (trích yếu)
    term_label: str  # "2015-2020"
    year: int  # the year the figures are as of
    ref: str  # "Nghị quyết" or "kế hoạch": what the targets belong to
    blocks: list[Block]
    rows: list[TargetRow]
    years: list[int]  # the columns of yearly results in the spreadsheet
    summary: Summary
    party: list[PartyFigure]
    chart: Chart | None
    signer_for: str  # "T/M ĐẢNG ỦY"
    signer_title: str  # "BÍ THƯ"
    signer_name: str
    signer_placeholder: bool
    recipients: list[str]
    filename: str  # without extension

    @property
    def text(self) -> str:
        """The body as plain text, one paragraph a line (for tests and previews)."""
        out = []
        for b in self.blocks:
            if b.kind == "dash":
                out.append(f"- {b.text}")
            elif b.kind in ("table", "chart"):
                out.append(f"<{b.kind}>")
            else:
                out.append(b.text)
        return "\n".join(out)


# --- the header -------------------------------------------------------------------------------


def _level_word(parent: Unit, committee: Unit) -> str:
    """ "quận" or "huyện" for a district: wards belong to a quận, communes and townships to a huyện."""
    if parent.kind == Kind.DISTRICT:
        return "quận" if committee.kind == Kind.WARD else "huyện"
    return parent.get_kind_display()


_EXECUTIVES = {Kind.PROVINCE: "Tỉnh ủy", Kind.CITY: "Thành ủy", Kind.TOWN: "Thị ủy"}


def superior_line(committee: Unit) -> tuple[str, bool]:
    """The body directly above the issuer, in capitals, upright (Hướng dẫn 36): "ĐẢNG BỘ QUẬN CẨM LỆ".

    A committee whose parent the data does not name gets a placeholder the office replaces.
    """
    parent = committee.parent
    if parent is None or parent.kind == Kind.UNNAMED:
        return T.PLACEHOLDER_SUPERIOR, True
    return T.upper(f"Đảng bộ {_level_word(parent, committee)} {parent.name}"), False


def _executive(committee: Unit) -> str:
    parent = committee.parent
    if parent is None or parent.kind == Kind.UNNAMED:
        return "cấp ủy cấp trên"
    if parent.kind == Kind.DISTRICT:
        word = "Quận ủy" if committee.kind == Kind.WARD else "Huyện ủy"
    else:
        word = _EXECUTIVES.get(parent.kind, "cấp ủy")
    return f"{word} {parent.name}"


def _place(committee: Unit) -> str:
    """The place of the date line: the province or city the committee lies in, when the tree
    knows it, else the committee's own name ("Phường 1" where the name is only a number)."""
    ids = committee.ancestor_ids()[:-1]
    if ids:
        ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=ids, kind__in=(Kind.PROVINCE, Kind.CITY))}
        for pk in reversed(ids):
            if pk in ancestors:
                return ancestors[pk].name
    if committee.name.strip().isdigit():
        title = committee.title
        return title[0].upper() + title[1:]
    return committee.name


def _ascii_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", T.fold(text)).strip("-")


# --- which term, which statuses ---------------------------------------------------------------


def _parse_term(label: str) -> tuple[int, int | None]:
    m = re.fullmatch(r"\s*([0-9]{4})\s*(?:[-–/]\s*([0-9]{4}))?\s*", label or "")
    if not m:
        raise ReportError(f"Nhiệm kỳ không hợp lệ: {label[:40]!r} (ví dụ 2020-2025) / invalid term, e.g. 2020-2025")
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def resolve_term(committee: Unit, kind: str, *, year: int | None, term: str | Term | None, today: dt.date) -> Term:
    """The term a report is about: the one asked for, else the one the data can speak about."""
    terms = list(Term.objects.filter(committee=committee).prefetch_related("targets").order_by("-start_year"))
    if not terms:
        raise ReportError(f"{committee.party_title} chưa có nhiệm kỳ nào / the committee has no term")
    labels = ", ".join(t.label for t in terms)
    if isinstance(term, Term):
        return term
    if term:
        start, end = _parse_term(term)
        found = [t for t in terms if t.start_year == start and (end is None or t.end_year == end)]
        if not found:
            raise ReportError(f"Không có nhiệm kỳ {term} (có: {labels}) / no such term (there are: {labels})")
        return found[0]

    def term_targets(t: Term) -> int:
        return sum(1 for x in t.targets.all() if x.year is None)

    if kind == "annual":
        if year is None:
            raise ReportError("Báo cáo năm cần có năm (--year) / the annual report needs a year (--year)")
        inside = [t for t in terms if t.start_year <= year <= t.end_year]
        if not inside:
            raise ReportError(f"Năm {year} không thuộc nhiệm kỳ nào (có: {labels}) / {year} is in no term")
        # A boundary year (2020) belongs to two terms: the one holding that year's plan wins.
        inside.sort(key=lambda t: (any(x.year == year for x in t.targets.all()), term_targets(t) > 0, t.start_year))
        return inside[-1]
    # Mid-term and end-of-term: the latest term that has reached that point and has targets,
    # so that in 2026 the term report of a committee whose 2020-2025 data is not typed yet is
    # still the 2015-2020 one rather than an empty page.
    due = (lambda t: t.end_year <= today.year) if kind == "term" else (lambda t: t.start_year + 2 <= today.year)
    for candidates in ([t for t in terms if due(t) and term_targets(t)], [t for t in terms if term_targets(t)]):
        if candidates:
            return candidates[0]
    return terms[0]


def _midterm_statuses(term: Term, mid_year: int) -> list[TargetStatus]:
    """Targets judged on the years up to mid-term (term totals pro rata, 2,5 of 5 years).

    A committee that typed only its running total for the half term (xã Long Đức: "50/25 đảng
    viên") has no yearly figures to cut at mid-term: that total is what the review judges.
    """
    statuses = evaluate_term(term, up_to=mid_year, midterm=True)
    if all(s.evaluation is not None or s.error for s in statuses):
        return statuses
    whole = {s.target.pk: s for s in evaluate_term(term, midterm=True)}
    return [
        whole[s.target.pk] if s.evaluation is None and whole[s.target.pk].term_result is not None else s
        for s in statuses
    ]


def _registry_notes(
    rows: list[TargetRow], statuses: list[TargetStatus], term: Term, kind: str, as_of: int, today: dt.date
) -> None:
    """Each row's typed figures the Party records count otherwise (the committee page's list, the
    rule of plans.crosscheck), as notes for the office: a year's report those of its year, a midterm
    review those of its years, a term review all of them."""

    def counts(c) -> bool:
        if kind == "annual":
            return c.year == as_of
        if kind == "midterm":
            return c.year is not None and c.year <= as_of
        return True

    # No fallback: a report without the notes the committee page shows would say less than the page.
    conflicts = registry_conflicts(term, today=today)
    notes: dict[int, list[str]] = {}
    for c in conflicts:
        if counts(c):
            notes.setdefault(c.target.pk, []).append(
                f"Lưu ý: {REGISTRY_HEADING.lower()}: {c.detail}; đề nghị kiểm tra lại trước khi ban hành."
            )
    for r, s in zip(rows, statuses, strict=True):
        r.registry = notes.get(s.target.pk, [])


# --- Party organisation -----------------------------------------------------------------------

# Stocks are read at the report's year; flows add up over its years; rates are averaged over them.
_FLOW_KEYS = ("party_members_admitted", "inspections", "party_badges")
_SITUATION_KEYS = (
    "party_branches",
    "party_members",
    "members_residence_contact",
    "residential_groups",
    "households",
    "population",
)
_RATE_KEYS = (
    "branches_good_or_better_rate",
    "branches_excellent_rate",
    "branches_clean_strong_rate",
    "members_good_or_better_rate",
    "members_excellent_rate",
)
_PARTY_KEYS = (
    *_SITUATION_KEYS,
    *_FLOW_KEYS,
    *_RATE_KEYS,
    "branches_excellent",
    "committee_clean_strong_years",
    "committee_excellent_years",
)


def _computed_by_year(committee: Unit, years: list[int]) -> dict[int, dict[str, Decimal]]:
    """The Party-record indicators of the report's years, read in one batch."""
    # Looked up at call time so that tests (and a colleague's later implementation) plug in.
    from chitieu.party import indicators

    try:
        by_year = indicators.computed_by_year(committee, years) or {}
        return {y: dict(by_year.get(y) or {}) for y in years}
    except Exception:  # a report without Party figures beats no report at all; the log says why
        log.exception("computed_by_year(%s, %s) failed; the report leaves the Party figures out", committee.pk, years)
        return {y: {} for y in years}


def party_figures(
    committee: Unit, years: list[int], computed: Callable[[Unit, int], dict[str, Decimal]] | None = None
) -> dict[str, Decimal]:
    """Party-organisation and situation figures over the report's years.

    Computed figures (from the member and branch records; ``computed(committee, year)`` when given)
    win over stored ones, because records are what the office keeps up to date. Of the stored figures
    (typed, or read from a document) only stocks and rates are taken: a count read from a sentence
    does not say over which years it ran ("hằng năm phát triển được 11 đảng viên"), so flows come
    from the records alone.
    """
    if computed is None:
        by_year = _computed_by_year(committee, years)
    else:
        by_year = {y: computed(committee, y) for y in years}
    out: dict[str, Decimal] = {}
    stored = Figure.objects.filter(committee=committee, indicator__in=_SITUATION_KEYS + _RATE_KEYS, role="actual")
    # The latest figure up to the report's year; one without a year counts as the oldest.
    for f in sorted(stored, key=lambda f: (f.year or 0, f.pk)):
        if f.year is not None and f.year > years[-1]:
            continue
        value = Decimal(f.value)
        if f.indicator in _RATE_KEYS and f.of:  # "13/13 chi bộ" is a rate of 100%
            value = value * 100 / Decimal(f.of)
        out[f.indicator] = value
    flows: dict[str, Decimal] = {}
    rates: dict[str, list[Decimal]] = {}
    for y in years:
        for key, value in by_year[y].items():
            if value is None:
                continue
            value = Decimal(value)
            if key in _FLOW_KEYS:
                flows[key] = flows.get(key, Decimal(0)) + value
            elif key in _RATE_KEYS:
                rates.setdefault(key, []).append(value)
            else:
                out[key] = value  # a stock: the latest year's
    out.update(flows)
    out.update({k: sum(v, Decimal(0)) / len(v) for k, v in rates.items()})
    return out


def _branch_breakdown(committee: Unit) -> dict[str, int]:
    counts = {BranchKind.RESIDENTIAL.value: 0, BranchKind.AGENCY.value: 0, "": 0}
    for bk in Unit.objects.filter(parent=committee, kind=Kind.BRANCH, merged_into__isnull=True).values_list(
        "branch_kind", flat=True
    ):
        counts[bk if bk in counts else ""] += 1
    return counts


def situation_sentences(
    party_title: str, committee_kind: str, figures: dict[str, Decimal], breakdown: dict[str, int] | None = None
) -> list[str]:
    """ "Đảng bộ phường Kim Tân có 28 chi bộ trực thuộc (22 chi bộ khu dân cư, 6 chi bộ cơ quan,
    đơn vị), 1.131 đảng viên." and the residential groups, households and population."""
    out = []
    parts = []
    branches = figures.get("party_branches")
    if branches is not None:
        part = f"{T.count_text(branches)} chi bộ trực thuộc"
        bd = breakdown or {}
        res, agency = bd.get(BranchKind.RESIDENTIAL.value, 0), bd.get(BranchKind.AGENCY.value, 0)
        if res + agency == int(branches) and res and agency:
            part += f" ({res} chi bộ khu dân cư, {agency} chi bộ cơ quan, đơn vị)"
        parts.append(part)
    if figures.get("party_members") is not None:
        parts.append(f"{T.count_text(figures['party_members'])} đảng viên")
    if parts:
        line = f"{party_title} có {', '.join(parts)}"
        if figures.get("members_residence_contact"):
            line += (
                f"; {T.count_text(figures['members_residence_contact'])} đảng viên đang công tác "
                "giữ mối liên hệ với chi bộ nơi cư trú theo Quy định 213-QĐ/TW"
            )
        out.append(line + ".")
    area = []
    group_word = "thôn" if committee_kind == Kind.COMMUNE else "tổ dân phố"
    if figures.get("residential_groups") is not None:
        area.append(f"{T.count_text(figures['residential_groups'])} {group_word}")
    if figures.get("households") is not None:
        area.append(f"{T.count_text(figures['households'])} hộ")
    if figures.get("population") is not None:
        area.append(f"{T.count_text(figures['population'])} nhân khẩu")
    if area:
        place = {Kind.COMMUNE: "xã", Kind.TOWNSHIP: "thị trấn"}.get(committee_kind, "phường")
        out.append(f"Trên địa bàn {place} có {', '.join(area)}.")
    return out


def party_sentences(
    figures: dict[str, Decimal], *, kind: str, years: list[int], said: frozenset[str] = frozenset()
) -> list[str]:
    """Admissions, ratings, inspections and badges, as the Party-building part of a review says them.

    ``said``: indicators a target's sentence already reports, not to be said twice.
    """
    figures = {k: v for k, v in figures.items() if k not in said}
    out = []
    one_year = len(years) == 1
    when = {"annual": f"Năm {years[0]}", "midterm": "Nửa đầu nhiệm kỳ"}.get(kind, "Trong nhiệm kỳ")
    if figures.get("party_members_admitted") is not None:
        out.append(f"{when}, kết nạp {T.count_text(figures['party_members_admitted'])} đảng viên mới.")
    prefix = f"Năm {years[0]}" if one_year else "Bình quân hằng năm"
    for who, good, excellent in (
        ("chi bộ", "branches_good_or_better_rate", "branches_excellent_rate"),
        ("đảng viên", "members_good_or_better_rate", "members_excellent_rate"),
    ):
        if figures.get(good) is None:
            continue
        line = f"{prefix}, tỷ lệ {who} hoàn thành tốt nhiệm vụ trở lên đạt {T.rate_text(figures[good])}"
        if figures.get(excellent) is not None:
            line += f", trong đó hoàn thành xuất sắc nhiệm vụ {T.rate_text(figures[excellent])}"
        out.append(line + ".")
    if figures.get("committee_clean_strong_years") and not one_year:
        line = (
            f"Đảng bộ có {T.count_text(figures['committee_clean_strong_years'])} năm được đánh giá "
            "hoàn thành tốt nhiệm vụ trở lên (trong sạch, vững mạnh)"
        )
        if figures.get("committee_excellent_years"):
            line += f", trong đó {T.count_text(figures['committee_excellent_years'])} năm hoàn thành xuất sắc nhiệm vụ"
        out.append(line + ".")
    if figures.get("inspections"):
        out.append(
            f"{when}, Đảng ủy và Ủy ban Kiểm tra Đảng ủy tiến hành {T.count_text(figures['inspections'])} "
            "cuộc kiểm tra, giám sát."
        )
    if figures.get("party_badges"):
        out.append(f"{when}, đề nghị tặng Huy hiệu Đảng cho {T.count_text(figures['party_badges'])} đảng viên.")
    return out


# --- the builder ------------------------------------------------------------------------------

# The four domains of every review (seed 002 lists them in this order); the environment goes with
# culture and society, where ward reports put water supply and waste collection.
_DOMAINS = (
    ("Về phát triển kinh tế", ("Kinh tế",)),
    ("Về văn hóa – xã hội", ("Văn hóa – Xã hội", "Môi trường")),
    ("Về quốc phòng – an ninh", ("Quốc phòng – An ninh",)),
    ("Về xây dựng Đảng và hệ thống chính trị", ("Xây dựng Đảng và hệ thống chính trị",)),
)
_PARTY_GROUP = "Xây dựng Đảng và hệ thống chính trị"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")


def _group(status: TargetStatus) -> str:
    t = status.target
    if t.indicator:
        try:
            return get_indicator(t.indicator).group
        except KeyError:
            pass
    ind = find_indicator(t.text)
    return ind.group if ind else ""


def _indicator_name(key: str) -> str:
    try:
        return get_indicator(key).name if key else ""
    except KeyError:
        return ""


def _row(status: TargetStatus, *, ref: str, years: list[int] | None = None) -> TargetRow:
    """``years``: the term's years, to chart the target's trend over (none: no chart)."""
    t = status.target
    core = t.as_core()
    ev = status.evaluation
    judged = ev is not None and ev.result is not None
    label = status.label  # as the committee page says it: "chưa có số liệu" when nothing was entered
    row = TargetRow(
        number=t.number,
        name=t.text,
        target=T.target_text(core, scale_of=ev.result if judged else None),
        result=T.result_text(core, ev.result) if judged else "",
        pct=T.pct_text(ev.completion_pct) if ev else "—",
        verdict=label[0].upper() + label[1:],
        verdict_key=_status_key(status),
        group=_group(status),
        claim=status.claim,
        conflict=status.claim_conflict,
        mark=status.mark,
        basis=status.basis,
        yearly={y: T.result_text(core, v) for y, v in status.yearly.items()},
        label=T.target_label(t.text, _indicator_name(t.indicator)),
        pct_value=ev.completion_pct if ev else None,
        so_far=status.verdict_so_far,
        indicator=t.indicator,
        unit=t.unit,
        target_value=core.value,
        target_value_max=core.value_max,
        result_value=ev.result if ev else None,
        yearly_values=dict(status.yearly),
        trend=trend_spec(core, years, status.yearly) if years else None,
    )
    if ev is not None:
        row.sentence = T.target_sentence(t.text, core, ev, ref=ref, mark=status.mark)
    return row


def _status_key(status: TargetStatus) -> str:
    """ "met", "exceeded", "not_met"; "in_progress" for a term under way; "undetermined"; "" (no figures)."""
    if status.evaluation is None:
        return ""
    if status.verdict is not None:
        return status.verdict.value
    return "in_progress" if status.in_progress else "undetermined"


def _resolution(committee: Unit, term: Term) -> str:
    ordinal = f" lần thứ {term.congress_roman}" if term.congress_roman else ""
    return f"Nghị quyết Đại hội Đảng bộ {committee.title}{ordinal}, nhiệm kỳ {term.label}"


def _placeholder(what: str) -> Block:
    return Block("placeholder", f"[Cần bổ sung: {what}]")


def build_report(
    committee: Unit,
    kind: str,
    *,
    today: dt.date,
    year: int | None = None,
    term: str | Term | None = None,
    number: str = "",
    trends: bool = True,
) -> ReportContent:
    """Everything the report of ``committee`` says; ``today`` is the date it is signed. ``trends``:
    chart each target's years in an appendix (a review of years; a batch of many may leave them out)."""
    if kind not in KINDS:
        raise ReportError(f"Loại báo cáo không hợp lệ: {kind!r} (annual, midterm, term) / unknown report kind")
    if committee.kind not in COMMITTEE_KINDS:
        raise ReportError(f"{committee.title} không phải Đảng bộ phường, xã / not a ward or commune committee")
    the_term = resolve_term(committee, kind, year=year, term=term, today=today)
    title = committee.title
    resolution = _resolution(committee, the_term)

    if kind == "annual":
        if year is None:
            raise ReportError("Báo cáo năm cần có năm (--year) / the annual report needs a year (--year)")
        statuses = evaluate_year(the_term, year)
        plan = any(s.target.year is not None for s in statuses)
        ref = "kế hoạch" if plan else "Nghị quyết"
        rated = [year]
        as_of = year
        subject = f"Tổng kết công tác năm {year}, phương hướng, nhiệm vụ năm {year + 1}"
        intro = f"Đảng ủy {title} báo cáo kết quả lãnh đạo thực hiện nhiệm vụ năm {year} như sau:"
        period = f"Năm {year}"
        period_years = [year]
    elif kind == "midterm":
        as_of = year or the_term.start_year + 2
        statuses = _midterm_statuses(the_term, as_of)
        ref = "Nghị quyết"
        rated = list(range(the_term.start_year, as_of + 1))
        subject = f"Sơ kết giữa nhiệm kỳ thực hiện {resolution}"
        intro = (
            f"Thực hiện {resolution}, Đảng ủy {title} báo cáo sơ kết giữa nhiệm kỳ "
            f"({the_term.start_year} - {as_of}) như sau:"
        )
        period = "Qua hai năm rưỡi thực hiện Nghị quyết"
        period_years = list(range(the_term.start_year + 1, as_of + 1))
    else:
        as_of = the_term.end_year
        statuses = evaluate_term(the_term)
        ref = "Nghị quyết"
        # The years the term's Party work is counted over (members at its end, admissions, ratings):
        # the congress year belongs to the new term, so 2015-2020 counts 2015-2019, the rule of the
        # committee page and the API (party.indicators.term_years).
        rated = term_years(the_term.start_year, the_term.end_year, today)
        subject = f"Tổng kết thực hiện {resolution}"
        n = the_term.end_year - the_term.start_year
        intro = f"Thực hiện {resolution}, Ban Chấp hành Đảng bộ báo cáo kết quả {n} năm thực hiện như sau:"
        period = f"Sau {n} năm thực hiện Nghị quyết"
        period_years = list(range(the_term.start_year + 1, the_term.end_year + 1))

    # A review of years charts each target's years; a year's report has one year to show.
    rows = [_row(s, ref=ref, years=the_term.years if trends and kind != "annual" else None) for s in statuses]
    summary = summary_of(statuses)  # the committee page's count, with the targets resting on drafts
    figures = party_figures(committee, rated)
    _registry_notes(rows, statuses, the_term, kind, as_of, today)

    blocks: list[Block] = [Block("para", intro)]
    sections = iter(_ROMAN)

    # I. The situation: what the committee is (its branches, members, neighbourhoods).
    blocks.append(Block("h1", f"{next(sections)}. ĐẶC ĐIỂM TÌNH HÌNH"))
    situation = situation_sentences(committee.party_title, committee.kind, figures, _branch_breakdown(committee))
    blocks += [Block("para", s) for s in situation] or [
        _placeholder("số chi bộ trực thuộc, số đảng viên, số tổ dân phố, hộ dân và nhân khẩu")
    ]
    blocks.append(_placeholder("những thuận lợi, khó khăn trong quá trình thực hiện"))

    # II. The results: the summary line, then each domain in the words of the numbers.
    heading = f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM {year}" if kind == "annual" else "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT"
    blocks.append(Block("h1", f"{next(sections)}. {heading}"))
    blocks.append(Block("para", _summary_sentence(period, committee.party_title, summary, ref, kind, year)))
    by_group: dict[str, list[TargetRow]] = {}
    for r in rows:
        by_group.setdefault(r.group, []).append(r)
    known = {g for _, groups in _DOMAINS for g in groups}
    domains = list(_DOMAINS)
    others = [r for g, rs in by_group.items() if g not in known for r in rs]
    if others:
        domains.append(("Các chỉ tiêu khác", ()))
    for i, (name, groups) in enumerate(domains, start=1):
        domain_rows = [r for g in groups for r in by_group.get(g, [])] if groups else others
        domain_rows.sort(key=lambda r: r.number)
        if name == "Về văn hóa – xã hội" and by_group.get("Môi trường"):
            name = "Về văn hóa – xã hội, môi trường"
        blocks.append(Block("h2", f"{i}. {name}"))
        party_work = _PARTY_GROUP in groups
        points = iter("abcdef")
        if party_work and domain_rows:
            # Party building has two parts: the resolution's targets, then the organisation's
            # own work (admissions, ratings, inspections), written as points a), b).
            whose = "của Nghị quyết" if ref == "Nghị quyết" else "kế hoạch"
            blocks.append(Block("h3", f"{next(points)}) Thực hiện các chỉ tiêu {whose}"))
        for r in domain_rows:
            if r.sentence:
                blocks.append(Block("dash", r.sentence))
                if r.conflict and r.so_far is not None:
                    blocks.append(Block("note", f"[{T.claim_note(r.claim, r.so_far)}]"))
            else:
                blocks.append(_placeholder(f"kết quả thực hiện chỉ tiêu «{r.name}» (chưa có số liệu)"))
            blocks += [Block("note", f"[{note}]") for note in r.registry]
        if party_work:
            blocks.append(Block("h3", f"{next(points)}) Công tác tổ chức cơ sở đảng và đảng viên"))
            said = frozenset(r.indicator for r in rows if r.sentence)
            party = party_sentences(figures, kind=kind, years=rated, said=said)
            blocks += [Block("dash", s) for s in party]
            if not party:
                blocks.append(_placeholder("kết quả phát triển đảng viên, đánh giá, xếp loại, kiểm tra, giám sát"))
        elif not domain_rows:
            blocks.append(_placeholder(f"kết quả lãnh đạo lĩnh vực {name[3:].lower()}"))
    n = len(domains) + 1
    what = f"kế hoạch năm {year}" if ref == "kế hoạch" else "Nghị quyết"
    blocks.append(Block("h2", f"{n}. Kết quả thực hiện các chỉ tiêu chủ yếu"))
    chart = None
    if rows:
        trends = " (diễn biến qua các năm tại Phụ lục kèm theo)" if any(r.trend for r in rows) else ""
        blocks.append(Block("para", f"Kết quả thực hiện các chỉ tiêu chủ yếu so với {what} như sau{trends}:"))
        blocks.append(Block("table"))
        chart = _chart(rows, ref)
        if chart.bars:
            blocks.append(Block("chart", chart.title))
        else:
            chart = None
    else:
        blocks.append(_placeholder(f"các chỉ tiêu chủ yếu của {what} (chưa có chỉ tiêu nào được nhập)"))

    # III. Shortcomings: which targets fall short is a fact; why is for the committee to say.
    blocks.append(Block("h1", f"{next(sections)}. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN"))
    missed = [r for r in rows if r.verdict_key == Verdict.NOT_MET]
    if missed:
        names = "; ".join(f"{r.name} (thực hiện {r.result})" for r in missed)
        blocks.append(Block("para", f"Còn {len(missed)}/{len(rows)} chỉ tiêu chưa đạt: {names}."))
    at_risk = [r for r, s in zip(rows, statuses, strict=True) if s.in_progress and s.outlook.on_track is False]
    if at_risk:
        names = "; ".join(r.name for r in at_risk)
        blocks.append(
            Block(
                "para",
                f"Có {len(at_risk)}/{len(rows)} chỉ tiêu có nguy cơ không đạt nếu giữ xu hướng hiện nay: {names}.",
            )
        )
    unjudged = [r for r in rows if not r.verdict_key]
    if unjudged:
        blocks.append(Block("para", f"Còn {len(unjudged)}/{len(rows)} chỉ tiêu chưa có số liệu để đánh giá."))
    undetermined = [r for r in rows if r.verdict_key == "undetermined"]
    if undetermined:
        names = "; ".join(r.name for r in undetermined)
        blocks.append(
            Block(
                "para", f"Có {len(undetermined)}/{len(rows)} chỉ tiêu chưa đánh giá được từ số liệu đã nhập: {names}."
            )
        )
    blocks.append(_placeholder("những hạn chế, khuyết điểm và nguyên nhân (khách quan, chủ quan)"))
    if kind != "annual":
        blocks.append(Block("h1", f"{next(sections)}. BÀI HỌC KINH NGHIỆM"))
        blocks.append(_placeholder("những bài học kinh nghiệm rút ra"))
    if kind == "annual":
        directions = f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}"
    elif kind == "midterm":
        directions = "NHIỆM VỤ, GIẢI PHÁP NỬA NHIỆM KỲ CÒN LẠI"
    else:
        directions = f"PHƯƠNG HƯỚNG, NHIỆM VỤ NHIỆM KỲ {the_term.end_year}-{the_term.end_year + 5}"
    blocks.append(Block("h1", f"{next(sections)}. {directions}"))
    blocks.append(_placeholder("phương hướng, mục tiêu, nhiệm vụ và giải pháp chủ yếu"))
    blocks.append(Block("closing", f"Trên đây là báo cáo {subject[0].lower() + subject[1:]} của Đảng ủy {title}./."))

    superior, superior_placeholder = superior_line(committee)
    secretary = (the_term.secretary or "").strip()
    period_slug = str(year) if kind == "annual" else the_term.label
    table_years = sorted(set(period_years) | {y for r in rows for y in r.yearly})
    party_list = [
        PartyFigure(k, _indicator_name(k), _figure_text(k, v)) for k, v in figures.items() if _indicator_name(k)
    ]
    return ReportContent(
        kind=kind,
        committee_title=title,
        party_title=committee.party_title,
        superior=superior,
        superior_placeholder=superior_placeholder,
        issuer=T.upper(f"Đảng ủy {title}"),
        number=T.number_line(number),
        place_date=T.date_line(_place(committee), today),
        title="BÁO CÁO",
        subject=subject,
        term_label=the_term.label,
        year=as_of,
        ref=ref,
        blocks=blocks,
        rows=rows,
        years=table_years,
        summary=summary,
        party=party_list,
        chart=chart,
        signer_for="T/M ĐẢNG ỦY",
        signer_title="BÍ THƯ",
        signer_name=secretary or "[Họ và tên Bí thư]",
        signer_placeholder=not secretary,
        recipients=[
            f"Ban Thường vụ {_executive(committee)} (để báo cáo),",
            "Các đồng chí Đảng ủy viên,",
            "Các chi bộ trực thuộc,",
            "Lưu Văn phòng Đảng ủy.",
        ],
        filename=f"{_KIND_SLUGS[kind]}-{_ascii_slug(committee.title)}-{period_slug}",
    )


def _figure_text(key: str, value: Decimal) -> str:
    ind = get_indicator(key)
    if ind.unit.value == "%":
        return T.rate_text(value)
    if ind.unit.value == "count":
        return f"{T.count_text(value)} {ind.counted}".strip()
    return T.value_text(value, ind.unit)


def _summary_sentence(period: str, party_title: str, summary: Summary, ref: str, kind: str, year: int | None) -> str:
    """ "Sau 5 năm thực hiện Nghị quyết, Đảng bộ phường Khuê Trung đạt và vượt 9/10 chỉ tiêu chủ yếu
    (vượt 6, đạt 3 chỉ tiêu); 1 chỉ tiêu chưa đạt." — the line every review opens its results with."""
    if not summary.total:
        return f"{period}, chưa có chỉ tiêu nào được nhập để đánh giá."
    which = f"chỉ tiêu kế hoạch năm {year}" if ref == "kế hoạch" else "chỉ tiêu chủ yếu"
    line = f"{period}, {party_title} đạt và vượt {summary.met_or_exceeded}/{summary.total} {which}"
    detail = [f"{label} {n}" for label, n in (("vượt", summary.exceeded), ("đạt", summary.met)) if n]
    if detail:
        line += f" ({', '.join(detail)} chỉ tiêu)"
    tail = []
    if summary.not_met:
        tail.append(f"{summary.not_met} chỉ tiêu chưa đạt")
    if summary.in_progress:
        at_risk = summary.in_progress - summary.on_track
        progress = f"{summary.on_track} đúng tiến độ" + (f", {at_risk} có nguy cơ không đạt" if at_risk else "")
        tail.append(f"{summary.in_progress} chỉ tiêu đang thực hiện ({progress})")
    if summary.unjudged:
        tail.append(f"{summary.unjudged} chỉ tiêu chưa đánh giá được")  # the words of the pages' line
    if summary.unapproved:
        tail.append(summary.unapproved_note)  # counted, and said so, as on the pages
    if tail:
        line += "; " + "; ".join(tail)
    return line + "."


def _chart(rows: list[TargetRow], ref: str) -> Chart:
    bars = []
    for r in rows:
        if r.verdict_key in ("met", "exceeded", "not_met") and r.pct_value is not None:
            bars.append(ChartBar(f"{r.number}. {r.label}", float(r.pct_value), r.verdict_key))
    what = "kế hoạch" if ref == "kế hoạch" else "Nghị quyết"
    return Chart(f"Tỷ lệ thực hiện các chỉ tiêu chủ yếu so với {what} (%)", what.capitalize(), bars[:12])
