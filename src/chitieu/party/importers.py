"""Import a committee's member roster from CSV or XLSX, all or nothing.

Every row is checked first and every problem is collected by row and column; a file with any bad row
writes nothing. Then the rows are written with bulk_create in batches inside one transaction, so
100 000 rows take seconds, not minutes. ``progress(stage, done, total)`` is called as it goes (the
CLI prints it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection, models, transaction
from django.utils import timezone

from chitieu.limits import CONTROL_RE, TooLarge, check_zip, strip_control_chars, unreadable_workbook
from chitieu.orgs.models import Unit

from .models import (
    LEFT_STATUSES,
    AcademicTitle,
    Education,
    EntryKind,
    LeaveReason,
    Level,
    Member,
    MemberRating,
    MemberStatus,
    Occupation,
    Qualification,
    Sex,
    Theory,
    TransferScope,
)
from .records import (
    PartyError,
    _check_edit,
    audit,
    branches_of,
    check_member_dates,
    rateable_members,
    year_end,
)

BATCH = 2000
MAX_ERRORS = 500  # stop collecting past this many: the file needs fixing anyway

# (key, header in the template, required, help)
MEMBER_COLUMNS = [
    ("full_name", "Họ và tên", True, "Nguyễn Văn An"),
    ("birth_date", "Ngày sinh", True, "dd/mm/yyyy"),
    ("sex", "Giới tính", True, "Nam / Nữ"),
    ("branch", "Chi bộ", True, "tên chi bộ như trong hệ thống, ví dụ Tổ dân phố 1"),
    ("admitted_on", "Ngày vào Đảng", True, "dd/mm/yyyy"),
    ("full_on", "Ngày chính thức", False, "dd/mm/yyyy; trống nếu còn dự bị"),
    ("status", "Trạng thái", False, "dự bị / chính thức / chuyển đi / từ trần / xóa tên"),
    ("left_on", "Ngày ra khỏi Đảng bộ", False, "dd/mm/yyyy; khi chuyển đi, từ trần, xóa tên"),
    ("card_number", "Số thẻ đảng viên", False, ""),
    ("transferred_in", "Chuyển đến", False, "x nếu chuyển sinh hoạt đến (không kết nạp tại đây)"),
    ("joined_on", "Ngày chuyển đến", False, "dd/mm/yyyy, với đảng viên chuyển đến"),
    ("note", "Ghi chú", False, ""),
    # For the statistical forms (Biểu 1, 2, 3, 7); an empty cell is "chưa có thông tin".
    ("entry_kind", "Vào danh sách do", False, "kết nạp / kết nạp lại / phục hồi đảng tịch / chuyển đến"),
    ("transfer_scope", "Chuyển đến từ", False, "trong tỉnh / tỉnh khác"),
    ("ethnicity", "Dân tộc", False, "Kinh, Tày, Khmer…"),
    ("religion", "Tôn giáo", False, "Không / Phật giáo / Công giáo…"),
    ("occupation", "Nghề nghiệp", False, "như Biểu 2: nông dân, công nhân, hưu trí, viên chức, học sinh…"),
    ("business_owner", "Chủ doanh nghiệp tư nhân", False, "có / không"),
    ("education", "Giáo dục phổ thông", False, "tiểu học / trung học cơ sở / trung học phổ thông"),
    ("qualification", "Chuyên môn nghiệp vụ", False, "sơ cấp / trung cấp / cao đẳng / đại học / thạc sỹ / tiến sỹ"),
    ("academic_title", "Chức danh khoa học", False, "Phó Giáo sư / Giáo sư"),
    ("theory", "Lý luận chính trị", False, "sơ cấp / trung cấp / cao cấp, cử nhân"),
    ("youth_union", "Đoàn viên", False, "có / không"),
    ("card_issued_on", "Ngày phát thẻ", False, "dd/mm/yyyy"),
    ("exempt_since", "Miễn sinh hoạt từ ngày", False, "dd/mm/yyyy"),
    ("leave_scope", "Chuyển đi đến", False, "trong tỉnh / tỉnh khác, với đảng viên chuyển đi"),
]
EXAMPLE_ROW = [
    "Nguyễn Văn An",
    "15/03/1985",
    "Nam",
    "Tổ dân phố 1",
    "02/09/2015",
    "02/09/2016",
    "chính thức",
    "",
    "",
    "",
    "",
    "",
    "kết nạp",
    "",
    "Kinh",
    "Không",
    "viên chức",
    "không",
    "trung học phổ thông",
    "đại học",
    "",
    "sơ cấp",
    "có",
    "02/09/2017",
    "",
    "",
]

RATING_COLUMNS = [
    ("full_name", "Họ và tên", True, ""),
    ("birth_date", "Ngày sinh", True, "dd/mm/yyyy"),
    ("level", "Xếp loại", True, "HTXSNV / HTTNV / HTNV / KHTNV"),
]


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().lower()
    return " ".join(text.replace("đ", "d").split())


@lru_cache(maxsize=4096)
def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", _fold(text)) if unicodedata.category(c) != "Mn")


STATUS_WORDS = {
    "du bi": MemberStatus.PROBATIONARY,
    "chinh thuc": MemberStatus.FULL,
    "chuyen di": MemberStatus.TRANSFERRED_OUT,
    "chuyen sinh hoat di": MemberStatus.TRANSFERRED_OUT,
    "tu tran": MemberStatus.DECEASED,
    "xoa ten": MemberStatus.REMOVED,
    "khai tru": MemberStatus.REMOVED,
    "xoa ten, khai tru": MemberStatus.REMOVED,
} | {s.value: s.value for s in MemberStatus}
SEX_WORDS = {"nam": Sex.MALE, "nu": Sex.FEMALE, "m": Sex.MALE, "f": Sex.FEMALE, "male": Sex.MALE, "female": Sex.FEMALE}
LEVEL_WORDS = (
    {_strip_accents(label): value for value, label in Level.choices}
    | {_strip_accents(f"hoàn thành {w} nhiệm vụ"): v for w, v in (("xuất sắc", Level.EXCELLENT), ("tốt", Level.GOOD))}
    | {"hoan thanh nhiem vu": Level.COMPLETED, "khong hoan thanh nhiem vu": Level.NOT_COMPLETED}
)
LEVEL_WORDS |= {v: v for v in Level.values}
YES_WORDS = {"x", "co", "yes", "1", "true", "chuyen den"}
NO_WORDS = {"khong", "no", "0", "false"}
# Why a record closed, from the status column's words: Biểu 1 counts each reason apart.
REASON_WORDS = {
    "tu tran": LeaveReason.DIED,
    "xoa ten": LeaveReason.STRUCK_OFF,
    "khai tru": LeaveReason.EXPELLED,
    "xin ra khoi dang": LeaveReason.RESIGNED,
    "chuyen di": LeaveReason.TRANSFERRED,
    "chuyen sinh hoat di": LeaveReason.TRANSFERRED,
}
STATUS_WORDS["xin ra khoi dang"] = MemberStatus.REMOVED


def _yes_no(text: str, key: str, err) -> bool | None:
    """A yes/no column: "có"/"x" or "không"; empty is "not recorded" (None), not "no"."""
    folded = _strip_accents(text)
    if not folded:
        return None
    if folded in YES_WORDS:
        return True
    if folded in NO_WORDS:
        return False
    err(key, f"ghi có hoặc không, không phải «{text[:20]}» / yes or no")
    return None


def _choice_words(choices, aliases: dict[str, str] | None = None) -> dict[str, str]:
    """A column's accepted words: each choice's label and key (accents optional), and short names."""
    words = {_strip_accents(label): value for value, label in choices} | {value: value for value, _ in choices}
    return words | {_strip_accents(k): v for k, v in (aliases or {}).items()}


# Short names offices type for the forms' long occupation labels.
OCCUPATION_ALIASES = {
    "nông dân": Occupation.FARMER,
    "công nhân": Occupation.ENTERPRISE_WORKER,
    "hưu trí": Occupation.RETIRED,
    "nghỉ hưu": Occupation.RETIRED,
    "viên chức": Occupation.PUBLIC_EMPLOYEE,
    "cán bộ xã": Occupation.COMMUNE_OFFICIAL,
    "cán bộ phường": Occupation.COMMUNE_OFFICIAL,
    "công chức": Occupation.STATE_OFFICIAL,
    "quân đội": Occupation.ARMED_FORCES,
    "công an": Occupation.ARMED_FORCES,
    "lực lượng vũ trang": Occupation.ARMED_FORCES,
    "khác": Occupation.OTHER,
    "tự do": Occupation.OTHER,
}
CHOICE_COLUMNS = {
    "entry_kind": _choice_words(EntryKind.choices),
    "transfer_scope": _choice_words(TransferScope.choices),
    "leave_scope": _choice_words(TransferScope.choices),
    "occupation": _choice_words(Occupation.choices, OCCUPATION_ALIASES),
    "education": _choice_words(
        Education.choices, {"THCS": Education.LOWER_SECONDARY, "THPT": Education.UPPER_SECONDARY}
    ),
    "qualification": _choice_words(
        Qualification.choices,
        {"sơ cấp": Qualification.ELEMENTARY, "thạc sĩ": Qualification.MASTER, "tiến sĩ": Qualification.DOCTOR},
    ),
    "academic_title": _choice_words(AcademicTitle.choices),
    "theory": _choice_words(Theory.choices, {"cao cấp": Theory.ADVANCED, "cử nhân": Theory.ADVANCED}),
}


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1; 0 for the whole file
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:  # the file itself: "dòng 0, cột -" named nothing the user can find
            return self.message
        return f"dòng {self.row}, cột «{self.column}»: {self.message}"


class ImportFailed(ValueError):
    def __init__(self, errors: list[RowError], total_rows: int = 0):
        self.errors = errors
        self.total_rows = total_rows
        super().__init__("; ".join(str(e) for e in errors[:10]))


# --- reading files -----------------------------------------------------------------------


def iter_rows(name: str, data: bytes) -> Iterator[list]:
    """The rows of a .csv (UTF-8, comma or semicolon) or .xlsx file (first sheet), header first.

    Control characters (a NUL that PostgreSQL cannot store) are dropped from the cells.
    """
    for row in _raw_rows(name, data):
        if CONTROL_RE.search("".join(row)):
            row = [strip_control_chars(c) for c in row]
        yield row


def _raw_rows(name: str, data: bytes) -> Iterator[list]:
    lower = name.lower()
    if lower.endswith(".xlsx"):
        try:
            check_zip(data)
        except TooLarge as exc:
            raise ImportFailed([RowError(0, "-", str(exc))]) from None
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            sheet, shared = _xlsx_parts(archive)
            # The sheet is parsed as it is read: a malformed part deep in it fails mid-way.
            rows = _xlsx_rows(archive, sheet, shared)
            yield from rows
        except (
            zipfile.BadZipFile,
            zlib.error,  # a damaged deflate stream
            NotImplementedError,  # a compression method zipfile does not know
            KeyError,
            AttributeError,  # a part the workbook names is missing (a relation without its Target)
            TypeError,
            ET.ParseError,
            IndexError,
            ValueError,
            StopIteration,
            OSError,
        ):
            raise ImportFailed([RowError(0, "-", unreadable_workbook(name))]) from None
    elif lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            message = f"Tệp «{name}» phải là tệp CSV mã hóa UTF-8 / CSV must be UTF-8"
            raise ImportFailed([RowError(0, "-", message)]) from None
        first = text[: text.find("\n")] if "\n" in text else text
        delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            yield from csv.reader(io.StringIO(text), delimiter=delimiter)
        except csv.Error:  # a field over csv's limit (128 KB), a NUL…
            message = f"Không đọc được tệp «{name}»: tệp CSV hỏng / malformed CSV"
            raise ImportFailed([RowError(0, "-", message)]) from None
    else:
        raise ImportFailed([RowError(0, "-", f"Tệp «{name}»: chỉ nhận tệp .csv hoặc .xlsx / only .csv or .xlsx")])


# An XLSX file is a zip of XML parts. openpyxl, even read-only, builds a cell object per cell: three
# quarters of a 100 000-row import went there. The rows are read here straight from the sheet's XML
# with the C parser; dates stored as numbers are turned back into dates by parse_date.


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xlsx_parts(archive: zipfile.ZipFile) -> tuple[str, list[str]]:
    """The path of the first sheet, and the shared strings."""
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    first = next(e for e in workbook.iter() if _local(e.tag) == "sheet")
    rid = next(v for k, v in first.attrib.items() if _local(k) == "id")
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(e.get("Target") for e in rels if e.get("Id") == rid)
    sheet = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    shared: list[str] = []
    if "xl/sharedStrings.xml" in archive.namelist():
        for _, elem in ET.iterparse(archive.open("xl/sharedStrings.xml")):
            if _local(elem.tag) == "si":
                shared.append("".join(t.text or "" for t in elem.iter() if _local(t.tag) == "t"))
                elem.clear()
    return sheet, shared


# An XLSX sheet has at most 16,384 columns (XFD): a reference beyond it is a damaged (or hostile)
# file, not a row of 10^15 empty cells to allocate.
MAX_XLSX_COLUMNS = 16_384


def _column_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch.upper() <= "Z":
            n = n * 26 + ord(ch.upper()) - 64
            if n > MAX_XLSX_COLUMNS:
                raise ValueError(f"cột ngoài bảng tính / column beyond XFD: {ref[:20]!r}")
        else:
            break
    return n - 1


def _xlsx_rows(archive: zipfile.ZipFile, sheet: str, shared: list[str]) -> Iterator[list]:
    expected = 1
    for _, elem in ET.iterparse(archive.open(sheet)):
        if _local(elem.tag) != "row":
            continue
        number = int(elem.get("r") or expected)
        while expected < number:  # empty rows are left out of the XML: keep the numbering
            yield []
            expected += 1
        values: list[str] = []
        for i, c in enumerate(elem):
            ref = c.get("r")
            col = _column_index(ref) if ref else i
            kind = c.get("t")
            text = ""
            if kind == "inlineStr":
                text = "".join(t.text or "" for t in c.iter() if _local(t.tag) == "t")
            else:
                v = next((x for x in c if _local(x.tag) == "v"), None)
                text = v.text or "" if v is not None else ""
                if kind == "s" and text:
                    text = shared[int(text)]
                elif kind in (None, "n") and text.endswith(".0"):
                    text = text[:-2]
            if col >= len(values):
                values.extend([""] * (col + 1 - len(values)))
            values[col] = text
        elem.clear()
        yield values
        expected = number + 1


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1/1/1900, counting Excel's 29/2/1900


def parse_date(text: str) -> dt.date:
    """dd/mm/yyyy (also with - or .), yyyy-mm-dd, or a date cell of a spreadsheet (its serial number)."""
    s = text.strip()
    if s.isascii() and s.isdigit() and 367 <= int(s) <= 2958465:
        return EXCEL_EPOCH + dt.timedelta(days=int(s))
    if len(s) == 10 and s[4] == "-" and s[7] == "-" and s.replace("-", "").isascii():
        return dt.date(int(s[:4]), int(s[5:7]), int(s[8:]))
    for sep in ("/", "-", "."):
        parts = s.split(sep)
        if len(parts) == 3:
            if not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts):
                raise ValueError(s)  # int() takes "²" and 30 digits; the date then overflows
            d, m, y = (int(p) for p in parts)
            if y < 100:
                raise ValueError(s)
            return dt.date(y, m, d)
    raise ValueError(s)


def _collector(errors: list[RowError], rownum: int, headers: dict[str, str]):
    def err(key: str, message: str) -> None:
        errors.append(RowError(rownum, headers[key], message))

    return err


def _header_map(header: list, columns) -> tuple[dict[str, int], list[RowError]]:
    """Column key -> index, matching the template's Vietnamese headers (accents optional) or the keys."""
    names = {_strip_accents(h): key for key, h, _, _ in columns} | {key: key for key, *_ in columns}
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = names.get(_strip_accents(_cell(cell)))
        if key and key not in found:
            found[key] = i
    errors = [
        RowError(1, h, "thiếu cột bắt buộc / missing column") for key, h, req, _ in columns if req and key not in found
    ]
    return found, errors


# --- members -----------------------------------------------------------------------------


DATE_COLUMNS = (
    ("birth_date", True),
    ("admitted_on", True),
    ("full_on", False),
    ("left_on", False),
    ("joined_on", False),
    ("card_issued_on", False),
    ("exempt_since", False),
)


@dataclass
class ImportResult:
    created: int
    rows: int
    ratings: int = 0  # yearly ratings read beside the members ("Xếp loại 2021" columns)


def _branch_index(committee: Unit) -> dict[str, Unit]:
    index = {}
    for b in branches_of(committee):
        for key in (b.name, b.title, f"chi bộ {b.name}"):
            index[_fold(key)] = b
    return index


def validate_members(
    committee: Unit,
    rows: Iterable[list],
    *,
    today: dt.date,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[list[Member], list[RowError], int]:
    """Check every row; the unsaved Member objects, the errors, and the number of data rows."""
    it = iter(rows)
    header = next(it, None)
    if header is None:
        return [], [RowError(0, "-", "Tệp trống / empty file")], 0
    cols, errors = _header_map(list(header), MEMBER_COLUMNS)
    rating_cols, rating_errors = _rating_columns(list(header), today)
    errors += rating_errors
    if errors:
        return [], errors, 0
    headers = {key: h for key, h, _, _ in MEMBER_COLUMNS}
    branches = _branch_index(committee)
    existing = set(Member.objects.filter(committee=committee).values_list("full_name", "birth_date"))
    cards = set(
        Member.objects.filter(committee=committee).exclude(card_number="").values_list("card_number", flat=True)
    )
    seen: dict[tuple[str, dt.date], int] = {}
    members: list[Member] = []
    n = 0
    get = {key: i for key, i in cols.items()}

    for rownum, raw in enumerate(it, start=2):
        values = [_cell(v) for v in raw]
        if not any(values):
            continue
        n += 1
        if progress and n % 10000 == 0:
            progress("check", n, 0)
        if len(errors) >= MAX_ERRORS:
            continue  # keep counting rows, stop collecting

        width = len(values)
        row = {key: values[i] if i < width else "" for key, i in get.items()}
        val = row.get
        row_errors: list[RowError] = []
        err = _collector(row_errors, rownum, headers)

        name = " ".join(val("full_name", "").split())
        if not name:
            err("full_name", "trống / empty")
        elif len(name) > 120:
            err("full_name", "dài quá 120 ký tự / longer than 120 characters")
        dates = {}
        for key, required in DATE_COLUMNS:
            text = val(key, "")
            if not text:
                if required:
                    err(key, "trống / empty")
                dates[key] = None
                continue
            try:
                dates[key] = parse_date(text)
            except ValueError:
                err(key, f"ngày không hợp lệ «{text}» (dd/mm/yyyy) / not a date")
                dates[key] = None
        sex = SEX_WORDS.get(_strip_accents(val("sex", "")))
        if sex is None:
            err("sex", f"phải là Nam hoặc Nữ, không phải «{val('sex', '')}» / must be Nam or Nữ")
        branch = branches.get(_fold(val("branch", "")))
        if branch is None:
            err("branch", f"không có chi bộ «{val('branch', '')}» trong Đảng bộ / no such branch")
        status_text = val("status", "")
        status = STATUS_WORDS.get(_strip_accents(status_text)) if status_text else None
        if status_text and status is None:
            err("status", f"trạng thái không hợp lệ «{status_text}» / unknown status")
        card = val("card_number", "")
        if len(card) > 20:
            err("card_number", "dài quá 20 ký tự / too long")
        elif card and card in cards:
            err("card_number", f"số thẻ {card} đã có / duplicate card number")
        birth, admitted, full_on, left_on = (dates[k] for k in ("birth_date", "admitted_on", "full_on", "left_on"))
        if birth and admitted:
            problem = check_member_dates(birth, admitted, full_on, today)
            if problem:
                column = "full_on" if "chính thức" in problem else "admitted_on"
                column = "birth_date" if problem.startswith("ngày sinh") else column
                err(column, problem)
        if status == MemberStatus.FULL and full_on is None:
            err("full_on", "đảng viên chính thức cần ngày chính thức / a full member needs the full date")
        if status == MemberStatus.PROBATIONARY and full_on is not None:
            err("status", "đã có ngày chính thức nhưng ghi dự bị / has a full date but says probationary")
        if status in LEFT_STATUSES and left_on is None:
            err("left_on", "cần ngày chuyển đi, từ trần hoặc xóa tên / needs the date")
        if left_on is not None and status not in LEFT_STATUSES:
            err("status", "có ngày ra khỏi Đảng bộ nhưng trạng thái không ghi / a leaving date needs a status")
        if left_on and admitted and left_on < admitted:
            err("left_on", "trước ngày vào Đảng / before the admission date")
        joined_on = dates["joined_on"]
        transferred_in = _strip_accents(val("transferred_in", "")) in YES_WORDS or joined_on is not None
        if joined_on and admitted and joined_on < admitted:
            err("joined_on", "trước ngày vào Đảng / before the admission date")
        if name and birth:
            key = (name, birth)
            if key in existing:
                err("full_name", "đã có trong danh sách đảng viên / already in the roster")
            elif key in seen:
                err("full_name", f"trùng với dòng {seen[key]} / same as row {seen[key]}")
            else:
                seen[key] = rownum
        if card:
            cards.add(card)
        chosen = {}
        for key, words in CHOICE_COLUMNS.items():
            text = val(key, "")
            chosen[key] = words.get(_strip_accents(text), "") if text else ""
            if text and not chosen[key]:
                err(key, f"không hiểu «{text[:40]}» / unknown value")
        youth, owner = (_yes_no(val(key, ""), key, err) for key in ("youth_union", "business_owner"))
        for key in ("ethnicity", "religion"):
            if len(val(key, "")) > 40:
                err(key, "dài quá 40 ký tự / longer than 40 characters")
        reason = REASON_WORDS.get(_strip_accents(status_text), "") if status_text else ""
        if chosen["leave_scope"] and status != MemberStatus.TRANSFERRED_OUT:
            err("leave_scope", "chỉ ghi khi trạng thái là chuyển đi / only for a transfer out")
        if chosen["entry_kind"] == EntryKind.RESTORED and joined_on is None:
            err("joined_on", "cần ngày phục hồi đảng tịch / the restoration date is needed")
        ratings = []
        for year, i in rating_cols.items():
            text = values[i] if i < width else ""
            if not text:
                continue
            level = LEVEL_WORDS.get(_strip_accents(text))
            header_text = f"Xếp loại {year}"
            if level is None:
                row_errors.append(RowError(rownum, header_text, f"mức xếp loại không hợp lệ «{text[:40]}»"))
            elif admitted and not _on_roll_at(admitted, joined_on, left_on, year_end(year)):
                # As set_ratings: a year's rating belongs to the members on the roll at its end.
                row_errors.append(RowError(rownum, header_text, f"không có trong Đảng bộ cuối năm {year}"))
            else:
                ratings.append((year, level))
        if row_errors:
            errors.extend(row_errors)
            continue
        if errors:
            continue  # the file is refused: no need to build the rest
        if status is None:
            status = MemberStatus.FULL if full_on else MemberStatus.PROBATIONARY
        members.append(
            Member(
                committee_id=committee.pk,
                branch_id=branch.pk,
                full_name=name,
                birth_date=birth,
                sex=sex,
                card_number=card,
                admitted_on=admitted,
                full_on=full_on,
                status=status,
                left_on=left_on,
                transferred_in=transferred_in or chosen["entry_kind"] == EntryKind.TRANSFERRED_IN,
                joined_on=joined_on,
                note=val("note", "")[:300],
                entry_kind=chosen["entry_kind"] or (EntryKind.TRANSFERRED_IN if transferred_in else ""),
                transfer_scope=chosen["transfer_scope"],
                leave_reason=reason,
                leave_scope=chosen["leave_scope"],
                ethnicity=" ".join(val("ethnicity", "").split()),
                religion=" ".join(val("religion", "").split()),
                occupation=chosen["occupation"],
                business_owner=owner,
                education=chosen["education"],
                qualification=chosen["qualification"],
                academic_title=chosen["academic_title"],
                theory=chosen["theory"],
                youth_union=youth,
                card_issued_on=dates["card_issued_on"],
                exempt_since=dates["exempt_since"],
            )
        )
        members[-1].imported_ratings = ratings  # (year, level), written with the member by insert_members
    return members, errors, n


# "Xếp loại 2021" (or "xep loai 2021", "rating_2021"): a year's rating beside each member, so a
# committee's roster and its past ratings load in one file (one column per year, as offices keep them).
_RATING_HEADER = re.compile(r"^(?:xep loai|rating)[ _]*(?:nam[ _]*)?(\d{4})$")


def _rating_columns(header: list, today: dt.date) -> tuple[dict[int, int], list[RowError]]:
    found: dict[int, int] = {}
    errors = []
    for i, cell in enumerate(header):
        m = _RATING_HEADER.match(_strip_accents(_cell(cell)))
        if m is None:
            continue
        year = int(m.group(1))
        if not 1930 <= year <= today.year:
            errors.append(RowError(1, _cell(cell), f"năm {year} không hợp lệ (1930 đến {today.year}) / bad year"))
        elif year in found:
            errors.append(RowError(1, _cell(cell), f"hai cột xếp loại năm {year} / two columns for {year}"))
        else:
            found[year] = i
    return found, errors


def _on_roll_at(admitted: dt.date, joined_on: dt.date | None, left_on: dt.date | None, day: dt.date) -> bool:
    """records.on_roll for one unsaved row: entered by ``day`` and not gone."""
    return (joined_on or admitted) <= day and (left_on is None or left_on > day)


def insert_members(members: list[Member]) -> int:
    """Write the checked rows, and the ratings read beside them; the number of ratings written.

    COPY on PostgreSQL, executemany on SQLite. bulk_create spends two thirds of a 100 000-row import
    preparing values field by field; the rows here are already clean, so they go in as plain tuples
    (dates as ISO text, which SQLite stores and PostgreSQL casts). The members' ids are taken first
    (the sequence on PostgreSQL; past the largest on SQLite, whose writer holds the database's lock
    for the whole transaction) so that their ratings can point to them without reading them back."""
    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    now = Member._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
    kinds = []
    for f in fields:
        if f.attname == "created_at":
            kinds.append(2)
        elif isinstance(f, models.DateField):
            kinds.append(1)
        else:
            kinds.append(0)
    attnames = [f.attname for f in fields]
    ids = _take_ids(Member, len(members))
    rows, ratings = [], []
    for pk, m in zip(ids, members, strict=True):
        row = [pk]
        for attname, kind in zip(attnames, kinds, strict=True):
            value = getattr(m, attname)
            if kind == 2:
                value = now
            elif kind == 1 and value is not None:
                value = value.isoformat()
            row.append(value)
        rows.append(row)
        for year, level in getattr(m, "imported_ratings", ()):
            ratings.append([pk, m.committee_id, m.branch_id, year, level])
    _write(Member, ["id", *(f.column for f in fields)], rows)
    _write(MemberRating, ["member_id", "committee_id", "branch_id", "year", "level"], ratings)
    return len(ratings)


def _take_ids(model, n: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + n))


def _write(model, columns: list[str], rows: list[list]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the rows stream in one command, several times faster than executemany (the
            # checks above are the same either way). psycopg's copy casts the ISO dates.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


def import_members(
    user,
    committee: Unit,
    name: str,
    data: bytes,
    *,
    today: dt.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportResult:
    """Check then write a roster file. Raises ImportFailed (nothing written) on any bad row."""
    _check_edit(user, committee)
    members, errors, n = validate_members(
        committee, iter_rows(name, data), today=today or dt.date.today(), progress=progress
    )
    if errors:
        raise ImportFailed(errors, n)
    if not members:
        raise ImportFailed([RowError(0, "-", f"Tệp «{name}» không có dòng dữ liệu / no data rows")], 0)
    if progress:
        progress("check", n, n)
    rated = 0
    with transaction.atomic():
        for i in range(0, len(members), BATCH):
            rated += insert_members(members[i : i + BATCH])
            if progress:
                progress("write", min(i + BATCH, len(members)), len(members))
        new = {"file": name[:200], "created": len(members)} | ({"ratings": rated} if rated else {})
        audit(user, committee, "member.import", None, None, new)
    return ImportResult(created=len(members), rows=n, ratings=rated)


# --- ratings -----------------------------------------------------------------------------


def import_ratings(user, branch: Unit, year: int, name: str, data: bytes) -> int:
    """A branch's member ratings of a year from a file (Họ và tên, Ngày sinh, Xếp loại), all or nothing."""
    from .records import set_ratings

    committee = branch.parent
    _check_edit(user, committee)
    it = iter_rows(name, data)
    header = next(it, None)
    if header is None:
        raise ImportFailed([RowError(0, "-", f"Tệp «{name}» trống / empty file")])
    cols, errors = _header_map(list(header), RATING_COLUMNS)
    if errors:
        raise ImportFailed(errors)
    headers = {key: h for key, h, _, _ in RATING_COLUMNS}
    members = {(m.full_name, m.birth_date): m.pk for m in rateable_members(branch, year)}
    levels: dict[int, str] = {}
    for rownum, raw in enumerate(it, start=2):
        values = [_cell(v) for v in raw]
        if not any(values):
            continue

        width = len(values)
        val = {key: values[i] if i < width else "" for key, i in cols.items()}.get

        level = LEVEL_WORDS.get(_strip_accents(val("level", "")))
        if level is None:
            errors.append(RowError(rownum, headers["level"], f"mức xếp loại không hợp lệ «{val('level', '')}»"))
        try:
            birth = parse_date(val("birth_date", ""))
        except ValueError:
            errors.append(RowError(rownum, headers["birth_date"], f"ngày không hợp lệ «{val('birth_date', '')}»"))
            continue
        pk = members.get((" ".join(val("full_name", "").split()), birth))
        if pk is None:
            errors.append(RowError(rownum, headers["full_name"], "không phải đảng viên của chi bộ trong năm này"))
        elif level:
            levels[pk] = level
    if errors:
        raise ImportFailed(errors)
    try:
        return set_ratings(user, branch, year, levels, None)
    except PartyError as exc:  # pragma: no cover - checked above
        raise ImportFailed([RowError(0, "-", str(exc))]) from None


# --- templates ---------------------------------------------------------------------------


def template_csv(columns=MEMBER_COLUMNS, example=EXAMPLE_ROW) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([h for _, h, _, _ in columns])
    if example:
        w.writerow(example)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(columns=MEMBER_COLUMNS, example=EXAMPLE_ROW) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách đảng viên"
    ws.append([h for _, h, _, _ in columns])
    for i, (_, h, required, help_text) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=required)
        if help_text:
            cell.comment = Comment(("Bắt buộc. " if required else "") + help_text, "chitieu")
        ws.column_dimensions[cell.column_letter].width = max(14, len(h) + 4)
    if example:
        ws.append(example)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_members_csv(members: Iterable[Member]) -> bytes:
    """An export in the import template's columns, so a roster can go back and forth."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([h for _, h, _, _ in MEMBER_COLUMNS])
    fmt = "%d/%m/%Y"

    def day(d) -> str:
        return d.strftime(fmt) if d else ""

    for m in members:
        # A removal's own word (khai trừ, xóa tên, xin ra khỏi Đảng) reads back as its reason.
        status = m.get_leave_reason_display() if m.status == MemberStatus.REMOVED and m.leave_reason else ""
        w.writerow(
            [
                m.full_name,
                m.birth_date.strftime(fmt),
                m.get_sex_display(),
                m.branch.name,
                m.admitted_on.strftime(fmt),
                day(m.full_on),
                status or m.get_status_display(),
                day(m.left_on),
                m.card_number,
                "x" if m.transferred_in else "",
                day(m.joined_on),
                m.note,
                m.get_entry_kind_display() if m.entry_kind else "",
                m.get_transfer_scope_display() if m.transfer_scope else "",
                m.ethnicity,
                m.religion,
                m.get_occupation_display() if m.occupation else "",
                {True: "có", False: "không"}.get(m.business_owner, ""),
                m.get_education_display() if m.education else "",
                m.get_qualification_display() if m.qualification else "",
                m.get_academic_title_display() if m.academic_title else "",
                m.get_theory_display() if m.theory else "",
                {True: "có", False: "không"}.get(m.youth_union, ""),
                day(m.card_issued_on),
                day(m.exempt_since),
                m.get_leave_scope_display() if m.leave_scope else "",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def rating_template_csv() -> bytes:
    return template_csv(RATING_COLUMNS, None)


__all__ = [
    "ImportFailed",
    "ImportResult",
    "RowError",
    "import_members",
    "import_ratings",
    "template_csv",
    "template_xlsx",
]
