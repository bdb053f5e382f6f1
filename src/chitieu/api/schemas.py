"""Request and response shapes of the API (they make the OpenAPI document).

Numbers: every ``value``-like field is a string holding the exact Decimal in machine notation
("270900000000", "11.74"); the matching ``display`` field writes it the Vietnamese way ("270,9 tỷ
đồng", "11,74%"). Inputs take either ``value`` (machine notation) or ``text`` (a Vietnamese phrase).
"""

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from chitieu.core.targets import Shape
from chitieu.limits import MAX_PASTE_CHARS

# Ids and offsets the database can hold: anything larger is a 422, not a database overflow.
MAX_ID = 2**63 - 1
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]

VALUE_DOC = 'Exact Decimal as a string in machine notation, e.g. "270900000000" or "11.74" (never a float).'
DISPLAY_DOC = 'The value written the Vietnamese way: "." groups thousands, "," marks decimals ("270,9 tỷ đồng").'
PCT_DOC = 'Completion in percent, rounded half up to 2 places, machine notation ("97.83"); null when undefined.'
VALUE_IN_DOC = 'Machine decimal string ("11.74", "124857000000"). Give this or `text`, not both.'
TEXT_IN_DOC = 'A Vietnamese phrase read by the core parser ("11,74%", "124.857 triệu đồng"). Give this or `value`.'


VERSION_DOC = (
    "The record's version now. Send it back as `If-Match: \"<version>\"` (or as `version` in a result's body) "
    "with a change: if someone changed the record meanwhile, the change is refused with 412 and the current version."
)


class ErrorOut(Schema):
    detail: Any = Field(..., description="Message, Vietnamese then English; a list of field errors for 422.")


# --- units --------------------------------------------------------------------------------------


class UnitBrief(Schema):
    id: int
    kind: str = Field(..., description="province | city | town | district | ward | commune | township | branch")
    name: str
    title: str = Field(..., description='"phường Kim Tân", "chi bộ Tổ 1"')
    parent_id: int | None
    is_active: bool = Field(..., description="False for a committee merged into another (read-only).")


class UnitOut(UnitBrief):
    kind_label: str
    path: str = Field(..., description='Ancestor ids: "/1/7/42/".')
    code: str
    branch_kind: str
    merged_into_id: int | None
    merged_on: dt.date | None
    is_committee: bool
    can_edit: bool = Field(..., description="The caller may change this unit's data.")
    can_review: bool = Field(..., description="The caller may approve and reopen this unit's results.")


class UnitPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[UnitOut]


class TermOut(Schema):
    id: int
    version: str = Field(..., description=VERSION_DOC)
    committee_id: int
    start_year: int
    end_year: int
    label: str = Field(..., description='"2020-2025"')
    congress_ordinal: int | None
    congress_roman: str = Field(..., description='"XV"')
    congress_date: dt.date | None
    secretary: str


class UnitDetail(UnitOut):
    party_title: str
    ancestors: list[UnitBrief] = Field(..., description="The ancestors the caller may see, top first.")
    children: list[UnitBrief]
    predecessors: list[UnitBrief] = Field(..., description="Committees merged into this one.")
    terms: list[TermOut]


class GrantOut(Schema):
    unit: UnitBrief
    role: Literal["editor", "viewer", "reviewer"]


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    is_superuser: bool
    via_token: bool
    grants: list[GrantOut]


# --- terms, targets, results ----------------------------------------------------------------------


class TermIn(Schema):
    start_year: int = Field(..., ge=1945, le=2200)
    end_year: int | None = Field(None, ge=1945, le=2200, description="Default: start_year + 5.")
    congress_ordinal: int | None = Field(None, ge=1, le=100)
    congress_date: dt.date | None = None
    secretary: str = Field("", max_length=120)


class ResultOut(Schema):
    id: int
    version: str = Field(..., description=VERSION_DOC)
    target_id: int
    year: int | None = Field(..., description="null: the result for the whole term.")
    period: str = Field(..., description='"2021" or "term" (the path segment of PUT …/results/{year}).')
    value: str = Field(..., description=VALUE_DOC)
    display: str = Field(..., description=DISPLAY_DOC)
    status: Literal["draft", "submitted", "approved"]
    status_label: str
    locked: bool = Field(..., description="Approved: locked until a reviewer reopens it.")
    actions: list[str] = Field(..., description="What the caller may do now: edit, delete, submit, approve, reopen.")
    entered_by: str | None
    entered_at: dt.datetime
    document_id: int | None
    span_start: int | None
    span_end: int | None
    source_text: str
    claim: str = Field(..., description='The verdict a source document claims: "đạt", "vượt", "chưa đạt" or "".')
    note: str


class TargetOut(Schema):
    id: int
    version: str = Field(..., description=VERSION_DOC)
    term_id: int
    year: int | None = Field(..., description="Set for a yearly plan target; null for a term target.")
    number: int
    text: str
    indicator: str
    indicator_name: str
    shape: str
    value: str = Field(..., description=VALUE_DOC)
    value_max: str | None = Field(..., description=VALUE_DOC)
    unit: str = Field(..., description="VND | % | ‰ | ha | count | times | other | yes_no | rating")
    counted: str
    period: str
    direction: Literal["higher", "lower", "band"]
    strict: bool
    confirmed: bool
    display: str = Field(..., description='The target as a review writes it: "12 - 15%/năm", "dưới 3%".')
    results: list[ResultOut]
    shape_label: str = Field(..., description="The shape in Vietnamese (docs/targets.md).")
    of: str | None = Field(..., description='The Y of an X/Y target ("5/6 thôn"). ' + VALUE_DOC)
    count: str | None = Field(..., description='The count of a share target ("50% (8 xã)"). ' + VALUE_DOC)
    relative: bool = Field(..., description="A change in percent of the level, not in points of a rate.")
    since: int | None = Field(..., description='The year a change over the term counts from ("so với năm 2015").')
    deadline: int | None = Field(..., description='The year a target must be reached by ("vào năm 2020").')


ShapeIn = Literal[tuple(s.value for s in Shape)]  # type: ignore[valid-type]


class TargetIn(Schema):
    text: str = Field(..., min_length=1, max_length=2000, description="The phrase as the resolution writes it.")
    number: int | None = Field(None, ge=0, le=999, description="Its number (STT); default: the next free one.")
    indicator: str | None = Field(None, description="Catalog key; default: found from the text.")
    year: int | None = Field(None, ge=1945, le=2200, description="For a yearly plan target; null for a term target.")
    # Corrections of what the parser read, after the user has checked it.
    shape: ShapeIn | None = None
    direction: Literal["higher", "lower", "band"] | None = None
    period: Literal["year", "term", ""] | None = None
    strict: bool | None = None
    value: str | None = Field(None, description=VALUE_IN_DOC + " Overrides the value read from `text`.")
    value_max: str | None = Field(None, description="High end of a range, machine notation.")


class ParsedTarget(Schema):
    shape: str
    value: str = Field(..., description=VALUE_DOC)
    value_max: str | None
    unit: str
    counted: str
    period: str
    indicator: str
    indicator_name: str
    direction: str
    strict: bool
    display: str
    shape_label: str
    of: str | None
    count: str | None
    relative: bool
    since: int | None
    deadline: int | None


class ProposeIn(Schema):
    text: str = Field(
        ..., max_length=MAX_PASTE_CHARS, description='Pasted "các chỉ tiêu chủ yếu": one numbered line each.'
    )


class ProposalOut(Schema):
    number: int
    text: str
    target: ParsedTarget | None
    error: str


class ResultIn(Schema):
    """Fields left out keep what is stored (the note, the source…): only what is sent changes."""

    version: str | None = Field(None, description="The version read (as If-Match): a different one now is a 412.")
    value: str | None = Field(
        None,
        description=VALUE_IN_DOC
        + ' Signed ("-2.6"). What it holds depends on the shape (docs/targets.md): the level; for a change '
        "target's term result the change in the target's direction; for over_plan the % of the plan; "
        "1/0 for yes_no; 4 (HTXSNV) to 1 (KHTNV) for rating_level.",
    )
    text: str | None = Field(
        None,
        max_length=300,
        description=TEXT_IN_DOC + ' Also "-2,6%", "giảm 1,2%", "bằng 110% kế hoạch", "đạt", "không đạt", "HTXSNV".',
    )
    claim: Literal["", "đạt", "vượt", "chưa đạt"] = ""
    note: str = Field("", max_length=300)
    source_text: str = Field("", max_length=5000)
    document_id: DbId | None = Field(None, description="A source document of the same committee.")
    span_start: int | None = Field(None, ge=0, le=2**31)
    span_end: int | None = Field(None, ge=0, le=2**31)


class YearValue(Schema):
    year: int
    value: str = Field(..., description=VALUE_DOC)
    display: str


class TargetBrief(Schema):
    id: int
    number: int
    text: str
    year: int | None
    indicator: str
    shape: str
    unit: str
    value: str = Field(..., description=VALUE_DOC)
    value_max: str | None
    display: str


class OutlookOut(Schema):
    on_track: bool | None = Field(..., description="null: the figures so far cannot tell.")
    projected: str | None = Field(..., description="The value the trend reaches at the term's end. " + VALUE_DOC)
    projected_display: str | None
    basis: str = Field(..., description="How it was projected, in Vietnamese.")
    label: str = Field(..., description='"đang thực hiện, đúng tiến độ" or "đang thực hiện, có nguy cơ không đạt".')


StatusName = Literal["met", "exceeded", "not_met", "in_progress", "undetermined", "no_data"]
ResultStatusName = Literal["draft", "submitted", "approved"]
RESULT_STATUS_DOC = (
    "The weakest workflow status of the typed results the verdict rests on (draft < submitted < approved); "
    "null when it rests on none (no figures, or the Party records' computed figures)."
)
UNAPPROVED_DOC = "The verdict rests on a result nobody approved yet (draft or submitted): it is counted, and marked."
MARK_DOC = 'Shown next to the result wherever it appears: "(nháp)", "(chưa duyệt)", or "".'


class TargetStatusOut(Schema):
    target: TargetBrief
    status: StatusName = Field(
        ..., description="A verdict; a term still under way (see outlook); no verdict possible (see error); no figures."
    )
    verdict: Literal["met", "exceeded", "not_met"] | None
    verdict_label: str = Field(
        ...,
        description='"đạt", "vượt", "chưa đạt", "đang thực hiện, đúng tiến độ", "không xác định được", '
        '"chưa có số liệu".',
    )
    outlook: OutlookOut | None = Field(..., description="For a term under way: the trend to the term's end.")
    note: str = Field(..., description='A remark on the verdict ("đạt năm 2021, sau thời hạn năm 2020").')
    completion_pct: str | None = Field(..., description=PCT_DOC)
    completion_pct_display: str | None = Field(..., description='"97,83%"')
    result: str | None = Field(..., description="The figure judged (yearly average, growth, total …). " + VALUE_DOC)
    result_display: str | None
    basis: str = Field(..., description='What was judged: "cả nhiệm kỳ", "2021-2023", "năm 2023".')
    claim: str
    claim_conflict: bool = Field(..., description="The document's claim contradicts the verdict of its numbers.")
    error: str = Field(..., description="Why no verdict could be given.")
    yearly: list[YearValue]
    term_result: str | None = Field(..., description=VALUE_DOC)
    target_display: str = Field(
        ..., description="The target as the pages and reports write it, in the money scale of its result."
    )
    result_status: ResultStatusName | None = Field(..., description=RESULT_STATUS_DOC)
    unapproved: bool = Field(..., description=UNAPPROVED_DOC)
    mark: str = Field(..., description=MARK_DOC)


class SummaryOut(Schema):
    met: int
    exceeded: int
    not_met: int
    in_progress: int = Field(..., description="Targets of a term under way, no verdict yet.")
    on_track: int = Field(..., description="Of those under way, the ones on track.")
    unjudged: int = Field(..., description="Targets with no verdict: no figures, or figures that do not compare.")
    total: int
    met_or_exceeded: int
    line: str = Field(..., description='"đạt và vượt 9/10 chỉ tiêu"; "chưa có chỉ tiêu" for a term with none')
    unapproved: int = Field(0, description="Targets judged on results nobody approved yet (draft or submitted).")
    unapproved_note: str = Field(
        "", description='"2 chỉ tiêu tính từ số liệu chưa duyệt", said with the line; "" when all are approved.'
    )


class TermPartyOut(Schema):
    years: list[int] = Field(
        ...,
        description="The years counted: the term's from its first to the year before its last (the congress year "
        "belongs to the new term), not past this year; the year asked; or the years up to `up_to`.",
    )
    as_of: dt.date = Field(..., description="The day the members are counted on: 31/12 of the last year.")
    members: int | None = Field(..., description="Members on the roll that day; null without a roster.")
    admitted: int | None = Field(..., description="Members admitted over the years; null without a roster.")


class RegistryConflictOut(Schema):
    target: TargetBrief
    indicator: str = Field(..., description='The computed indicator compared ("party_members_admitted").')
    year: int | None = Field(..., description="The typed result's year; null for the term's result.")
    years: list[int] = Field(
        ...,
        description="The years the Party records were counted over: the year, or for the term's result the "
        "years the term's Party work is counted over (as `party.years` of the term's evaluation).",
    )
    typed: str = Field(..., description="The result typed. " + VALUE_DOC)
    recorded: str = Field(
        ...,
        description="What the records give, in the typed figure's terms (a yearly average for a per-year "
        "target, rounded to 4 places). " + VALUE_DOC,
    )
    per_year: bool = Field(..., description="The figures are yearly averages (a per-year target's term result).")
    text: str = Field(
        ...,
        description='The sentence the committee page shows: "«Kết nạp 10 đảng viên/năm»: kết nạp năm 2023 nhập 28, '
        'hồ sơ đảng viên có 44 đảng viên được kết nạp."',
    )


class EvaluationOut(Schema):
    term: TermOut
    committee: UnitBrief
    year: int | None
    up_to: int | None
    midterm: bool
    summary: SummaryOut
    targets: list[TargetStatusOut]
    drafts: int = Field(..., description="Results of the term still in draft.")
    awaiting_approval: int = Field(..., description="Submitted results waiting for the level above.")
    approved: int
    party: TermPartyOut | None = Field(
        ...,
        description="Members at the end and admissions over the years judged, from the Party records: the "
        "committee page's and the reports' figures (null for a term not begun).",
    )
    registry_conflicts: list[RegistryConflictOut] = Field(
        ...,
        description="The term's typed results that differ from what the Party records give for the same "
        "indicator and year(s) (admissions, members, branches, badges, inspections, residence contacts, "
        "ratings), with both numbers: the committee page's list, the same whatever `year`, `up_to` or "
        "`midterm` asks. Nothing is listed where the records cannot tell: a year before the roster or before "
        "a register's first entry, a year a branch without a founding date was on the list (before this "
        "year), a year to come. A term's result is compared over the term's finished years only while it "
        "is under way (`years` says which).",
    )


# --- figures and documents ------------------------------------------------------------------------


class FigureOut(Schema):
    id: int
    version: str = Field(..., description=VERSION_DOC)
    committee_id: int
    term_id: int | None
    year: int | None
    indicator: str
    label: str
    value: str = Field(..., description=VALUE_DOC)
    value_max: str | None
    of: str | None = Field(..., description='The Y of "X/Y". ' + VALUE_DOC)
    unit: str
    counted: str
    role: str = Field(..., description="actual | baseline | achievement")
    display: str = Field(..., description=DISPLAY_DOC)
    entered_by: str | None
    document_id: int | None
    span_start: int | None
    span_end: int | None
    source_text: str


class FigureIn(Schema):
    label: str = Field(..., min_length=1, max_length=300)
    value: str | None = Field(None, description=VALUE_IN_DOC + " Needs `unit`.")
    text: str | None = Field(None, max_length=300, description=TEXT_IN_DOC + " Gives the unit too.")
    unit: Literal["VND", "%", "‰", "ha", "count", "times", "other"] | None = None
    value_max: str | None = None
    of: str | None = None
    counted: str = Field("", max_length=120)
    indicator: str = Field("", max_length=60)
    year: int | None = Field(None, ge=1945, le=2200)
    term_id: DbId | None = None
    role: Literal["actual", "baseline", "achievement"] = "actual"
    source_text: str = Field("", max_length=5000)
    document_id: DbId | None = None
    span_start: int | None = Field(None, ge=0, le=2**31)
    span_end: int | None = Field(None, ge=0, le=2**31)


class DocumentOut(Schema):
    id: int
    committee_id: int
    name: str
    uploaded_by: str | None
    uploaded_at: dt.datetime
    length: int


class DocumentDetail(DocumentOut):
    text: str


class FactOut(Schema):
    text: str = Field(..., description='The exact span: "270,9 tỷ đồng".')
    start: int
    end: int
    value: str = Field(..., description=VALUE_DOC)
    value_max: str | None
    of: str | None
    unit: str
    counted: str | None
    per: str | None
    hedge: str | None
    display: str
    indicator: str | None
    role: str
    year: str | None
    subject: str | None
    claim: str | None


class ConflictOut(Schema):
    start: int
    end: int
    text: str
    target: str | None
    indicator: str | None
    claimed: str
    verdict: str
    completion_pct: str | None = Field(..., description=PCT_DOC)
    description: str


class ExtractOut(Schema):
    name: str
    length: int
    facts: list[FactOut]
    conflicts: list[ConflictOut]


class ProposalFigureOut(Schema):
    index: int = Field(..., description="Pass it to POST /documents/{id}/accept.")
    fact: FactOut
    sentence: str
    target_id: int | None = Field(..., description="The committee's target whose indicator the figure matches.")
    target_text: str | None
    accepted: bool = Field(..., description="Already stored as a result or a figure.")


class AcceptOut(Schema):
    action: str = Field(
        ..., description='"result.create", "result.update", "figure.create"; "result.unchanged": already stored.'
    )
    object_type: str
    object_id: str


class MergedFigureOut(Schema):
    indicator: str
    indicator_name: str
    year: int | None
    total: str = Field(..., description=VALUE_DOC)
    display: str
    units: int = Field(..., description="How many predecessors reported it.")
    complete: bool = Field(..., description="Every predecessor reported it.")


# --- audit, oversight, tokens, catalog ------------------------------------------------------------


class AuditOut(Schema):
    id: int
    at: dt.datetime
    user: str | None
    unit: UnitBrief | None
    action: str = Field(..., description='"result.create", "result.approve", "target.update", …')
    object_type: str
    object_id: str
    old: Any = Field(
        ...,
        description="The object before the change (null for a creation). Null, with `new` and `note`, on "
        "entries about people (members, candidates) for callers who may not see personal data.",
    )
    new: Any
    note: str


class AuditPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AuditOut]


class BehindOut(Schema):
    target_id: int
    number: int
    text: str
    status: StatusName
    verdict: str | None
    verdict_label: str
    completion_pct: str | None = Field(..., description=PCT_DOC)
    completion_pct_display: str | None
    result_display: str | None
    target_display: str
    basis: str
    error: str
    result_status: ResultStatusName | None = Field(None, description=RESULT_STATUS_DOC)
    unapproved: bool = Field(False, description=UNAPPROVED_DOC)
    mark: str = Field("", description=MARK_DOC)


class CommitteeOversight(Schema):
    committee: UnitBrief
    term: TermOut | None = Field(..., description="The term judged; null when the committee has none.")
    summary: SummaryOut
    behind: list[BehindOut] = Field(..., description="Targets not met.")
    at_risk: list[BehindOut] = Field(..., description="Targets of a term under way whose trend falls short.")
    unjudged: list[BehindOut] = Field(..., description="Targets with no verdict: no figures, or not comparable.")
    drafts: int
    awaiting_approval: int = Field(..., description="Submitted results waiting for the level above.")


class RankOut(Schema):
    place: int
    committee: UnitBrief
    value: str = Field(..., description=VALUE_DOC)
    display: str
    year: int | None = Field(..., description="The year of the figure ranked (its latest).")


class OversightOut(Schema):
    unit: UnitBrief
    indicator: str | None = Field(..., description="The indicator of the ranking.")
    indicators_used: list[str]
    ranking: list[RankOut]
    year: int | None
    up_to: int | None
    midterm: bool
    totals: SummaryOut
    committees: list[CommitteeOversight]


class UnitImportOut(Schema):
    created: int = Field(..., description="Units created.")


class ResultsImportOut(Schema):
    imported: int = Field(..., description="Results created or changed.")


class ImportErrorOut(Schema):
    detail: str
    errors: list[str] = Field(..., description='"dòng 3, cột 2021: …" — nothing is imported when any row is bad.')


class TokenIn(Schema):
    name: str = Field("", max_length=100)


class TokenOut(Schema):
    id: int
    name: str
    created: dt.datetime
    last_used: dt.datetime | None
    expires: dt.datetime | None = Field(None, description="After this the token no longer works.")


class TokenCreated(TokenOut):
    token: str = Field(..., description="The token itself: shown once, only its SHA-256 is stored.")


class IndicatorOut(Schema):
    key: str
    name: str
    unit: str
    counted: str
    direction: str
    group: str
    growth_of: str
    computed: bool
