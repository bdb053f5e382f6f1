from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    # The top of a national installation: the 34 provinces sit under it (its name is "Việt Nam").
    COUNTRY = "country", "cả nước"
    PROVINCE = "province", "tỉnh"
    CITY = "city", "thành phố"
    TOWN = "town", "thị xã"
    DISTRICT = "district", "quận"
    RURAL_DISTRICT = "rural_district", "huyện"
    WARD = "ward", "phường"
    COMMUNE = "commune", "xã"
    TOWNSHIP = "township", "thị trấn"
    BRANCH = "branch", "chi bộ"
    UNNAMED = "unnamed", "(chưa rõ cấp trên)"


# Kinds that are a grassroots committee (Đảng bộ phường, xã, thị trấn): the unit targets belong to.
COMMITTEE_KINDS = (Kind.WARD, Kind.COMMUNE, Kind.TOWNSHIP)
OVERSIGHT_KINDS = (Kind.COUNTRY, Kind.PROVINCE, Kind.CITY, Kind.TOWN, Kind.DISTRICT, Kind.RURAL_DISTRICT, Kind.UNNAMED)


class BranchKind(models.TextChoices):
    RESIDENTIAL = "residential", "khu dân cư"
    AGENCY = "agency", "cơ quan, đơn vị"


class Unit(models.Model):
    """A node of the organisation tree.

    ``path`` is the chain of ancestor ids ("/1/7/42/"), so a subtree is one indexed prefix query on
    SQLite and PostgreSQL alike: the province page covers a hundred committees without recursion.
    """

    kind = models.CharField("cấp", max_length=16, choices=Kind.choices)
    name = models.CharField("tên", max_length=200)  # proper name: "Khuê Trung", "4" for phường 4
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    path = models.CharField("đường dẫn trong cây tổ chức", max_length=255, db_index=True, editable=False, default="")
    code = models.CharField("mã hành chính", max_length=20, blank=True, default="")  # administrative code, if known
    branch_kind = models.CharField("loại chi bộ", max_length=16, choices=BranchKind.choices, blank=True, default="")
    # The 2025 reform merged communes: a merged unit points to its successor and is kept read-only.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        verbose_name="sáp nhập vào",
    )
    merged_on = models.DateField("ngày sáp nhập", null=True, blank=True)
    # Counts the changes to a committee's data (every audited write, chitieu.orgs.audit): a summary
    # stored with the revision it was computed at is current while the two agree.
    revision = models.PositiveBigIntegerField("số lần dữ liệu thay đổi", default=0, editable=False)
    # Not part of the record a user edits: a change to the committee's data is no edit of the unit
    # (chitieu.versions leaves it out of the unit's version).
    unversioned_fields = ("revision",)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "path"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """ "phường Khuê Trung", "xã Long Đức", "chi bộ 24" — as reports write them."""
        if self.kind == Kind.UNNAMED:
            return self.name or "(chưa rõ cấp trên)"
        if self.kind == Kind.COUNTRY:
            return "cả nước"
        return f"{self.get_kind_display()} {self.name}"

    @property
    def party_title(self) -> str:
        """ "Đảng bộ phường Khuê Trung"."""
        return f"Đảng bộ {self.title}" if self.is_committee else self.title

    @property
    def is_committee(self) -> bool:
        return self.kind in COMMITTEE_KINDS

    @property
    def is_active(self) -> bool:
        return self.merged_into_id is None

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]


class Role(models.TextChoices):
    EDITOR = "editor", "biên tập"  # a committee's office: edits its committee and branches
    VIEWER = "viewer", "xem"  # reads its unit's subtree
    REVIEWER = "reviewer", "duyệt"  # the level above: reads its subtree, approves and reopens results


class Grant(models.Model):
    """A user's role on a unit; the role covers the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants", verbose_name="người dùng"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="grants", verbose_name="đơn vị")
    role = models.CharField("vai trò", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        unique_together = [("user", "unit", "role")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} {self.unit}"


class AuditEntry(models.Model):
    """Who changed what, when: old → new. Written by the functions that change data, explicitly."""

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="người thực hiện"
    )
    unit = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="audit", verbose_name="đơn vị")
    # "result.create", "result.approve", "member.export", …
    action = models.CharField("thao tác", max_length=40)
    object_type = models.CharField("loại bản ghi", max_length=40)
    object_id = models.CharField("mã bản ghi", max_length=40, blank=True, default="")
    old = models.JSONField("giá trị cũ", null=True, blank=True)
    new = models.JSONField("giá trị mới", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "dòng nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        from .audit_text import action_phrase  # the words of the log page; it imports this module

        return f"{timezone.localtime(self.at):%d/%m/%Y %H:%M}: {action_phrase(self.action)}"


class ApiToken(models.Model):
    """A token for the JSON API ("Authorization: Bearer …"). Only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="người dùng"
    )
    name = models.CharField("tên", max_length=100, blank=True, default="")
    key_hash = models.CharField(
        "mã băm của khóa", max_length=64, unique=True, help_text="SHA-256 của khóa; bản thân khóa không được lưu."
    )
    created = models.DateTimeField("lúc tạo", auto_now_add=True)
    last_used = models.DateTimeField("lần dùng gần nhất", null=True, blank=True)
    # A token ends on its expiry date, and when its user's password changes (the password's hash is
    # then different): a token leaked with a password is revoked by changing the password.
    expires = models.DateTimeField("hết hạn lúc", null=True, blank=True)
    password_mark = models.CharField(
        "dấu mật khẩu",
        max_length=16,
        blank=True,
        default="",
        help_text="Khi người dùng đổi mật khẩu, dấu này không còn khớp và khóa hết hiệu lực.",
    )

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self) -> str:
        return f"{self.user} {self.name}"
