"""The demo data built from the five seeds, and the `chitieu demo --no-serve` command."""

import contextlib
import io
import re
import tempfile
from decimal import Decimal
from unittest import mock

from django.test import TestCase

from chitieu import cli
from chitieu.core.verdicts import round_pct
from chitieu.demo.load import load_demo
from chitieu.orgs.models import Kind, Unit
from chitieu.plans.evaluation import evaluate_term, evaluate_year, summary
from chitieu.plans.models import Figure, SourceDocument, Term

PARENTS = {
    "phường Kỳ Phương": "thị xã Kỳ Anh",
    "phường Khuê Trung": "quận Cẩm Lệ",
    "phường Kim Tân": "thành phố Lào Cai",
    "phường 1": "Chưa rõ cấp trên",
    "phường 4": "Chưa rõ cấp trên",
    "phường 9": "Chưa rõ cấp trên",
    "xã Long Đức": "Chưa rõ cấp trên",
    "phường Tây Sơn": "Chưa rõ cấp trên",
}


class DemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.counts = load_demo()

    def committee(self, title):
        return next(u for u in Unit.objects.exclude(kind=Kind.BRANCH) if u.title == title)

    def test_each_seed_committee_under_the_parent_its_article_names(self):
        for title, parent in PARENTS.items():
            with self.subTest(title=title):
                self.assertEqual(self.committee(title).parent.title, parent)
        self.assertEqual(self.counts["committees"], 8)

    def test_khue_trung_term_by_its_numbers(self):
        term = Term.objects.get(committee=self.committee("phường Khuê Trung"), start_year=2015)
        statuses = evaluate_term(term)
        self.assertEqual(summary(statuses).line, "đạt và vượt 9/10 chỉ tiêu")
        growth = statuses[0]
        self.assertEqual((growth.verdict, growth.claim, growth.claim_conflict), ("not_met", "đạt", True))
        self.assertEqual(term.congress_roman, "XIV")

    def test_tay_son_2023_plan(self):
        term = Term.objects.get(committee=self.committee("phường Tây Sơn"))
        budget = evaluate_year(term, 2023)[0]
        # "124.857 triệu đồng, đạt 398,44% kế hoạch": the plan is implied, the percentage comes back
        self.assertEqual(round_pct(budget.evaluation.completion_pct), Decimal("398.44"))

    def test_figures_link_to_their_sentences(self):
        kp = self.committee("phường Kỳ Phương")
        fig = Figure.objects.get(committee=kp, indicator="production_value_total")
        self.assertEqual(fig.document.text[fig.span_start : fig.span_end], "270,9 tỷ đồng")
        self.assertIn("tổng giá trị sản xuất đạt 270,9 tỷ đồng", fig.source_text)

    def test_documents_have_the_names_an_office_would_give_them(self):
        """Issue 15: "001_43fdf4eb8b168b57.txt" (the seed file's number and hash) was shown as a
        figure's source on the pages."""
        for doc in SourceDocument.objects.all():
            with self.subTest(doc=doc.name):
                self.assertNotRegex(doc.name, r"^\d{3}_[0-9a-f]{16}")
                self.assertTrue(doc.name.endswith(".txt"))
        khue_trung = SourceDocument.objects.get(committee=self.committee("phường Khuê Trung"))
        self.assertIn("Khuê Trung", khue_trung.name)

    def test_the_banner_names_the_counts_in_vietnamese(self):
        """Issue 15: `chitieu demo` printed "committees: 8, targets: 18, …"."""
        out = io.StringIO()
        with (
            tempfile.TemporaryDirectory() as home,
            mock.patch.dict("os.environ", {"CHITIEU_HOME": home}),
            mock.patch.object(cli, "setup_django"),  # the test database is set up already
            mock.patch("django.core.management.call_command"),
            mock.patch("chitieu.demo.load.load_demo", return_value=self.counts),
            contextlib.redirect_stdout(out),
        ):
            self.assertEqual(cli.main(["demo", "--no-serve"]), 0)
        banner = out.getvalue()
        for words in ("Đảng bộ: 8", "chỉ tiêu: 18", "kết quả: 18", "số liệu: 144", "đảng viên: 4.502"):
            self.assertIn(words, banner)
        self.assertNotRegex(banner, r"\b[a-z_]+: \d", "an English key")
        self.assertEqual(banner.count(":"), len(self.counts) + 1, banner)  # + "Dữ liệu trình diễn:"

    def test_a_second_load_refuses_and_keeps_the_data(self):
        before = Unit.objects.count()
        with self.assertRaisesMessage(ValueError, "đã có dữ liệu"):
            load_demo()
        self.assertEqual(Unit.objects.count(), before)


def test_demo_command_builds_a_fresh_database(tmp_path):
    """`chitieu demo --no-serve` as the README runs it, in a child process with its own CHITIEU_HOME."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["CHITIEU_HOME"] = str(tmp_path)
    cmd = [sys.executable, "-m", "chitieu.cli", "demo", "--no-serve"]
    (tmp_path / "demo.sqlite3").write_bytes(b"an old demo database")  # rebuilt, not an error
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "Đảng bộ: 8" in out.stdout
    db = tmp_path / "demo.sqlite3"
    assert db.stat().st_size > 100_000
    # members' names and birth dates are in it: readable by its owner only (issue 12, finding 11)
    assert db.stat().st_mode & 0o777 == 0o600


def _started(argv: list[str]) -> str:
    """What `chitieu serve`/`chitieu worker` print before they serve, in-process: the server and
    the worker's loop are not run."""
    out = io.StringIO()
    with (
        mock.patch.object(cli, "setup_django"),
        mock.patch("django.core.management.call_command"),
        mock.patch.object(cli, "_serve", return_value=0),
        mock.patch.object(cli, "_serve_workers", return_value=0),
        mock.patch.object(cli, "_worker", return_value=contextlib.nullcontext()),
        contextlib.redirect_stdout(out),
    ):
        assert cli.main(argv) == 0
    return out.getvalue()


def test_serve_and_worker_say_they_started_in_vietnamese():
    """Issue 15: `chitieu serve` said nothing (waitress) or only gunicorn's English log."""
    line = _started(["serve", "--port", "8123"])
    assert "Đang chạy tại http://127.0.0.1:8123/, kèm việc nền — nhấn Ctrl+C để dừng" in line
    assert "2 tiến trình" in _started(["serve", "--workers", "2", "--no-worker"])
    assert "kèm việc nền" not in _started(["serve", "--no-worker"])
    assert "Đang chạy các việc nền" in _started(["worker"])
    # the worker serve starts beside itself, and a cron's --once, say nothing
    assert _started(["worker", "--quiet"]) == _started(["worker", "--once"]) == ""
    for text in (line, _started(["worker"])):
        assert not re.search(r"\b(Serving|Starting|Listening|Booting|worker)\b", text), text
