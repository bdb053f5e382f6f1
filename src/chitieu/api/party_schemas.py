"""Response shapes of the Party registry endpoints (chitieu.api.party).

Names carry a ``Party`` prefix: OpenAPI names its components by class name, so they must not clash
with chitieu.api.schemas.
"""

import datetime as dt

from ninja import Field, Schema

from .schemas import UnitBrief

RATE_DOC = 'Tỷ lệ phần trăm, chuỗi số thập phân ("12.5") / percent as an exact decimal string; null when nothing rated.'


class PartyBranchOut(Schema):
    id: int
    name: str
    title: str = Field(..., description='"chi bộ Tổ 1"')
    branch_kind: str = Field(..., description="residential | agency | '' (chưa ghi / not recorded)")
    branch_kind_label: str = Field(..., description='"khu dân cư", "cơ quan, đơn vị"')
    residential_group: str | None = Field(None, description="Tổ dân phố, thôn của chi bộ / its residential group.")
    founded_on: dt.date | None
    dissolved_on: dt.date | None
    active: bool = Field(..., description="Chi bộ còn hoạt động vào ngày `on` / the branch existed on `on`.")
    members: int = Field(..., description="Đảng viên trong danh sách vào ngày `on` / members on the roll on `on`.")
    probationary: int = Field(..., description="Trong đó dự bị vào ngày `on` / of whom probationary on `on`.")


class PartyBranchesOut(Schema):
    committee: UnitBrief
    on: dt.date
    count: int = Field(..., description="Số chi bộ hoạt động vào ngày `on` / branches existing on `on`.")
    members: int = Field(..., description="Tổng đảng viên của các chi bộ vào ngày `on` / members on the roll.")
    items: list[PartyBranchOut] = Field(..., description="Mọi chi bộ, cả chi bộ đã giải thể / every branch.")


class PartyBranchRef(Schema):
    id: int
    name: str


class PartyMemberOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date
    sex: str = Field(..., description="M | F")
    branch: PartyBranchRef
    card_number: str
    card_issued_on: dt.date | None
    admitted_on: dt.date = Field(..., description="Ngày vào Đảng (kết nạp) / admission date.")
    full_on: dt.date | None = Field(..., description="Ngày chính thức / full membership date.")
    status: str = Field(..., description="probationary | full | transferred_out | deceased | removed")
    left_on: dt.date | None
    joined_on: dt.date | None = Field(..., description="Ngày chuyển đến, phục hồi / came onto this roll.")
    transferred_in: bool
    previous_id: int | None = Field(..., description="Hồ sơ trước khi chuyển đến / the record before a transfer.")
    entry_kind: str = Field(..., description="admitted | readmitted | restored | transferred_in | '' (chưa ghi)")
    transfer_scope: str
    leave_reason: str = Field(..., description="died | expelled | struck_off | resigned | transferred | ''")
    leave_scope: str
    ethnicity: str
    religion: str
    occupation: str
    business_owner: bool | None
    academic_title: str
    education: str
    qualification: str
    theory: str
    youth_union: bool | None = Field(..., description="Đoàn viên khi vào Đảng; null: chưa ghi / not recorded.")
    exempt_since: dt.date | None = Field(..., description="Miễn công tác và sinh hoạt đảng từ / exempt since.")
    note: str
    labels: dict[str, str] = Field(
        ..., description="Nhãn tiếng Việt của các trường mã hóa có giá trị / Vietnamese labels of the coded fields."
    )


class PartyMemberPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PartyMemberOut]


class PartyAdmittedOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date
    sex: str
    branch: PartyBranchRef
    admitted_on: dt.date
    full_on: dt.date | None
    status: str
    entry_kind: str = Field(..., description="admitted | readmitted | '' (chưa ghi: kết nạp tại đây)")


class PartyAdmissionsOut(Schema):
    committee: UnitBrief
    year: int
    count: int = Field(..., description="Số đảng viên kết nạp trong năm / members admitted in the year.")
    by_month: list[int] = Field(..., description="12 số, tháng 1 đến 12 / twelve counts, January to December.")
    personal: bool = Field(..., description="Người gọi được xem tên / the caller may see names.")
    items: list[PartyAdmittedOut] | None = Field(
        ..., description="Danh sách, chỉ cho người của Đảng bộ; null với cấp trên / names, own users only."
    )


class PartyLevelCount(Schema):
    level: str = Field(..., description="excellent | good | completed | not_completed")
    label: str = Field(..., description="HTXSNV, HTTNV, HTNV, KHTNV")
    name: str = Field(..., description='"hoàn thành xuất sắc nhiệm vụ"…')
    count: int
    rate: str | None = Field(..., description=RATE_DOC)


class PartyLevelCounts(Schema):
    total: int
    good_or_better: int
    good_or_better_rate: str | None = Field(..., description=RATE_DOC)
    levels: list[PartyLevelCount]


class PartyCapOut(Schema):
    cap_pct: int = Field(..., description="CHITIEU_EXCELLENT_CAP_PCT: HTXSNV tối đa bao nhiêu % số HTTNV trở lên.")
    excellent: int
    good_or_better: int
    allowed: int = Field(..., description="Số HTXSNV tối đa / the most excellent ratings allowed.")
    share: str | None = Field(..., description="HTXSNV / HTTNV trở lên, % / excellent share of good-or-better.")
    over_cap: bool
    over_by: int
    message: str = Field(..., description="Vượt trần thì nêu số / the refusal in numbers; '' when within the cap.")


class PartyBranchRatingOut(Schema):
    branch: PartyBranchRef
    level: str | None = Field(..., description="Xếp loại của chi bộ; null: chưa xếp loại / not rated.")
    members: dict[str, int] = Field(..., description="Đảng viên của chi bộ theo mức / members rated, per level.")


class PartyMemberRatingOut(Schema):
    member_id: int
    full_name: str
    branch: PartyBranchRef
    level: str
    score: str | None = Field(..., description="Điểm trên 100 (từ 2025) / score out of 100, exact decimal string.")


class PartyRatingsOut(Schema):
    committee: UnitBrief
    year: int
    committee_level: str | None = Field(..., description="Xếp loại của Đảng bộ / the committee's own rating.")
    members: PartyLevelCounts
    branches: PartyLevelCounts
    branch_rows: list[PartyBranchRatingOut] = Field(..., description="Chi bộ hoạt động đến 31/12 / branches.")
    cap: PartyCapOut
    personal: bool
    member_ratings: list[PartyMemberRatingOut] | None = Field(
        ..., description="Xếp loại từng đảng viên, chỉ cho người của Đảng bộ; null với cấp trên / own users only."
    )


class PartyFormLine(Schema):
    key: str
    number: str = Field(..., description='"A", "B.1", "II.3"; "" cho dòng "trong đó"')
    label: str
    indent: int
    now: str | None = Field(..., description="Kỳ này; null: không có thông tin trong hồ sơ / not held in the records.")
    before: str | None = Field(..., description="Cùng kỳ năm trước / the same period a year before.")
    percent: str | None
    not_recorded: bool = Field(..., description='Dòng "chưa có thông tin" / members lacking the field.')
    incomplete: int = Field(
        0,
        description="Số hồ sơ thiếu thông tin của dòng: `now` là số tối thiểu / records lacking it: `now` is a floor.",
    )
    member_ids: list[int] | None = Field(
        None, description="Hồ sơ sau con số (include_ids=true, người của Đảng bộ) / the records behind `now`."
    )


class PartyFormOut(Schema):
    form: int
    code: str = Field(..., description='"Biểu số 3-BTCTW"')
    title: str
    unit: int
    unit_title: str
    period: str = Field(..., description='"2024" hoặc "2024-6t"')
    period_label: str
    start: dt.date
    end: dt.date
    compare: bool = Field(..., description="Có cột cùng kỳ / has the same-period columns.")
    lines: list[PartyFormLine]
    notes: list[str] = Field(..., description="Phần chưa đủ và lý do / what is incomplete.")
    problems: list[str] = Field(..., description="Kiểm tra không đạt: chưa được nộp / failed checks.")


class PartyFormsOut(Schema):
    unit: UnitBrief
    period: str
    period_label: str
    forms: list[PartyFormOut]
