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

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="terms")
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    congress_ordinal = models.PositiveSmallIntegerField(null=True, blank=True)  # Đại hội lần thứ XV
    congress_date = models.DateField(null=True, blank=True)
    secretary = models.CharField(max_length=120, blank=True, default="")  # Bí thư, signs the reports

    class Meta:
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

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(null=True, blank=True)  # set for a yearly plan target
    number = models.PositiveSmallIntegerField(default=0)  # STT in the resolution
    text = models.TextField()  # the phrase as the resolution writes it
    indicator = models.CharField(max_length=60, blank=True, default="")  # catalog key
    shape = models.CharField(max_length=20, choices=SHAPE_CHOICES)
    value = models.DecimalField(**DECIMAL)
    value_max = models.DecimalField(null=True, blank=True, **DECIMAL)
    unit = models.CharField(max_length=8, choices=UNIT_CHOICES)
    counted = models.CharField(max_length=120, blank=True, default="")
    period = models.CharField(max_length=8, choices=PERIOD_CHOICES, blank=True, default="")
    direction = models.CharField(max_length=8, choices=DIRECTION_CHOICES, default=Direction.HIGHER)
    strict = models.BooleanField(default=False)
    confirmed = models.BooleanField(default=False)  # a parsed target the user has checked
    # The rest of the core Target (chitieu.core.targets): "5/6 thôn" (of), "50% (8 xã)" (count), a
    # change in percent of the level (relative), "so với năm 2015" (since), "vào năm 2020" (deadline).
    of = models.DecimalField(null=True, blank=True, **DECIMAL)
    count = models.DecimalField(null=True, blank=True, **DECIMAL)
    relative = models.BooleanField(default=False)
    since = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline = models.PositiveSmallIntegerField(null=True, blank=True)
    # "người/năm" of "70 triệu đồng/người/năm", "ha"; the measure of an "other" unit ("tấn", "km")
    per = models.CharField(max_length=60, blank=True, default="")
    measure = models.CharField(max_length=12, blank=True, default="")

    class Meta:
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

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(max_length=255)
    text = models.TextField()  # the plain text the extractor read; spans are offsets into it
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # What the extractor read in the text, kept so a page or the API does not read a long report
    # again on every view (5 MB took 27 s); read again only when the extractor's rules change.
    facts = models.JSONField(null=True, blank=True, editable=False)
    facts_version = models.CharField(max_length=16, blank=True, default="", editable=False)

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    DRAFT = "draft", "nháp"
    SUBMITTED = "submitted", "đã gửi"
    APPROVED = "approved", "đã duyệt"


class Result(models.Model):
    """What was achieved against a target: for one year, or for the whole term (``year`` empty)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="results")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    value = models.DecimalField(**DECIMAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Where the figure came from: typed by someone, or a span of an uploaded document.
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    entered_at = models.DateTimeField(auto_now=True)
    document = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.SET_NULL)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    source_text = models.TextField(blank=True, default="")  # the sentence the figure was read from
    claim = models.CharField(max_length=10, blank=True, default="")  # verdict the document claims
    note = models.CharField(max_length=300, blank=True, default="")

    class Meta:
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

    committee = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="figures")
    term = models.ForeignKey(Term, null=True, blank=True, on_delete=models.SET_NULL, related_name="figures")
    year = models.PositiveSmallIntegerField(null=True, blank=True)  # empty: the term as a whole
    indicator = models.CharField(max_length=60, blank=True, default="")
    label = models.CharField(max_length=300)  # what the figure is, in the document's words
    value = models.DecimalField(**DECIMAL)
    value_max = models.DecimalField(null=True, blank=True, **DECIMAL)
    of = models.DecimalField(null=True, blank=True, **DECIMAL)
    unit = models.CharField(max_length=8, choices=UNIT_CHOICES)
    counted = models.CharField(max_length=120, blank=True, default="")
    role = models.CharField(max_length=12, default="actual")  # actual | baseline | achievement
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    document = models.ForeignKey(SourceDocument, null=True, blank=True, on_delete=models.SET_NULL)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    source_text = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["committee", "indicator", "year"]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class CommitteeSummary(models.Model):
    """A committee's latest term judged, stored for the pages that read many committees at once (a
    province, the country): computed by chitieu.plans.summaries, current while ``revision`` is the
    committee's and ``rules`` the running code's. Never edited; recomputed when stale."""

    committee = models.OneToOneField(Unit, primary_key=True, on_delete=models.CASCADE, related_name="summary")
    revision = models.PositiveBigIntegerField()
    rules = models.CharField(max_length=40)  # the rules' fingerprint and the year judged in
    term = models.ForeignKey(Term, null=True, on_delete=models.CASCADE, related_name="+")
    met = models.PositiveIntegerField(default=0)
    exceeded = models.PositiveIntegerField(default=0)
    not_met = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    on_track = models.PositiveIntegerField(default=0)
    drafts = models.PositiveIntegerField(default=0)
    awaiting = models.PositiveIntegerField(default=0)
    # Per target: what the pages and the API show of it (texts and displays already formatted, the
    # verdict, the latest figure for the ranking). A short list: a term has about thirty targets.
    targets = models.JSONField(default=list)
    computed_at = models.DateTimeField(auto_now=True)
