"""The reports of every committee under a unit in one ZIP: the single report's code, a list of the
committees it could not write, the command with --jobs."""

import argparse
import contextlib
import io
import tempfile
import zipfile
from pathlib import Path

import pytest

from chitieu.reports import cli
from chitieu.reports.batch import build_zip
from chitieu.reports.forms import BatchForm
from tests.party.helpers import D
from tests.web.base import BaseTestCase


class BatchTest(BaseTestCase):
    def test_a_province_in_one_zip(self):
        buf = io.BytesIO()
        written, skipped = build_zip(self.province, "term", buf, today=D(2025, 3, 1))
        data = buf.getvalue()
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        # Kim Tân has a term with targets; Hợp Thành has none: listed with the reason, not a failure.
        self.assertEqual(written, 1)
        self.assertEqual([n for n in names if n.endswith(".docx")], ["tong-ket-nhiem-ky-phuong-kim-tan-2020-2025.docx"])
        self.assertEqual([name for name, _ in skipped], ["Đảng bộ xã Hợp Thành"])
        self.assertIn("Đảng bộ xã Hợp Thành:", zipfile.ZipFile(io.BytesIO(data)).read("khong-lap-duoc.txt").decode())
        single = zipfile.ZipFile(io.BytesIO(data)).read(names[0])
        self.assertTrue(single.startswith(b"PK"))  # a .docx is itself a zip

    def test_two_committees_of_one_name_are_two_files(self):
        """The country has many "xã Lộc An": each report in its province's folder, never one file
        over another (the ZIP kept the last and the office lost the others)."""
        from chitieu.orgs.models import Kind
        from chitieu.orgs.tree import create_unit
        from chitieu.plans.models import Term
        from tests.web.base import make_target

        country = create_unit(Kind.COUNTRY, "Việt Nam")
        first, second = (create_unit(Kind.PROVINCE, name, country) for name in ("Đồng Nai", "Bình Định"))
        for province in (first, second, second):  # and two of one name in one province
            commune = create_unit(Kind.COMMUNE, "Lộc An", province)
            term = Term.objects.create(committee=commune, start_year=2020, end_year=2025)
            make_target(term, 1, "Kết nạp 10 đảng viên/năm")
        buf = io.BytesIO()
        written, _ = build_zip(country, "term", buf, today=D(2025, 3, 1))
        names = sorted(n for n in zipfile.ZipFile(io.BytesIO(buf.getvalue())).namelist() if n.endswith(".docx"))
        self.assertEqual(written, 3)
        self.assertEqual(len(set(names)), 3, names)
        self.assertEqual(names[2], "tinh-dong-nai/tong-ket-nhiem-ky-xa-loc-an-2020-2025.docx")
        self.assertTrue(all(n.startswith("tinh-binh-dinh/tong-ket-nhiem-ky-xa-loc-an-2020-2025") for n in names[:2]))

    def test_the_command(self):
        parser = argparse.ArgumentParser()
        cli.add_arguments(parser)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "bao-cao.zip"
            args = parser.parse_args(["thành phố Lào Cai", "--kind", "term", "-o", str(out), "--date", "2025-03-01"])
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
                self.assertEqual(cli.run(args), 0)
            self.assertIn("1 báo cáo của thành phố Lào Cai", printed.getvalue())
            self.assertIn("1 Đảng bộ chưa lập được", printed.getvalue())
            self.assertTrue(zipfile.is_zipfile(out))
            bad = parser.parse_args(["thành phố Lào Cai", "--kind", "annual", "-o", str(out)])
            with contextlib.redirect_stderr(io.StringIO()) as err:
                self.assertEqual(cli.run(bad), 2)
            self.assertIn("--year", err.getvalue())


@pytest.mark.parametrize(
    ("committees", "processes", "ticked", "words"),
    [
        (1, 2, True, "của 1 đảng bộ: dưới 1 phút nếu kèm biểu đồ, dưới 1 phút nếu không"),
        (102, 2, True, "của 102 đảng bộ: khoảng 2 phút nếu kèm biểu đồ, dưới 1 phút nếu không"),
        (200, 2, True, "của 200 đảng bộ: khoảng 4 phút nếu kèm biểu đồ, dưới 1 phút nếu không"),
        (201, 2, False, "của 201 đảng bộ:"),
        (3321, 2, False, "của 3.321 đảng bộ: khoảng 72 phút nếu kèm biểu đồ, khoảng 11 phút nếu không"),
        (3321, 8, False, "của 3.321 đảng bộ: khoảng 18 phút nếu kèm biểu đồ, khoảng 3 phút nếu không"),
    ],
)
def test_the_trend_charts_are_offered_with_what_they_cost(settings, committees, processes, ticked, words):
    """The batch form says how long term reports take with and without the trend charts on the
    server's processes, and leaves them out by default above 200 committees (the country's would
    take an hour on two cores)."""
    settings.CHITIEU_REPORT_PROCESSES = processes
    form = BatchForm(committees=committees)
    assert form.fields["trends"].initial is ticked
    assert words in form.fields["trends"].help_text
