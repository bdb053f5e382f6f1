"""The reports of every committee under a unit in one ZIP: the single report's code, a list of the
committees it could not write, the command with --jobs."""

import argparse
import contextlib
import io
import tempfile
import zipfile
from pathlib import Path

from chitieu.reports import cli
from chitieu.reports.batch import build_zip
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
