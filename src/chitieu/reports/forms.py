from __future__ import annotations

from django import forms
from django.conf import settings

from chitieu.edge import YEAR_MAX, YEAR_MIN

from .pdf import soffice_path

KIND_CHOICES = [
    ("term", "Báo cáo tổng kết nhiệm kỳ"),
    ("midterm", "Báo cáo sơ kết giữa nhiệm kỳ"),
    ("annual", "Báo cáo năm"),
]


# CPU seconds per term report in a batch, measured by benchmarks/report_job.py on the national dataset
# (a province of 102 committees, DOCX, 2 processes): 130 s with the trend charts (28 Vega-Lite charts
# a report), 20 s without.
SECONDS_PER_REPORT = {True: 2.6, False: 0.4}
TRENDS_BY_DEFAULT_UP_TO = 200


def _minutes(seconds: float) -> str:
    return "dưới 1 phút" if seconds < 60 else f"khoảng {round(seconds / 60)} phút"


def estimate(committees: int, processes: int) -> str:
    """How long a batch of term or mid-term reports takes on ``processes`` processes, in words, with
    and without the trend charts (an annual report or a workbook has none)."""
    with_charts, without = (committees * SECONDS_PER_REPORT[t] / max(processes, 1) for t in (True, False))
    count = f"{committees:,}".replace(",", ".")  # 3.321: Vietnamese thousands
    return (
        f"Báo cáo nhiệm kỳ, giữa nhiệm kỳ của {count} đảng bộ: {_minutes(with_charts)} nếu kèm biểu đồ, "
        f"{_minutes(without)} nếu không."
    )


class BatchForm(forms.Form):
    """The reports of every committee under a unit: which report, which year, which format, with
    or without the appendix of trend charts."""

    kind = forms.ChoiceField(label="Loại báo cáo", choices=KIND_CHOICES, widget=forms.RadioSelect, initial="term")
    year = forms.IntegerField(
        label="Năm (với báo cáo năm)", required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
        error_messages={"invalid": "Năm là một số, ví dụ 2024 / a year such as 2024"},
    )  # fmt: skip
    fmt = forms.ChoiceField(label="Định dạng", initial="docx", widget=forms.RadioSelect)
    trends = forms.BooleanField(
        label="Kèm phụ lục biểu đồ xu hướng", required=False, initial=True,
        help_text="Biểu đồ kết quả từng năm của mỗi chỉ tiêu, sau báo cáo. Vẽ chúng làm mỗi báo cáo lâu thêm "
        "một, hai giây: lập cho nhiều đảng bộ (cả tỉnh, cả nước) thì bỏ chọn để nhanh hơn nhiều.",
    )  # fmt: skip

    def __init__(self, *args, committees: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if committees:
            # Unticked by default for many committees: the country's 3,321 would take an hour with them.
            self.fields["trends"].initial = committees <= TRENDS_BY_DEFAULT_UP_TO
            self.fields["trends"].help_text += " " + estimate(committees, settings.CHITIEU_REPORT_PROCESSES)
        formats = [("docx", "Word (.docx)"), ("xlsx", "Excel (.xlsx)")]
        if soffice_path() is not None:  # PDF needs LibreOffice on the server (reports/pdf.py)
            formats.append(("pdf", "PDF"))
        self.fields["fmt"].choices = formats

    def clean(self):
        data = super().clean()
        if data.get("kind") == "annual" and not data.get("year"):
            self.add_error("year", "Báo cáo năm cần có năm, ví dụ 2024 / the annual report needs a year")
        if data.get("kind") != "annual":
            data["year"] = None
        return data
