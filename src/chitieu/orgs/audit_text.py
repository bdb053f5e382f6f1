"""The audit log in words: what an entry did, to what, and which values changed.

The audit trail stores codes ("result.create"), object ids and JSON snapshots written by many
callers, each in its own shape (chitieu.orgs.audit). The people reading the log read Vietnamese:
this module turns an entry into "Nhập kết quả năm 2023 của chỉ tiêu số 3 «…»" and a list of
"Giá trị: 9,5 → 10". Everything it knows about actions and fields is in the tables below, so a new
action or field is one line of data; what no table knows is still said in words, never as a code,
a dict or a Python repr.

The objects an entry names are read for a whole page at once, one query per object type at most.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Model, QuerySet
from django.utils import timezone

from chitieu.core.catalog import indicators
from chitieu.core.quantity import format_number
from chitieu.core.verdicts import VERDICT_LABELS
from chitieu.party import models as party
from chitieu.plans import models as plans
from chitieu.plans.uploads import ROLE_LABELS

from .access import is_personal
from .models import ApiToken, AuditEntry, BranchKind, Grant, Kind, Role, Unit

NONE_TEXT = "—"
DELETED = "(đã xóa)"

# --- actions ---------------------------------------------------------------------------------

# Each phrase is followed by the object in words ("nhập kết quả" + "năm 2023 của chỉ tiêu số 3"), so
# a phrase ends where its object can follow.
ACTION_PHRASES: dict[str, str] = {
    "result.create": "nhập kết quả",
    "result.update": "sửa kết quả",
    "result.delete": "xóa kết quả",
    "result.submit": "gửi duyệt kết quả",
    "result.approve": "duyệt kết quả",
    "result.reopen": "mở lại kết quả",
    "target.create": "thêm chỉ tiêu",
    "target.update": "sửa chỉ tiêu",
    "target.delete": "xóa chỉ tiêu",
    "term.create": "mở nhiệm kỳ",
    "term.update": "sửa thông tin nhiệm kỳ",
    "document.upload": "tải lên tài liệu",
    "document.delete": "xóa tài liệu",
    "figure.create": "ghi số liệu",
    "figure.update": "sửa số liệu",
    "figure.delete": "xóa số liệu",
    "branch.create": "lập chi bộ",
    "branch.dissolve": "giải thể chi bộ",
    "member.create": "thêm hồ sơ",
    "member.update": "sửa hồ sơ",
    "member.full": "công nhận chính thức",
    "member.deceased": "ghi nhận việc từ trần của",
    "member.removed": "ghi nhận việc xóa tên, khai trừ",
    "member.transferred_out": "ghi nhận chuyển sinh hoạt đảng đi của",
    "member.transfer": "chuyển chi bộ sinh hoạt cho",
    "member.transfer_temporary": "chuyển sinh hoạt tạm thời cho",
    "member.transfer_in": "tiếp nhận sinh hoạt đảng của",
    "member.transfer_out": "chuyển sinh hoạt đảng đi cho",
    "member.merge": "chuyển đảng viên sang đơn vị hợp nhất",
    "member.import": "nhập danh sách đảng viên từ tệp",
    "member.export": "tải về danh sách đảng viên",
    "member.api_read": "đọc danh sách đảng viên qua API",
    "candidate.create": "thêm hồ sơ",
    "candidate.update": "sửa hồ sơ",
    "candidate.admit": "kết nạp",
    "candidate.drop": "dừng xem xét kết nạp",
    "residence_contact.create": "ghi nhận sinh hoạt nơi cư trú của",
    "residence_contact.end": "kết thúc sinh hoạt nơi cư trú của",
    "badge.award": "trao",
    "rating.proposals": "ghi tự đánh giá và đề xuất xếp loại đảng viên của",
    "rating.members": "xếp loại chất lượng đảng viên của",
    "rating.decide": "quyết định xếp loại chất lượng đảng viên của",
    "rating.unit": "xếp loại chất lượng",
    "inspection.create": "ghi nhận",
    "award.create": "ghi nhận",
    "unit.import": "nhập cây đơn vị từ tệp",
    "unit.merge": "hợp nhất các đơn vị thành",
    "token.create": "tạo",
    "token.revoke": "thu hồi",
    "login": "đăng nhập",
    "login.failed": "đăng nhập không thành công",
    "login.refused": "bị từ chối đăng nhập",
    "login.locked": "đăng nhập bị tạm khóa",
    "admin.add": "thêm (trang quản trị)",
    "admin.change": "sửa (trang quản trị)",
    "admin.delete": "xóa (trang quản trị)",
    "admin.password": "đổi mật khẩu của",
    "demo.load": "nạp dữ liệu trình diễn",
}

# An action no table row names yet is still said in words, by its verb when it has a usual one.
VERB_PHRASES: dict[str, str] = {
    "create": "thêm",
    "add": "thêm",
    "update": "sửa",
    "change": "sửa",
    "delete": "xóa",
    "import": "nhập từ tệp",
    "export": "tải về",
}
UNKNOWN_PHRASE = "thay đổi"

# The kinds of change the page filters by: a group is the actions whose first word is listed.
# "other" holds every action no group names (the demo, actions added later).
ACTION_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "results": ("Kết quả, chỉ tiêu, nhiệm kỳ", ("result", "target", "term")),
    "documents": ("Tài liệu và số liệu", ("document", "figure")),
    "members": ("Đảng viên, quần chúng ưu tú", ("member", "candidate", "residence_contact", "badge")),
    "ratings": ("Đánh giá, xếp loại chất lượng", ("rating",)),
    "registers": ("Kiểm tra, giám sát, khen thưởng", ("inspection", "award")),
    "units": ("Đơn vị, chi bộ", ("unit", "branch")),
    "accounts": ("Tài khoản, đăng nhập, quản trị", ("login", "token", "admin")),
    "other": ("Khác", ()),
}


def action_phrase(action: str) -> str:
    """ "result.create" -> "nhập kết quả"; an action no table knows -> a phrase, never the code."""
    if action in ACTION_PHRASES:
        return ACTION_PHRASES[action]
    verb = action.rsplit(".", 1)[-1] if "." in action else ""
    return VERB_PHRASES.get(verb, UNKNOWN_PHRASE)


def action_group(action: str) -> str:
    """The key of the ACTION_GROUPS row an action belongs to."""
    first = action.split(".", 1)[0]
    for key, (_, prefixes) in ACTION_GROUPS.items():
        if first in prefixes:
            return key
    return "other"


# --- values ----------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?(E[-+]?\d+)?$")
# Snapshots written with str() store None, True and False as words of Python: read them back.
_PYTHON_WORDS = {"None": None, "True": True, "False": False}
LONG_TEXT = 160


def _plain(value: Any) -> Any:
    if isinstance(value, str) and value in _PYTHON_WORDS:
        return _PYTHON_WORDS[value]
    return value


def _empty(value: Any) -> bool:
    return value is None or value == ""


def shorten(text: str, limit: int = LONG_TEXT) -> str:
    """Long texts (a target's wording, a source sentence) cut at a word, with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",;:") + "…"


def show_text(value: Any) -> str:
    value = _plain(value)
    if _empty(value):
        return NONE_TEXT
    if isinstance(value, bool):
        return show_yes_no(value)
    if isinstance(value, list | tuple | dict):
        return show_auto(value)
    return shorten(str(value))


def show_number(value: Any) -> str:
    """ "9.5" -> "9,5", 1234 -> "1.234", "12.50000000" -> "12,5"."""
    value = _plain(value)
    if _empty(value):
        return NONE_TEXT
    if isinstance(value, bool):
        return show_yes_no(value)
    try:
        return format_number(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return show_text(value)


def show_plain(value: Any) -> str:
    """A year, an ordinal, a number in a list: 2023 stays "2023", never "2.023"."""
    value = _plain(value)
    if _empty(value):
        return NONE_TEXT
    try:
        return str(int(Decimal(str(value))))
    except (InvalidOperation, ValueError):
        return show_text(value)


def show_date(value: Any) -> str:
    """ "2024-05-02" -> "02/05/2024"; a date and time -> "02/05/2024 14:30" (local time)."""
    value = _plain(value)
    if _empty(value):
        return NONE_TEXT
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    try:
        if _ISO_DATE.match(text):
            return show_date(dt.date.fromisoformat(text))
        if _ISO_DATETIME.match(text):
            return show_date(dt.datetime.fromisoformat(text))
    except ValueError:
        pass
    return show_text(text)


def show_yes_no(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return NONE_TEXT
    if isinstance(value, bool):
        return "có" if value else "không"
    return show_text(value)


def show_roman(value: Any) -> str:
    """A congress ordinal: 7 -> "VII", as congresses are written."""
    value = _plain(value)
    try:
        return plans.roman(int(value))
    except (TypeError, ValueError):
        return show_text(value)


def choice(labels: Mapping[str, str]) -> Callable[[Any], str]:
    """A stored code shown by its label; a code the table lacks is shown as it is (it is text)."""

    def show(value: Any) -> str:
        value = _plain(value)
        if _empty(value):
            return NONE_TEXT
        return labels.get(str(value), show_text(value))

    return show


def count_of(noun: str) -> Callable[[Any], str]:
    """A list or a mapping shown by its size: {"12": [...], "15": [...]} -> "2 đảng viên"."""

    def show(value: Any) -> str:
        value = _plain(value)
        if _empty(value):
            return NONE_TEXT
        if isinstance(value, list | tuple | dict):
            return f"{format_number(len(value))} {noun}"
        return f"{show_number(value)} {noun}"

    return show


def show_auto(value: Any) -> str:
    """A value of a field no table knows: said by what it looks like, never as a repr."""
    value = _plain(value)
    if _empty(value):
        return NONE_TEXT
    if isinstance(value, bool):
        return show_yes_no(value)
    if isinstance(value, int | float | Decimal):
        return show_number(value)
    if isinstance(value, dict):
        return f"{format_number(len(value))} mục"
    if isinstance(value, list | tuple):
        if all(isinstance(v, str | int | float | Decimal | bool) or v is None for v in value):
            return ", ".join(show_auto(v) for v in value) or NONE_TEXT
        return f"{format_number(len(value))} mục"
    text = str(value)
    if _ISO_DATE.match(text) or _ISO_DATETIME.match(text):
        return show_date(text)
    if _DECIMAL.match(text):
        return show_number(text)
    return shorten(text)


def _labels(choices: Iterable[tuple[Any, str]]) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices}


INDICATOR_NAMES = {key: ind.name for key, ind in indicators().items()}
LEVEL_LABELS = {str(level): f"{level.label} ({name})" for level, name in party.LEVEL_NAMES.items()}
FIGURE_ROLES = dict(ROLE_LABELS)
CLAIMS = {str(k): v for k, v in VERDICT_LABELS.items()}


@dataclass(frozen=True)
class Field:
    """How a field of a snapshot reads: its label, and how its value is shown, or the object type
    its value names by id (resolved to words with the page's objects)."""

    label: str
    show: Callable[[Any], str] = show_auto
    ref: str = ""


DATE = show_date
NUMBER = show_number
PLAIN = show_plain
TEXT = show_text
YES_NO = show_yes_no

FIELDS: dict[str, Field] = {
    # results, targets, terms (chitieu.plans)
    "year": Field("Năm", PLAIN),
    "value": Field("Giá trị", NUMBER),
    "value_max": Field("Giá trị cận trên", NUMBER),
    "status": Field("Trạng thái", choice(_labels(plans.Status.choices))),
    "number": Field("Số thứ tự", PLAIN),
    "text": Field("Nội dung", TEXT),
    "indicator": Field("Chỉ tiêu trong danh mục", choice(INDICATOR_NAMES)),
    "shape": Field("Dạng chỉ tiêu", choice(_labels(plans.SHAPE_CHOICES))),
    "unit": Field("Đơn vị tính", choice(_labels(plans.UNIT_CHOICES))),
    "counted": Field("Đối tượng đếm", TEXT),
    "period": Field("Kỳ tính", choice(_labels(plans.PERIOD_CHOICES))),
    "direction": Field("Hướng", choice(_labels(plans.DIRECTION_CHOICES))),
    "strict": Field("Không tính mức bằng", YES_NO),
    "confirmed": Field("Đã xác nhận", YES_NO),
    "of": Field("Trên tổng số", NUMBER),
    "count": Field("Số lượng", NUMBER),
    "relative": Field("Thay đổi tính theo % của mức", YES_NO),
    "since": Field("So với năm", PLAIN),
    "deadline": Field("Đến năm", PLAIN),
    "per": Field("Tính trên", TEXT),
    "measure": Field("Đơn vị đo", TEXT),
    "results": Field("Kết quả đi kèm", count_of("kết quả")),
    "start_year": Field("Năm bắt đầu", PLAIN),
    "end_year": Field("Năm kết thúc", PLAIN),
    "congress_ordinal": Field("Đại hội lần thứ", show_roman),
    "congress_roman": Field("Đại hội lần thứ", TEXT),
    "congress_date": Field("Ngày Đại hội", DATE),
    "secretary": Field("Bí thư", TEXT),
    "committee_id": Field("Đảng bộ", ref="unit"),
    "name": Field("Tên", TEXT),
    "chars": Field("Số ký tự", NUMBER),
    "label": Field("Tên số liệu", TEXT),
    "role": Field("Loại số liệu", choice(FIGURE_ROLES)),
    "document": Field("Tài liệu", TEXT),
    "document_id": Field("Tài liệu", PLAIN),
    "entered_by_id": Field("Người nhập", ref="user"),
    "entered_at": Field("Lúc nhập", DATE),
    "source_text": Field("Câu trong tài liệu", TEXT),
    "claim": Field("Tài liệu tự đánh giá", choice(CLAIMS)),
    "span_start": Field("Từ ký tự", NUMBER),
    "span_end": Field("Đến ký tự", NUMBER),
    "term_id": Field("Nhiệm kỳ", ref="term"),
    "target_id": Field("Chỉ tiêu", ref="target"),
    # members and the Party registers (chitieu.party)
    "full_name": Field("Họ và tên", TEXT),
    "birth_date": Field("Ngày sinh", DATE),
    "sex": Field("Giới tính", choice(_labels(party.Sex.choices))),
    "branch": Field("Chi bộ", ref="unit"),
    "branch_id": Field("Chi bộ", ref="unit"),
    "admitted_on": Field("Ngày vào Đảng", DATE),
    "full_on": Field("Ngày chính thức", DATE),
    "left_on": Field("Ngày ra khỏi danh sách", DATE),
    "card_number": Field("Số thẻ đảng viên", TEXT),
    "joined_on": Field("Ngày chuyển đến", DATE),
    "transferred_in": Field("Chuyển đến từ nơi khác", YES_NO),
    "entry_kind": Field("Hình thức vào danh sách", choice(_labels(party.EntryKind.choices))),
    "transfer_scope": Field("Chuyển đến từ", choice(_labels(party.TransferScope.choices))),
    "leave_reason": Field("Lý do ra khỏi danh sách", choice(_labels(party.LeaveReason.choices))),
    "leave_scope": Field("Chuyển đi tới", choice(_labels(party.TransferScope.choices))),
    "ethnicity": Field("Dân tộc", TEXT),
    "religion": Field("Tôn giáo", TEXT),
    "occupation": Field("Nghề nghiệp", choice(_labels(party.Occupation.choices))),
    "business_owner": Field("Chủ doanh nghiệp tư nhân", YES_NO),
    "academic_title": Field("Học hàm", choice(_labels(party.AcademicTitle.choices))),
    "education": Field("Trình độ giáo dục phổ thông", choice(_labels(party.Education.choices))),
    "qualification": Field("Trình độ chuyên môn", choice(_labels(party.Qualification.choices))),
    "theory": Field("Trình độ lý luận chính trị", choice(_labels(party.Theory.choices))),
    "youth_union": Field("Đoàn viên khi vào Đảng", YES_NO),
    "card_issued_on": Field("Ngày phát thẻ", DATE),
    "exempt_since": Field("Miễn công tác, sinh hoạt từ ngày", DATE),
    "note": Field("Ghi chú", TEXT),
    "on": Field("Ngày", DATE),
    "dissolved_on": Field("Ngày giải thể", DATE),
    "founded_on": Field("Ngày thành lập", DATE),
    "group": Field("Tổ dân phố, thôn", TEXT),
    "registered_on": Field("Ngày đăng ký", DATE),
    "ended_on": Field("Ngày kết thúc", DATE),
    "home_organisation": Field("Nơi quản lý hồ sơ", TEXT),
    "member": Field("Đảng viên", ref="member"),
    "member_id": Field("Đảng viên", ref="member"),
    "years": Field("Số năm tuổi Đảng", PLAIN),
    "awarded_on": Field("Ngày trao", DATE),
    "early": Field("Trao sớm", YES_NO),
    "level": Field("Mức xếp loại", choice(LEVEL_LABELS)),
    "score": Field("Điểm", NUMBER),
    "self_score": Field("Điểm tự chấm", NUMBER),
    "self_level": Field("Mức tự xếp loại", choice(LEVEL_LABELS)),
    "proposed_score": Field("Điểm chi bộ đề xuất", NUMBER),
    "proposed_level": Field("Mức chi bộ đề xuất", choice(LEVEL_LABELS)),
    "disciplined": Field("Bị kỷ luật trong năm", YES_NO),
    "excellent_conditions": Field("Đủ điều kiện thêm của mức xuất sắc", YES_NO),
    "changed": Field("Số đảng viên thay đổi", count_of("đảng viên")),
    "held_on": Field("Ngày kiểm tra, giám sát", DATE),
    "body": Field("Chủ thể", choice(_labels(party.InspectionBody.choices))),
    "subject_kind": Field("Đối tượng là", choice(_labels(party.SubjectKind.choices))),
    "subject": Field("Đối tượng", TEXT),
    "topic": Field("Nội dung", TEXT),
    "result": Field("Kết quả", TEXT),
    "recipient_kind": Field("Khen cho", choice(_labels(party.SubjectKind.choices))),
    "recipient": Field("Tập thể, cá nhân được khen", TEXT),
    "title": Field("Danh hiệu", TEXT),
    "issuer": Field("Cấp khen", TEXT),
    # units, imports and exports, merges
    "predecessors": Field("Các đơn vị trước hợp nhất", ref="unit"),
    "members": Field("Số đảng viên", NUMBER),
    "created": Field("Số bản ghi tạo mới", NUMBER),
    "file": Field("Tệp", TEXT),
    "rows": Field("Số dòng", NUMBER),
    "badges": Field("Huy hiệu xét năm", PLAIN),
    "q": Field("Từ khóa tìm", TEXT),
    "offset": Field("Từ dòng", NUMBER),
    "kind": Field("Cấp đơn vị", choice(_labels(Kind.choices))),
    "branch_kind": Field("Loại chi bộ", choice(_labels(BranchKind.choices))),
    "parent_id": Field("Trực thuộc", ref="unit"),
    "merged_into_id": Field("Hợp nhất vào", ref="unit"),
    "merged_on": Field("Ngày hợp nhất", DATE),
    "code": Field("Mã đơn vị", TEXT),
    "unit_id": Field("Đơn vị", ref="unit"),
    # accounts, rights, tokens
    "username": Field("Tên đăng nhập", TEXT),
    "first_name": Field("Tên", TEXT),
    "last_name": Field("Họ", TEXT),
    "email": Field("Thư điện tử", TEXT),
    "password": Field("Mật khẩu", TEXT),
    "is_superuser": Field("Toàn quyền quản trị", YES_NO),
    "is_staff": Field("Vào được trang quản trị", YES_NO),
    "is_active": Field("Đang hoạt động", YES_NO),
    "last_login": Field("Lần đăng nhập cuối", DATE),
    "date_joined": Field("Ngày tạo tài khoản", DATE),
    "groups": Field("Nhóm quyền", count_of("nhóm")),
    "user_permissions": Field("Quyền riêng", count_of("quyền")),
    "permissions": Field("Quyền", count_of("quyền")),
    "user_id": Field("Người dùng", ref="user"),
    "key_hash": Field("Mã khóa", TEXT),
    "created_at": Field("Lúc tạo", DATE),
    "expires": Field("Hết hạn", DATE),
    "last_used": Field("Lần dùng cuối", DATE),
    "password_mark": Field("Dấu mật khẩu", TEXT),
}

# One name, several meanings: what a field is in a given object type's snapshot.
TYPE_FIELDS: dict[tuple[str, str], Field] = {
    ("member", "status"): Field("Trạng thái", choice(_labels(party.MemberStatus.choices))),
    ("candidate", "status"): Field("Trạng thái", choice(_labels(party.CandidateStatus.choices))),
    ("candidate", "member"): Field("Hồ sơ đảng viên", ref="member"),
    ("unitrating", "unit"): Field("Đơn vị được xếp loại", ref="unit"),
    ("award", "level"): Field("Hình thức khen thưởng", choice(_labels(party.AwardLevel.choices))),
    ("award", "year"): Field("Năm khen thưởng", PLAIN),
    ("inspection", "kind"): Field("Hình thức", choice(_labels(party.InspectionKind.choices))),
    # A branch's entries store its branch kind as "kind"; the admin's snapshot of a unit, its level.
    ("unit", "kind"): Field("Loại", choice({**_labels(Kind.choices), **_labels(BranchKind.choices)})),
    ("unit", "created"): Field("Số đơn vị tạo mới", NUMBER),
    ("unit", "name"): Field("Tên đơn vị", TEXT),
    ("grant", "role"): Field("Vai trò", choice(_labels(Role.choices))),
    ("apitoken", "created"): Field("Lúc tạo", DATE),
    ("group", "name"): Field("Tên nhóm", TEXT),
    ("sourcedocument", "name"): Field("Tên tài liệu", TEXT),
    ("sourcedocument", "uploaded_by_id"): Field("Người tải lên", ref="user"),
    ("sourcedocument", "uploaded_at"): Field("Lúc tải lên", DATE),
    ("sourcedocument", "text"): Field("Nội dung văn bản", count_of("ký tự")),
    ("sourcedocument", "facts"): Field("Số liệu đọc được", count_of("mục")),
    ("badgeaward", "note"): Field("Lý do trao sớm, ghi chú", TEXT),
}

# Bookkeeping that changes on every save and means nothing to a reader.
SKIP_FIELDS = frozenset({"id", "version", "revision", "path", "facts_version", "computed_at"})


def field_spec(name: str, object_type: str = "") -> Field:
    """How a snapshot's field reads; a field no table knows is labelled by its own name."""
    return TYPE_FIELDS.get((object_type, name)) or FIELDS.get(name) or Field(name.replace("_", " ") or "Nội dung")


def field_label(name: str, object_type: str = "") -> str:
    return field_spec(name, object_type).label


def format_value(value: Any, name: str = "", object_type: str = "") -> str:
    """A snapshot's value in words: numbers 1.234,5, dates dd/mm/yyyy, có/không, "—" for none,
    codes by their label. A field naming objects by id is shown by the id's number here; the page
    shows their names (see describe_entries)."""
    spec = field_spec(name, object_type)
    if spec.ref:
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(show_plain(v) for v in values) if values else NONE_TEXT
    return spec.show(value)


# --- objects ---------------------------------------------------------------------------------

User = get_user_model()

# Each object type an entry may name: how its rows are read for a page (the fields the words
# need, never a document's text) and how one is said, from the row or, once it is gone, from the
# entry's own snapshot.
LOADERS: dict[str, Callable[[], QuerySet]] = {
    "result": lambda: plans.Result.objects.select_related("target").only(
        "id", "year", "target__id", "target__number", "target__text", "target__year"
    ),
    "target": lambda: plans.Target.objects.only("id", "number", "text", "year"),
    "term": lambda: plans.Term.objects.only("id", "start_year", "end_year"),
    "sourcedocument": lambda: plans.SourceDocument.objects.only("id", "name"),
    "figure": lambda: plans.Figure.objects.only("id", "label", "year"),
    "unit": lambda: Unit.objects.only("id", "kind", "name"),
    "member": lambda: party.Member.objects.only("id", "full_name"),
    "candidate": lambda: party.Candidate.objects.only("id", "full_name"),
    "residencecontact": lambda: party.ResidenceContact.objects.only("id", "full_name"),
    "badgeaward": lambda: party.BadgeAward.objects.select_related("member").only(
        "id", "years", "member__id", "member__full_name"
    ),
    "unitrating": lambda: party.UnitRating.objects.select_related("unit").only(
        "id", "year", "unit__id", "unit__kind", "unit__name"
    ),
    "inspection": lambda: party.Inspection.objects.only("id", "held_on", "kind"),
    "award": lambda: party.Award.objects.only("id", "year", "level"),
    "user": lambda: User.objects.only("id", "username", "first_name", "last_name"),
    "group": lambda: Group.objects.only("id", "name"),
    "grant": lambda: Grant.objects.select_related("user", "unit").only(
        "id",
        "role",
        "user__id",
        "user__username",
        "user__first_name",
        "user__last_name",
        "unit__id",
        "unit__kind",
        "unit__name",
    ),
    "apitoken": lambda: ApiToken.objects.only("id", "name"),
}

# Said of an object whose details the reader may not see (chitieu.orgs.access.hides_audit_details).
ANONYMOUS: dict[str, str] = {
    "member": "một đảng viên",
    "candidate": "một quần chúng ưu tú",
    "residencecontact": "một đảng viên",
    "badgeaward": "Huy hiệu Đảng cho một đảng viên",
    "unitrating": "một tổ chức đảng",
    "inspection": "một cuộc kiểm tra, giám sát",
    "award": "một khen thưởng",
    "user": "một tài khoản",
    "grant": "một quyền truy cập",
    "apitoken": "một mã truy cập API",
    "group": "một nhóm quyền",
}
ANONYMOUS_DEFAULT = "một bản ghi"

# Records of people a snapshot may point to by id. Only an entry that is itself about the Party's
# records names them: the rule that hides those entries from the level above guards it
# (chitieu.orgs.access.is_personal). An entry the level above reads whole (a result, a unit) that
# pointed at a member would otherwise name them: it says "một đảng viên".
PERSONAL_REFS = frozenset({"member"})


def _names_refs(entry: AuditEntry, ref: str) -> bool:
    return ref not in PERSONAL_REFS or is_personal(entry)


def person_name(user: Any) -> str:
    """A user as people know them: their full name, else their login."""
    if user is None:
        return NONE_TEXT
    return user.get_full_name().strip() or user.username


def _get(snapshot: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        value = _plain(snapshot.get(name))
        if not _empty(value):
            return value
    return None


def _target_words(number: Any, text: Any, year: Any = None) -> str:
    words = "chỉ tiêu"
    if not _empty(_plain(number)) and str(number) != "0":
        words += f" số {show_plain(number)}"
    if not _empty(_plain(text)):
        words += f" «{shorten(str(text), 60)}»"
    if not _empty(_plain(year)):
        words += f" (kế hoạch năm {show_plain(year)})"
    return words


def _result(r: Any, snap: Mapping[str, Any]) -> str:
    year = r.year if r is not None else _get(snap, "year")
    words = f"kết quả năm {show_plain(year)}" if year is not None else "kết quả cả nhiệm kỳ"
    if r is not None:
        t = r.target
        words += " của " + _target_words(t.number, t.text, t.year)
    return words


def _target(t: Any, snap: Mapping[str, Any]) -> str:
    if t is not None:
        return _target_words(t.number, t.text, t.year)
    return _target_words(_get(snap, "number"), _get(snap, "text"), _get(snap, "year"))


def _term(t: Any, snap: Mapping[str, Any]) -> str:
    start, end = (t.start_year, t.end_year) if t is not None else (_get(snap, "start_year"), _get(snap, "end_year"))
    return f"nhiệm kỳ {show_plain(start)}-{show_plain(end)}" if start is not None else "nhiệm kỳ"


def _named(kind: str, attr: str, *snap_names: str) -> Callable[[Any, Mapping[str, Any]], str]:
    """ "đảng viên Nguyễn Văn A": a noun and the object's name, from its row or its snapshot."""

    def say(obj: Any, snap: Mapping[str, Any]) -> str:
        name = getattr(obj, attr) if obj is not None else _get(snap, attr, *snap_names)
        return f"{kind} {name}" if not _empty(name) else kind

    return say


def _quoted(kind: str, attr: str) -> Callable[[Any, Mapping[str, Any]], str]:
    def say(obj: Any, snap: Mapping[str, Any]) -> str:
        name = getattr(obj, attr) if obj is not None else _get(snap, attr)
        return f"{kind} «{shorten(str(name), 60)}»" if not _empty(name) else kind

    return say


def _unit(u: Any, snap: Mapping[str, Any]) -> str:
    if u is not None:
        return u.title
    kind, name = _get(snap, "kind"), _get(snap, "name")
    return f"{Kind(kind).label} {name}" if kind in Kind.values and name else (name or "đơn vị")


def _user(u: Any, snap: Mapping[str, Any]) -> str:
    return f"tài khoản {person_name(u) if u is not None else (_get(snap, 'username') or '')}".strip()


def _badge(b: Any, snap: Mapping[str, Any]) -> str:
    years = b.years if b is not None else _get(snap, "years")
    words = f"Huy hiệu {show_plain(years)} năm tuổi Đảng" if years is not None else "Huy hiệu Đảng"
    return f"{words} cho đảng viên {b.member.full_name}" if b is not None else words


def _unit_rating(r: Any, snap: Mapping[str, Any]) -> str:
    if r is None:
        year = _get(snap, "year")
        return f"tổ chức đảng năm {show_plain(year)}" if year is not None else "tổ chức đảng"
    return f"{r.unit.title} năm {r.year}"


def _inspection(i: Any, snap: Mapping[str, Any]) -> str:
    kind = i.kind if i is not None else _get(snap, "kind")
    held = i.held_on if i is not None else _get(snap, "held_on")
    words = "cuộc " + party.InspectionKind(kind).label if kind in party.InspectionKind.values else "cuộc kiểm tra"
    return f"{words} ngày {show_date(held)}" if held is not None else words


def _award(a: Any, snap: Mapping[str, Any]) -> str:
    year, level = (a.year, a.level) if a is not None else (_get(snap, "year"), _get(snap, "level"))
    words = "khen thưởng" + (f" năm {show_plain(year)}" if year is not None else "")
    return f"{words} ({party.AwardLevel(level).label})" if level in party.AwardLevel.values else words


def _grant(g: Any, snap: Mapping[str, Any]) -> str:
    if g is None:
        role = _get(snap, "role")
        return f"quyền {Role(role).label}" if role in Role.values else "quyền truy cập"
    return f"quyền {g.get_role_display()} của {person_name(g.user)} tại {g.unit.title}"


NAMES: dict[str, Callable[[Any, Mapping[str, Any]], str]] = {
    "result": _result,
    "target": _target,
    "term": _term,
    "sourcedocument": _quoted("tài liệu", "name"),
    "figure": _quoted("số liệu", "label"),
    "unit": _unit,
    "member": _named("đảng viên", "full_name"),
    "candidate": _named("quần chúng ưu tú", "full_name"),
    "residencecontact": _named("đảng viên", "full_name"),
    "badgeaward": _badge,
    "unitrating": _unit_rating,
    "inspection": _inspection,
    "award": _award,
    "user": _user,
    "group": _quoted("nhóm quyền", "name"),
    "grant": _grant,
    "apitoken": _quoted("mã truy cập API", "name"),
}


# An object named in a field whose label already says what it is: "Đảng viên: Nguyễn Văn A",
# "Người nhập: editor", not "Đảng viên: đảng viên Nguyễn Văn A".
REF_NAMES: dict[str, Callable[[Any], str]] = {
    "member": lambda m: m.full_name,
    "user": person_name,
}


def _id(value: Any) -> int | None:
    value = _plain(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


Objects = dict[str, dict[int, Model]]


def _snapshots(entry: AuditEntry) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The entry's old and new as mappings; a bare value written by an older caller is one field."""

    def as_dict(value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        return value if isinstance(value, dict) else {"": value}

    return as_dict(entry.old), as_dict(entry.new)


def wanted_ids(entries: Iterable[AuditEntry], hidden: Collection[int] = ()) -> dict[str, set[int]]:
    """The ids each object type must be read for: what the entries name and what their snapshots
    refer to. Entries whose details are hidden name nothing that must be read."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for e in entries:
        if e.pk in hidden:
            continue
        pk = _id(e.object_id)
        if pk is not None and e.object_type in LOADERS:
            wanted[e.object_type].add(pk)
        for snapshot in _snapshots(e):
            for name, value in (snapshot or {}).items():
                spec = field_spec(name, e.object_type)
                if spec.ref in LOADERS and _names_refs(e, spec.ref):
                    for v in value if isinstance(value, list | tuple) else [value]:
                        if (ref := _id(v)) is not None:
                            wanted[spec.ref].add(ref)
    return wanted


def load_objects(wanted: Mapping[str, Collection[int]]) -> Objects:
    """One query per object type, whatever the number of entries."""
    return {kind: LOADERS[kind]().in_bulk(list(ids)) for kind, ids in wanted.items() if ids and kind in LOADERS}


def object_words(entry: AuditEntry, objects: Objects, hidden: bool = False) -> str:
    """The object an entry is about, in words; "" when it is about none."""
    kind = entry.object_type
    pk = _id(entry.object_id)
    if kind not in NAMES:
        if hidden and (kind or entry.object_id):
            return ANONYMOUS_DEFAULT
        return f"bản ghi số {pk}" if pk is not None else ""
    if hidden:
        return ANONYMOUS.get(kind, ANONYMOUS_DEFAULT)
    if pk is None:
        return ""
    obj = objects.get(kind, {}).get(pk)
    old, new = _snapshots(entry)
    words = NAMES[kind](obj, {**(old or {}), **(new or {})})
    # A deletion's own entry says so in its verb; any other entry names a row gone since.
    if obj is None and not entry.action.endswith(".delete"):
        words += f" {DELETED}"
    return words


def _ref_words(spec: Field, value: Any, objects: Objects, names: bool) -> str:
    values = value if isinstance(value, list | tuple) else [value]
    words = []
    for v in values:
        pk = _id(v)
        if pk is None:
            words.append(show_text(v))
            continue
        if not names:
            words.append(ANONYMOUS.get(spec.ref, ANONYMOUS_DEFAULT))
            continue
        obj = objects.get(spec.ref, {}).get(pk)
        if obj is None:
            words.append(f"{NONE_TEXT} {DELETED}")
        else:
            words.append(REF_NAMES[spec.ref](obj) if spec.ref in REF_NAMES else NAMES[spec.ref](obj, {}))
    return ", ".join(words) if words else NONE_TEXT


@dataclass(frozen=True)
class Change:
    """One field of an entry: its label and its value before and after. A side the entry does not
    have (a creation has no before, a deletion no after) is None."""

    label: str
    old: str | None
    new: str | None


def _show(name: str, value: Any, entry: AuditEntry, objects: Objects) -> str:
    spec = field_spec(name, entry.object_type)
    if spec.ref in NAMES:
        if _empty(_plain(value)):
            return NONE_TEXT
        return _ref_words(spec, value, objects, _names_refs(entry, spec.ref))
    return spec.show(value)


def changes(entry: AuditEntry, objects: Objects | None = None) -> list[Change]:
    """What the entry changed, field by field: only the fields that differ when it has both sides;
    the filled fields when it has one (a creation, a deletion); its note last."""
    objects = objects or {}
    old, new = _snapshots(entry)
    kind = entry.object_type
    out: list[Change] = []
    if old is not None and new is not None:
        names = [*new, *(k for k in old if k not in new)]
        for name in names:
            if name in SKIP_FIELDS or old.get(name) == new.get(name):
                continue
            # A field only one side recorded is said as that side's value, not as "— → x".
            before = _show(name, old[name], entry, objects) if name in old else None
            after = _show(name, new[name], entry, objects) if name in new else None
            if before != after:
                out.append(Change(field_label(name, kind), before, after))
    else:
        side, is_old = (old, True) if old is not None else (new or {}, False)
        for name, value in side.items():
            if name in SKIP_FIELDS or _empty(_plain(value)):
                continue
            shown = _show(name, value, entry, objects)
            out.append(Change(field_label(name, kind), shown if is_old else None, None if is_old else shown))
    if entry.note:
        out.append(Change("Ghi chú", None, shorten(entry.note)))
    return out


# --- the whole entry --------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryText:
    entry: AuditEntry
    person: str
    unit: str
    sentence: str  # "Nhập kết quả năm 2023 của chỉ tiêu số 3 «…»"
    changes: list[Change]
    hidden: bool


def sentence(action: str, words: str) -> str:
    """The phrase and its object, the noun they share said once: "nhập kết quả" and "kết quả năm
    2023 …" make "Nhập kết quả năm 2023 …"."""
    phrase = action_phrase(action).split()
    said = words.split()
    overlap = next((n for n in range(min(len(phrase), len(said)), 0, -1) if phrase[-n:] == said[:n]), 0)
    text = " ".join(phrase + said[overlap:])
    return text[:1].upper() + text[1:]


def describe_entries(entries: Sequence[AuditEntry], hidden: Collection[int] = ()) -> list[EntryText]:
    """A page of entries in words, in their order. ``hidden``: the ids of the entries whose details
    the reader may not see: they say who did what and when, of "một đảng viên", and no values.
    Expects the entries' user and unit read with them (select_related)."""
    objects = load_objects(wanted_ids(entries, hidden))
    out = []
    for e in entries:
        secret = e.pk in hidden
        out.append(
            EntryText(
                entry=e,
                person=person_name(e.user),
                unit=e.unit.title if e.unit is not None else NONE_TEXT,
                sentence=sentence(e.action, object_words(e, objects, hidden=secret)),
                changes=[] if secret else changes(e, objects),
                hidden=secret,
            )
        )
    return out
