"""The Party organisation of a committee: branches' details, members, candidates, ratings, registers.

Branches themselves are ``orgs.Unit`` rows of kind BRANCH; everything here points to units. Dates,
not flags, carry history: a member counts in a year when admitted before its end and not gone by it,
so the figures of past years stay right after transfers, deaths and removals.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db import models

from chitieu.orgs.models import Unit


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the 29-31 of a shorter month falls back to its last day."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


# Điều lệ Đảng, Điều 5: a person admitted to the Party serves twelve months of probation.
PROBATION_MONTHS = 12


def probation_ends(admitted_on: dt.date) -> dt.date:
    return add_months(admitted_on, PROBATION_MONTHS)


class ResidentialGroup(models.Model):
    """A tổ dân phố, thôn or khu phố of the committee's area; a residential branch usually has one."""

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="residential_groups")
    name = models.CharField(max_length=120)  # "Tổ dân phố 5", "Thôn Phú Lộc"

    class Meta:
        verbose_name = "tổ dân phố, thôn"
        verbose_name_plural = "tổ dân phố, thôn"
        ordering = ["committee", "name"]
        unique_together = [("committee", "name")]

    def __str__(self) -> str:
        return self.name


class BranchInfo(models.Model):
    """What the party app knows about a branch Unit: its residential group and its dates."""

    branch = models.OneToOneField(Unit, primary_key=True, on_delete=models.CASCADE, related_name="party_info")
    residential_group = models.ForeignKey(
        ResidentialGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="branches"
    )
    founded_on = models.DateField(null=True, blank=True)
    dissolved_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "thông tin chi bộ"
        verbose_name_plural = "thông tin chi bộ"


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", "dự bị"
    FULL = "full", "chính thức"
    TRANSFERRED_OUT = "transferred_out", "chuyển sinh hoạt đi"
    DECEASED = "deceased", "từ trần"
    REMOVED = "removed", "xóa tên, khai trừ"


ACTIVE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.FULL)
LEFT_STATUSES = (MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED, MemberStatus.REMOVED)


class Sex(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


# What the statistical forms (Hướng dẫn 11-HD/BTCTW, 2021) break members down by. An empty value means
# "not recorded": the forms count such members apart and say the breakdown is incomplete, rather than
# reading a missing field as "none".


# The labels are the forms' own (Biểu số 2, 3-BTCTW as typed into the open-source registries that
# ship them; docs/statistical_forms.md says which).


class Education(models.TextChoices):
    """Trình độ giáo dục phổ thông: the highest school level finished."""

    LITERATE = "literate", "Biết đọc, biết viết chữ quốc ngữ"
    PRIMARY = "primary", "Tiểu học"
    LOWER_SECONDARY = "lower_secondary", "Trung học cơ sở"
    UPPER_SECONDARY = "upper_secondary", "Trung học phổ thông"


class Qualification(models.TextChoices):
    """Trình độ chuyên môn nghiệp vụ: the highest professional qualification."""

    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Công nhân kỹ thuật, nhân viên nghiệp vụ, sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    COLLEGE = "college", "Cao đẳng"
    UNIVERSITY = "university", "Đại học"
    MASTER = "master", "Thạc sỹ"
    DOCTOR = "doctor", "Tiến sỹ"


class Theory(models.TextChoices):
    """Trình độ lý luận chính trị; the forms count "cao cấp" and "cử nhân" on one line."""

    NONE = "none", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    ADVANCED = "advanced", "Cao cấp, cử nhân"


class AcademicTitle(models.TextChoices):
    ASSOCIATE_PROFESSOR = "assoc_prof", "Phó Giáo sư"
    PROFESSOR = "professor", "Giáo sư"


class Occupation(models.TextChoices):
    """Nghề nghiệp, in the groups of Biểu 2 and 3 (the three enterprise groups are one heading's parts)."""

    STATE_OFFICIAL = "state_official", "Cán bộ, công chức cơ quan Nhà nước tính từ cấp huyện trở lên"
    PARTY_OFFICIAL = (
        "party_official",
        ("Cán bộ, công chức cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể chính trị - xã hội tính từ cấp huyện trở lên"),
    )
    COMMUNE_OFFICIAL = (
        "commune_official",
        ("Cán bộ, công chức; người hoạt động không chuyên trách ở xã, phường, thị trấn"),
    )
    NEIGHBOURHOOD = "neighbourhood", "Người hoạt động không chuyên trách thôn, tổ dân phố, bản (ấp, khóm)"
    PUBLIC_EMPLOYEE = "public_employee", "Viên chức trong các đơn vị sự nghiệp công lập"
    NONPUBLIC_EMPLOYEE = "nonpublic_employee", "Người lao động trong các đơn vị sự nghiệp ngoài công lập"
    ENTERPRISE_MANAGER = "enterprise_manager", "Người lãnh đạo, quản lý doanh nghiệp"
    ENTERPRISE_STAFF = "enterprise_staff", "Nhân viên, người gián tiếp sản xuất"
    ENTERPRISE_WORKER = "enterprise_worker", "Công nhân, lao động trực tiếp sản xuất"
    FARMER = "farmer", "Người làm nông, lâm, ngư nghiệp"
    ARMED_FORCES = "armed_forces", "Sỹ quan, chiến sỹ quân đội và công an (lực lượng vũ trang)"
    UNIVERSITY_STUDENT = "university_student", "Sinh viên"
    PUPIL = "pupil", "Học sinh"
    OTHER = "other", "Khác (lao động hợp đồng, tự do…)"
    RETIRED = "retired", "Đã nghỉ hưu và nghỉ công tác"


class EntryKind(models.TextChoices):
    """How a member came onto this committee's roll: what Biểu 1 counts as an increase."""

    ADMITTED = "admitted", "kết nạp"
    READMITTED = "readmitted", "kết nạp lại"
    RESTORED = "restored", "phục hồi đảng tịch"
    TRANSFERRED_IN = "transferred_in", "chuyển đến"


class TransferScope(models.TextChoices):
    """Where a transfer came from or went to, as Biểu 1 splits it."""

    IN_PROVINCE = "in_province", "trong tỉnh"
    OTHER_PROVINCE = "other_province", "tỉnh khác"


class LeaveReason(models.TextChoices):
    """Why a record closed, finer than the status: Biểu 1 counts each apart."""

    DIED = "died", "từ trần"
    EXPELLED = "expelled", "khai trừ"
    STRUCK_OFF = "struck_off", "xóa tên"
    RESIGNED = "resigned", "xin ra khỏi Đảng"
    TRANSFERRED = "transferred", "chuyển sinh hoạt đi"


class Member(models.Model):
    """A Party member's record in one committee. A transfer to another committee closes this record
    (status transferred out) and opens one there that points back to it, so each committee keeps
    its own history."""

    # No index of its own: the (committee, status/admitted_on/left_on) indexes below lead with it
    # (5.6 million rows nationally: each index is 2-3 s of a bulk load and ~120 MB).
    committee = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="party_members", db_index=False)
    branch = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="branch_members")
    full_name = models.CharField(max_length=120)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    card_number = models.CharField(max_length=20, blank=True, default="")  # số thẻ đảng viên
    admitted_on = models.DateField()  # ngày vào Đảng (kết nạp)
    full_on = models.DateField(null=True, blank=True)  # ngày chính thức
    status = models.CharField(max_length=16, choices=MemberStatus.choices, default=MemberStatus.PROBATIONARY)
    left_on = models.DateField(null=True, blank=True)  # when the record closed: transfer out, death, removal
    # Came from another Party organisation (not admitted here): not counted as this committee's admission,
    # and counted among its members from ``joined_on`` (the transfer) instead of the admission date.
    transferred_in = models.BooleanField(default=False)
    joined_on = models.DateField(null=True, blank=True)
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next")
    note = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    # For the statistical forms; "" = not recorded (see above).
    entry_kind = models.CharField(max_length=16, choices=EntryKind.choices, blank=True, default="")
    transfer_scope = models.CharField(max_length=16, choices=TransferScope.choices, blank=True, default="")
    leave_reason = models.CharField(max_length=12, choices=LeaveReason.choices, blank=True, default="")
    leave_scope = models.CharField(max_length=16, choices=TransferScope.choices, blank=True, default="")
    ethnicity = models.CharField(max_length=40, blank=True, default="")  # "Kinh", "Tày", "Khmer"…
    religion = models.CharField(max_length=40, blank=True, default="")  # "không", "Phật giáo", "Công giáo"…
    occupation = models.CharField(max_length=20, choices=Occupation.choices, blank=True, default="")
    business_owner = models.BooleanField(null=True, blank=True)  # chủ doanh nghiệp tư nhân; None: not recorded
    academic_title = models.CharField(max_length=12, choices=AcademicTitle.choices, blank=True, default="")
    education = models.CharField(max_length=16, choices=Education.choices, blank=True, default="")
    qualification = models.CharField(max_length=16, choices=Qualification.choices, blank=True, default="")
    theory = models.CharField(max_length=16, choices=Theory.choices, blank=True, default="")
    youth_union = models.BooleanField(null=True, blank=True)  # đoàn viên TNCS Hồ Chí Minh when admitted
    card_issued_on = models.DateField(null=True, blank=True)  # ngày phát thẻ đảng viên
    # Miễn công tác và sinh hoạt đảng (Điều lệ Đảng, Điều 7; Quy định 232-QĐ/TW): still a member.
    exempt_since = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["committee", "full_name", "birth_date"]
        indexes = [
            models.Index(fields=["committee", "admitted_on"]),
            models.Index(fields=["committee", "left_on"]),
            models.Index(fields=["committee", "status"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def probation_ends(self) -> dt.date:
        return probation_ends(self.admitted_on)


class Transfer(models.Model):
    """A member moving between branches of a committee, or to another committee (chuyển sinh hoạt)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    on = models.DateField()
    from_branch = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="+")
    to_branch = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The record opened at the receiving committee, when it is in the system.
    new_member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    destination = models.CharField(max_length=200, blank=True, default="")  # outside the system
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    # Chuyển sinh hoạt tạm thời (study, work away for a while): the member stays on this roll.
    temporary = models.BooleanField(default=False)

    class Meta:
        verbose_name = "chuyển sinh hoạt đảng"
        verbose_name_plural = "chuyển sinh hoạt đảng"
        ordering = ["member", "on", "id"]


class ResidenceContact(models.Model):
    """A member who works elsewhere and keeps contact with the branch where they live (Quy định
    213-QĐ/TW, 2/1/2020). Their Party record is kept by their workplace's organisation, so they are
    counted apart from the committee's members."""

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="residence_contacts")
    branch = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="branch_residence_contacts")
    full_name = models.CharField(max_length=120)
    birth_date = models.DateField(null=True, blank=True)
    home_organisation = models.CharField(max_length=200, blank=True, default="")  # where the record is kept
    registered_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "đảng viên sinh hoạt nơi cư trú"
        verbose_name_plural = "đảng viên sinh hoạt nơi cư trú"
        ordering = ["committee", "full_name"]
        indexes = [models.Index(fields=["committee", "registered_on"])]


class CandidateStatus(models.TextChoices):
    CANDIDATE = "candidate", "đang bồi dưỡng"
    ADMITTED = "admitted", "đã kết nạp"
    DROPPED = "dropped", "dừng xem xét"


class Candidate(models.Model):
    """A quần chúng ưu tú in the admission pipeline: candidate → admitted (probationary) → full."""

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="party_candidates")
    branch = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="branch_candidates")
    full_name = models.CharField(max_length=120)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    course_on = models.DateField(null=True, blank=True)  # lớp bồi dưỡng nhận thức về Đảng
    status = models.CharField(max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.CANDIDATE)
    member = models.OneToOneField(Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidate")
    note = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quần chúng ưu tú (đối tượng kết nạp)"
        verbose_name_plural = "quần chúng ưu tú (đối tượng kết nạp)"
        ordering = ["committee", "status", "full_name"]


class Level(models.TextChoices):
    """The four levels of the yearly quality rating of members and Party organisations."""

    EXCELLENT = "excellent", "HTXSNV"
    GOOD = "good", "HTTNV"
    COMPLETED = "completed", "HTNV"
    NOT_COMPLETED = "not_completed", "KHTNV"


LEVEL_NAMES = {
    Level.EXCELLENT: "hoàn thành xuất sắc nhiệm vụ",
    Level.GOOD: "hoàn thành tốt nhiệm vụ",
    Level.COMPLETED: "hoàn thành nhiệm vụ",
    Level.NOT_COMPLETED: "không hoàn thành nhiệm vụ",
}


SCORE_DIGITS = {"max_digits": 5, "decimal_places": 2}


class MemberRating(models.Model):
    """The level the competent level decided (step 3 of Quy định 366-QĐ/TW): what every count reads.
    The earlier steps, the member's own rating and the branch's proposal, are a RatingProposal."""

    # member and committee have no index of their own: (member, year) and (committee, year) lead
    # with them (21.8 million rows nationally: ~10 s of a bulk load and ~470 MB each).
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="ratings", db_index=False)
    # Where the member was rated: the shares of a committee's year are over these rows.
    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    branch = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=16, choices=Level.choices)
    score = models.DecimalField(null=True, blank=True, **SCORE_DIGITS)  # on 100 points, from 2025

    class Meta:
        verbose_name = "xếp loại đảng viên"
        verbose_name_plural = "xếp loại đảng viên"
        unique_together = [("member", "year")]
        indexes = [models.Index(fields=["committee", "year"])]


class RatingProposal(models.Model):
    """Steps 1 and 2 of a member's yearly rating (Quy định 366-QĐ/TW, 2025): the member rates
    themself, the branch reviews and proposes; the committee's decision is the MemberRating."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="rating_proposals")
    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    self_score = models.DecimalField(null=True, blank=True, **SCORE_DIGITS)
    self_level = models.CharField(max_length=16, choices=Level.choices, blank=True, default="")
    proposed_score = models.DecimalField(null=True, blank=True, **SCORE_DIGITS)
    proposed_level = models.CharField(max_length=16, choices=Level.choices, blank=True, default="")
    # Disciplined in the year: rated KHTNV unless they found and remedied it themselves (Quy định
    # 124-QĐ/TW, kept for 366-QĐ/TW: chitieu.party.rating_rules).
    disciplined = models.BooleanField(default=False)
    # The extra conditions HTXSNV needs beyond 90 points (outstanding, concrete results), as the
    # branch found them.
    excellent_conditions = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tự đánh giá và đề xuất xếp loại"
        verbose_name_plural = "tự đánh giá và đề xuất xếp loại"
        unique_together = [("member", "year")]
        indexes = [models.Index(fields=["committee", "year"])]


class UnitRating(models.Model):
    """The yearly rating of a branch, or of the committee itself (``unit`` == ``committee``)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="party_ratings")
    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=16, choices=Level.choices)
    score = models.DecimalField(null=True, blank=True, **SCORE_DIGITS)

    class Meta:
        verbose_name = "xếp loại tổ chức đảng"
        verbose_name_plural = "xếp loại tổ chức đảng"
        unique_together = [("unit", "year")]
        indexes = [models.Index(fields=["committee", "year"])]


class InspectionBody(models.TextChoices):
    EXECUTIVE = "executive", "Ban Chấp hành Đảng ủy"
    STANDING = "standing", "Ban Thường vụ Đảng ủy"
    COMMISSION = "commission", "Ủy ban Kiểm tra Đảng ủy"
    BRANCH = "branch", "Chi bộ"


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", "kiểm tra"
    SUPERVISION = "supervision", "giám sát chuyên đề"
    VIOLATION = "violation", "kiểm tra khi có dấu hiệu vi phạm"


class SubjectKind(models.TextChoices):
    COLLECTIVE = "collective", "tập thể"
    INDIVIDUAL = "individual", "cá nhân"


class Inspection(models.Model):
    """One inspection or supervision (kiểm tra, giám sát) run by the committee or its commission."""

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="inspections")
    held_on = models.DateField()
    body = models.CharField(max_length=12, choices=InspectionBody.choices)
    kind = models.CharField(max_length=12, choices=InspectionKind.choices, default=InspectionKind.INSPECTION)
    subject_kind = models.CharField(max_length=10, choices=SubjectKind.choices, default=SubjectKind.COLLECTIVE)
    subject = models.CharField(max_length=200)  # "Chi bộ Tổ dân phố 3", "đồng chí …"
    topic = models.CharField(max_length=300, blank=True, default="")
    result = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "cuộc kiểm tra, giám sát"
        verbose_name_plural = "kiểm tra, giám sát"
        ordering = ["committee", "-held_on", "id"]
        indexes = [models.Index(fields=["committee", "held_on"])]


class AwardLevel(models.TextChoices):
    CERTIFICATE = "certificate", "giấy khen"
    MERIT = "merit", "bằng khen"
    FLAG = "flag", "cờ thi đua"
    ORDER = "order", "huân chương"
    OTHER = "other", "khác"


class Award(models.Model):
    """An emulation award (thi đua, khen thưởng) given to the committee, its branches or people."""

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="awards")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=12, choices=AwardLevel.choices)
    title = models.CharField(max_length=200, blank=True, default="")  # "Huân chương Lao động hạng Nhì"
    issuer = models.CharField(max_length=200, blank=True, default="")  # "Chủ tịch nước", "UBND tỉnh"
    recipient_kind = models.CharField(max_length=10, choices=SubjectKind.choices, default=SubjectKind.COLLECTIVE)
    recipient = models.CharField(max_length=200)
    count = models.PositiveIntegerField(default=1)  # "giấy khen cho 11 cá nhân" as one line

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "thi đua, khen thưởng"
        ordering = ["committee", "-year", "level", "id"]


class BadgeAward(models.Model):
    """A Party badge handed over (Huy hiệu Đảng). Usually on an award day once the years are reached;
    an early award (trao sớm, for a member gravely ill or very old: Hướng dẫn 01-HD/TW, 2021) is kept
    by hand with its reason."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="badge_awards")
    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    years = models.PositiveSmallIntegerField()  # 30, 40, 45 … 90
    awarded_on = models.DateField()
    early = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "trao Huy hiệu Đảng"
        verbose_name_plural = "trao Huy hiệu Đảng"
        ordering = ["committee", "awarded_on", "id"]
        unique_together = [("member", "years")]
        indexes = [models.Index(fields=["committee", "awarded_on"])]
