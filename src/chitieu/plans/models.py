from decimal import Decimal

from django.conf import settings
from django.db import models

from chitieu.core.catalog import Direction
from chitieu.core.quantity import Unit as QUnit
from chitieu.core.targets import SHAPE_LABELS, Period, Shape
from chitieu.core.targets import Target as CoreTarget
from chitieu.orgs.models import Unit

# Exact numbers: up to 10^18 đồng with 8 decimals. On SQLite Django keeps 15 significant digits
# of a non-integer, so forms refuse non-integers longer than that (see plans.forms.clean_decimal).
DECIMAL = {"max_digits": 30, "decimal_places": 8}

UNIT_LABELS = {
    QUnit.VND: "đồng",
    QUnit.PERCENT: "%",
    QUnit.PERMILLE: "‰",
    QUnit.HECTARE: "ha",
    QUnit.COUNT: "số lượng",
    QUnit.TIMES: "lần",
    QUnit.OTHER: "đơn vị khác",
    QUnit.YES_NO: "đạt / không đạt",
    QUnit.RATING: "mức xếp loại",
}
UNIT_CHOICES = [(u.value, UNIT_LABELS[u]) for u in QUnit]
SHAPE_CHOICES = [(s.value, SHAPE_LABELS[s]) for s in Shape]
PERIOD_CHOICES = [(Period.YEAR.value, "mỗi năm"), (Period.TERM.value, "cả nhiệm kỳ")]
DIRECTION_CHOICES = [
    (Direction.HIGHER, "càng cao càng tốt / tăng"),
    (Direction.LOWER, "càng thấp càng tốt / giảm"),
    (Direction.BAND, "nằm trong khoảng"),
]


def roman(n: int) -> str:
    """Congress ordinals are written in Roman numerals: 15 -> "XV"."""
    if n <= 0:
        return str(n)
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


class Term(models.Model):
    """A five-year term (nhiệm kỳ) of a committee, opened by its congress."""

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="terms", verbose_name="đảng bộ")
    start_year = models.PositiveSmallIntegerField("năm bắt đầu")
    end_year = models.PositiveSmallIntegerField("năm kết thúc")
    congress_ordinal = models.PositiveSmallIntegerField("Đại hội lần thứ", null=True, blank=True)  # XV
    congress_date = models.DateField("ngày Đại hội", null=True, blank=True)
    secretary = models.CharField("Bí thư", max_length=120, blank=True, default="")  # signs the reports

    class Meta:
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ"
        ordering = ["committee", "-start_year"]
        unique_together = [("committee", "start_year")]

    def __str__(self) -> str:
        return f"{self.committee.title}, nhiệm kỳ {self.label}"

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    @property
    def congress_roman(self) -> str:
        return roman(self.congress_ordinal) if self.congress_ordinal else ""

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Target(models.Model):
    """One main target (chỉ tiêu chủ yếu) of a term's resolution, or of one year's plan (``year``)."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="targets", verbose_name="nhiệm kỳ")
    year = models.PositiveSmallIntegerField(
        "năm", null=True, blank=True, help_text="Chỉ điền cho chỉ tiêu của kế hoạch một năm."
    )
    number = models.PositiveSmallIntegerField("số thứ tự", default=0)  # STT in the resolution
    text = models.TextField("nội dung chỉ tiêu")  # the phrase as the resolution writes it
    indicator = models.CharField("chỉ số", max_length=60, blank=True, default="")  # catalog key
    shape = models.CharField("dạng chỉ tiêu", max_length=20, choices=SHAPE_CHOICES)
    value = models.DecimalField("mức chỉ tiêu", **DECIMAL)
    value_max = models.DecimalField("mức trên (khoảng)", null=True, blank=True, **DECIMAL)
    unit = models.CharField("đơn vị tính", max_length=8, choices=UNIT_CHOICES)
    counted = models.CharField("đối tượng đếm", max_length=120, blank=True, default="")
    period = models.CharField("kỳ tính", max_length=8, choices=PERIOD_CHOICES, blank=True, default="")
    direction = models.CharField("chiều đánh giá", max_length=8, choices=DIRECTION_CHOICES, default=Direction.HIGHER)
    strict = models.BooleanField(
        "không tính mức bằng", default=False, help_text="“trên”, “dưới”: bằng mức là chưa đạt."
    )
    confirmed = models.BooleanField("đã kiểm tra", default=False)  # a parsed target the user has checked
    # The rest of the core Target (chitieu.core.targets): "5/6 thôn" (of), "50% (8 xã)" (count), a
    # change in percent of the level (relative), "so với năm 2015" (since), "vào năm 2020" (deadline).
    of = models.DecimalField("trên tổng số", null=True, blank=True, **DECIMAL)
    count = models.DecimalField("số lượng", null=True, blank=True, **DECIMAL)
    relative = models.BooleanField("thay đổi tính theo % của mức", default=False)
    since = models.PositiveSmallIntegerField("so với năm", null=True, blank=True)
    deadline = models.PositiveSmallIntegerField("hạn hoàn thành (năm)", null=True, blank=True)
    # "người/năm" of "70 triệu đồng/người/năm", "ha"; the measure of an "other" unit ("tấn", "km")
    per = models.CharField("tính trên", max_length=60, blank=True, default="")
    measure = models.CharField("đơn vị đo khác", max_length=12, blank=True, default="")

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["term", "year", "number", "id"]

    def __str__(self) -> str:
        return self.text

    def as_core(self) -> CoreTarget:
        return CoreTarget(
            shape=Shape(self.shape),
            value=Decimal(self.value),
            unit=QUnit(self.unit),
            value_max=Decimal(self.value_max) if self.value_max is not None else None,
            counted=self.counted or None,
            period=Period(self.period) if self.period else None,
            indicator=self.indicator or None,
            direction=self.direction,
            strict=self.strict,
            text=self.text,
            of=Decimal(self.of) if self.of is not None else None,
            count=Decimal(self.count) if self.count is not None else None,
            relative=self.relative,
            since=self.since,
            per=self.per or None,
            measure=self.measure or None,
            # a yearly plan's target is due by the end of its year
            deadline=self.deadline if self.deadline is not None else self.year,
        )


class SourceDocument(models.Model):
    """An uploaded report or article; stored figures point into its plain text."""

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="documents", verbose_name="đảng bộ")
    name = models.CharField("tên tài liệu", max_length=255)
    text = models.TextField("nội dung văn bản")  # the plain text the extractor read; spans are offsets into it
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="người tải lên"
    )
    uploaded_at = models.DateTimeField("lúc tải lên", auto_now_add=True)
    # What the extractor read in the text, kept so a page or the API does not read a long report
    # again on every view (5 MB took 27 s); read again only when the extractor's rules change.
    facts = models.JSONField("số liệu đã đọc", null=True, blank=True, editable=False)
    facts_version = models.CharField("phiên bản bộ đọc", max_length=16, blank=True, default="", editable=False)

    class Meta:
        verbose_name = "tài liệu nguồn"
        verbose_name_plural = "tài liệu nguồn"

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    DRAFT = "draft", "nháp"
    SUBMITTED = "submitted", "đã gửi"
    APPROVED = "approved", "đã duyệt"


class Result(models.Model):
    """What was achieved against a target: for one year, or for the whole term (``year`` empty)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="results", verbose_name="chỉ tiêu")
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True, help_text="Để trống: cả nhiệm kỳ.")
    value = models.DecimalField("giá trị", **DECIMAL)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Where the figure came from: typed by someone, or a span of an uploaded document.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="người nhập"
    )
    entered_at = models.DateTimeField("lúc nhập", auto_now=True)
    document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="tài liệu nguồn"
    )
    span_start = models.PositiveIntegerField("từ ký tự", null=True, blank=True)
    span_end = models.PositiveIntegerField("đến ký tự", null=True, blank=True)
    source_text = models.TextField("câu trích từ tài liệu", blank=True, default="")  # where the figure was read
    claim = models.CharField("đánh giá tài liệu tự nêu", max_length=10, blank=True, default="")
    note = models.CharField("ghi chú", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "kết quả thực hiện"
        verbose_name_plural = "kết quả thực hiện"
        ordering = ["target", "year"]
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="one_result_per_target_year"),
            models.UniqueConstraint(
                fields=["target"], condition=models.Q(year__isnull=True), name="one_term_result_per_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} — {self.year or 'nhiệm kỳ'}: {self.value}"

    @property
    def source_label(self) -> str:
        if self.document_id:
            if self.span_start is None:  # read from the document, but not from one marked place in it
                return self.document.name
            return f"{self.document.name}, ký tự {self.span_start}–{self.span_end}"
        return f"nhập tay bởi {self.entered_by}" if self.entered_by_id else "nhập tay"


class Figure(models.Model):
    """A figure a committee reports that is not a target's result: "270,9 tỷ đồng" of production
    value in 2019, "11,52%" poverty rate in 2015 (a baseline), "69 mô hình". Reports and the
    province's rankings read them by indicator."""

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="figures", verbose_name="đảng bộ")
    term = models.ForeignKey(
        Term, null=True, blank=True, on_delete=models.SET_NULL, related_name="figures", verbose_name="nhiệm kỳ"
    )
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True, help_text="Để trống: cả nhiệm kỳ.")
    indicator = models.CharField("chỉ số", max_length=60, blank=True, default="")
    label = models.CharField("nội dung", max_length=300)  # what the figure is, in the document's words
    value = models.DecimalField("giá trị", **DECIMAL)
    value_max = models.DecimalField("giá trị trên (khoảng)", null=True, blank=True, **DECIMAL)
    of = models.DecimalField("trên tổng số", null=True, blank=True, **DECIMAL)
    unit = models.CharField("đơn vị tính", max_length=8, choices=UNIT_CHOICES)
    counted = models.CharField("đối tượng đếm", max_length=120, blank=True, default="")
    role = models.CharField(
        "loại số liệu",
        max_length=12,
        default="actual",
        help_text="actual: kết quả thực hiện; baseline: mốc ban đầu; achievement: % so với kế hoạch.",
    )  # actual | baseline | achievement
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="người nhập"
    )
    document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="tài liệu nguồn"
    )
    span_start = models.PositiveIntegerField("từ ký tự", null=True, blank=True)
    span_end = models.PositiveIntegerField("đến ký tự", null=True, blank=True)
    source_text = models.TextField("câu trích từ tài liệu", blank=True, default="")

    class Meta:
        verbose_name = "số liệu"
        verbose_name_plural = "số liệu"
        ordering = ["committee", "indicator", "year"]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class CommitteeSummary(models.Model):
    """A committee's latest term judged, stored for the pages that read many committees at once (a
    province, the country): computed by chitieu.plans.summaries, current while ``revision`` is the
    committee's and ``rules`` the running code's. Never edited; recomputed when stale."""

    committee = models.OneToOneField(
        Unit, primary_key=True, on_delete=models.CASCADE, related_name="summary", verbose_name="đảng bộ"
    )
    revision = models.PositiveBigIntegerField("số lần dữ liệu thay đổi")
    rules = models.CharField("bộ quy tắc", max_length=40)  # the rules' fingerprint and the year judged in
    term = models.ForeignKey(Term, null=True, on_delete=models.CASCADE, related_name="+", verbose_name="nhiệm kỳ")
    met = models.PositiveIntegerField("đạt", default=0)
    exceeded = models.PositiveIntegerField("vượt", default=0)
    not_met = models.PositiveIntegerField("chưa đạt", default=0)
    total = models.PositiveIntegerField("tổng số chỉ tiêu", default=0)
    in_progress = models.PositiveIntegerField("đang thực hiện", default=0)
    on_track = models.PositiveIntegerField("đúng tiến độ", default=0)
    drafts = models.PositiveIntegerField("kết quả nháp", default=0)
    awaiting = models.PositiveIntegerField("chờ duyệt", default=0)
    # Per target: what the pages and the API show of it (texts and displays already formatted, the
    # verdict, the latest figure for the ranking). A short list: a term has about thirty targets.
    targets = models.JSONField("các chỉ tiêu", default=list)
    computed_at = models.DateTimeField("lúc tính", auto_now=True)

    class Meta:
        verbose_name = "tổng hợp của đảng bộ"
        verbose_name_plural = "tổng hợp của các đảng bộ"
