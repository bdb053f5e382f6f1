"""`chitieu backup` and `chitieu restore`: a whole installation out to one file and back, exactly.

The demo (five seeds, ~44 000 rows) plus a user with a password, a group and permissions, an API
token, audit and admin log entries and timestamps with microseconds is backed up once per class;
every test restores it (or a small installation) and compares every row of every model, field by
field. The last test moves the demo SQLite → PostgreSQL → SQLite through the command line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import RequestFactory, TransactionTestCase, override_settings

from chitieu import backup as backup_module
from chitieu.backup import DATA, MANIFEST, BackupError, backup, check, restore
from chitieu.cli import main
from chitieu.orgs.audit import audit
from chitieu.orgs.models import ApiToken, AuditEntry, Grant, Kind, Role, Unit
from chitieu.party.models import Member, Transfer
from chitieu.plans.models import Result, SourceDocument
from tests.web.base import populate

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Mật-khẩu đủ dài 2025"
UTC = dt.UTC
# Timestamps set on purpose, each with microseconds; auto_now (Result.entered_at) and auto_now_add
# fields among them: a restore that saved rows the ordinary way would put "now" there instead.
MOMENTS = {
    ("orgs.auditentry", "at"): dt.datetime(2021, 3, 4, 5, 6, 7, 123456, tzinfo=UTC),
    ("orgs.apitoken", "created"): dt.datetime(2022, 1, 2, 3, 4, 5, 654321, tzinfo=UTC),
    ("orgs.apitoken", "last_used"): dt.datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ("plans.result", "entered_at"): dt.datetime(2023, 6, 7, 8, 9, 10, 1, tzinfo=UTC),
    ("plans.sourcedocument", "uploaded_at"): dt.datetime(2020, 2, 29, 12, 0, 0, 500000, tzinfo=UTC),
    ("party.member", "created_at"): dt.datetime(2019, 7, 1, 0, 0, 0, 42, tzinfo=UTC),
    ("auth.user", "last_login"): dt.datetime(2025, 5, 19, 7, 30, 0, 250000, tzinfo=UTC),
    ("auth.user", "date_joined"): dt.datetime(2018, 11, 7, 1, 2, 3, 456789, tzinfo=UTC),
}
NOT_IN_BACKUP = (
    "contenttypes.contenttype", "auth.permission", "sessions.session", "jobs.job", "django_tasks_db.dbtaskresult"
)  # fmt: skip
NATURAL = (ContentType, Permission)


def add_extras(*, nul: bool = False) -> dict[tuple[str, str], int]:
    """What the demo lacks: a user with a real password, a group, permissions, an API token, audit and
    admin log entries, a transfer, and the timestamps of MOMENTS. Returns the pk each moment is on.
    ``nul`` puts U+0000 into a text and a JSON value (SQLite only: PostgreSQL refuses it)."""
    committee = Unit.objects.filter(kind__in=(Kind.WARD, Kind.COMMUNE)).order_by("pk").first()
    user = User.objects.create_user(
        "sao.luu", email="saoluu@example.vn", password=PASSWORD, first_name="Sao", last_name="Lưu"
    )
    group = Group.objects.create(name="Văn phòng Đảng ủy")
    group.permissions.add(Permission.objects.get(codename="view_unit"), Permission.objects.get(codename="add_term"))
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="change_member"))
    Grant.objects.create(user=user, unit=committee, role=Role.EDITOR)
    token = ApiToken.objects.create(user=user, name="máy báo cáo", key_hash=hashlib.sha256(b"k").hexdigest())
    result = Result.objects.order_by("pk").first()
    entry = audit(user, committee, "result.approve", result, old={"status": "submitted"}, new={"status": "approved"})
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Unit),
        object_id=str(committee.pk),
        object_repr=str(committee),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Tên"]}}]',
    )
    member = Member.objects.filter(committee=committee).order_by("pk").first()
    branches = list(Unit.objects.filter(kind=Kind.BRANCH, parent=committee).order_by("pk")[:2])
    Transfer.objects.create(
        member=member, on=dt.date(2024, 3, 1), from_branch=branches[0], to_branch=branches[-1], user=user
    )
    document = SourceDocument.objects.order_by("pk").first()
    pks = {
        ("orgs.auditentry", "at"): entry.pk,
        ("orgs.apitoken", "created"): token.pk,
        ("orgs.apitoken", "last_used"): token.pk,
        ("plans.result", "entered_at"): result.pk,
        ("plans.sourcedocument", "uploaded_at"): document.pk,
        ("party.member", "created_at"): member.pk,
        ("auth.user", "last_login"): user.pk,
        ("auth.user", "date_joined"): user.pk,
    }
    for (label, name), moment in MOMENTS.items():
        apps.get_model(label)._base_manager.filter(pk=pks[label, name]).update(**{name: moment})
    if nul:
        Unit.objects.filter(pk=branches[0].pk).update(name=f"{branches[0].name}\x00")
        AuditEntry.objects.filter(pk=entry.pk).update(new={"status": "approved", "note": "a\x00b"})
    return pks


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model but those migrate recreates and the sessions, field by field, with
    content types and permissions by natural key (their ids may differ between databases)."""
    out = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOT_IN_BACKUP or model._meta.proxy:
            continue
        m2m = list(model._meta.many_to_many)
        qs = model._base_manager.order_by("pk").prefetch_related(*(f.name for f in m2m))
        rows = []
        for obj in qs:
            row = {}
            for f in model._meta.concrete_fields:
                value = getattr(obj, f.attname)
                if f.is_relation and f.related_model in NATURAL and value is not None:
                    value = list(getattr(obj, f.name).natural_key())
                row[f.attname] = value
            for f in m2m:
                natural = f.related_model in NATURAL
                row[f.name] = sorted(list(r.natural_key()) if natural else r.pk for r in getattr(obj, f.name).all())
            rows.append(row)
        out[label] = rows
    return out


def assert_same_rows(test, expected: dict, found: dict) -> None:
    test.assertEqual(sorted(found), sorted(expected))
    for label, rows in expected.items():
        with test.subTest(model=label):
            test.assertEqual(len(found[label]), len(rows), label)
            for old, new in zip(rows, found[label], strict=True):
                if old != new:
                    test.assertEqual(new, old)  # the first row that differs, shown field by field
                    break


def rezip(src: Path, dst: Path, *, replace: dict[str, bytes | None] | None = None, manifest=None) -> Path:
    """A copy of the backup ``src`` with members replaced (None drops one) and the manifest edited."""
    replace = dict(replace or {})
    with zipfile.ZipFile(src) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    if manifest is not None:
        members[MANIFEST] = json.dumps(manifest(json.loads(members[MANIFEST])), ensure_ascii=False).encode()
    members.update(replace)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            if data is not None:
                zf.writestr(name, data)
    return dst


def with_data(src: Path, dst: Path, edit) -> Path:
    """A copy whose data.jsonl is edited by ``edit`` and whose manifest matches it again."""
    with zipfile.ZipFile(src) as zf:
        data = edit(zf.read(DATA))

    def fix(m):
        m["data"].update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data), rows=data.count(b"\n"))
        return m

    return rezip(src, dst, replace={DATA: data}, manifest=fix)


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


class BackupTestCase(TransactionTestCase):
    """Each test starts from an empty database (TransactionTestCase flushes after every test)."""

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="chitieu-backup-test-"))
        self.addCleanup(shutil.rmtree, self.dir, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=str(self.dir / "media"))
        media.enable()
        self.addCleanup(media.disable)

    def small_installation(self) -> dict:
        """The personas' tree of tests/web/base.py: a different, small installation."""
        ns = type("NS", (), {})()
        populate(ns)
        ApiToken.objects.create(user=ns.editor, name="bảng tính", key_hash=hashlib.sha256(b"small").hexdigest())
        audit(ns.editor, ns.ward_a, "result.create", ns.growth, new={"value": "11"})
        return snapshot()


class DemoRoundTripTests(BackupTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from chitieu.demo.load import load_demo

        cls.files = Path(tempfile.mkdtemp(prefix="chitieu-backup-demo-"))
        media_root = cls.files / "media"
        (media_root / "bao-cao").mkdir(parents=True)
        (media_root / "bao-cao" / "tổng kết 2024.txt").write_text("Báo cáo tổng kết năm 2024\n", "utf-8")
        load_demo()
        cls.pks = add_extras()
        SessionStore(session_key=None).create()  # a session: never written to a backup
        cls.unit_type_pk = ContentType.objects.get_for_model(Unit).pk
        cls.before = snapshot()
        cls.file = cls.files / "demo.zip"
        with override_settings(MEDIA_ROOT=str(media_root)):
            cls.summary = backup(cls.file)
        call_command("flush", interactive=False, verbosity=0)  # the next test finds an empty database

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.files, ignore_errors=True)
        super().tearDownClass()

    def test_the_file_holds_every_row_and_says_so(self):
        manifest = check(self.file)
        self.assertEqual(manifest["format"], "chitieu-backup")
        self.assertEqual(manifest["format_version"], 1)
        self.assertEqual(manifest["vendor"], connection.vendor)
        self.assertEqual(manifest["models"], {label: len(rows) for label, rows in self.before.items()})
        for label in NOT_IN_BACKUP:
            self.assertNotIn(label, manifest["models"])
        # every kind of row the brief names is really there
        for label in ("auth.user", "auth.group", "admin.logentry", "orgs.apitoken", "orgs.auditentry", "party.member"):
            with self.subTest(model=label):
                self.assertGreater(manifest["models"][label], 0)
        self.assertEqual(
            manifest["links"], {"auth.group.permissions": 2, "auth.user.groups": 1, "auth.user.user_permissions": 1}
        )
        self.assertEqual([m["path"] for m in manifest["media"]], ["bao-cao/tổng kết 2024.txt"])
        self.assertEqual(stat.S_IMODE(self.file.stat().st_mode), 0o600)
        with zipfile.ZipFile(self.file) as zf:
            first = json.loads(zf.open(DATA).readline())
        self.assertEqual(set(first), {"model", "pk", "fields"})

    def test_restore_into_an_empty_database_gives_back_every_row(self):
        # Content types get other ids here than in the backed-up database: rows that point to them
        # (the admin log, permissions) must follow them by natural key.
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        ContentType.objects.create(app_label="zz_backup_test", model="shifts_the_ids")
        summary = restore(self.file)
        self.assertNotEqual(ContentType.objects.get_for_model(Unit).pk, self.unit_type_pk)
        assert_same_rows(self, self.before, snapshot())
        self.assertEqual(summary.total, sum(len(rows) for rows in self.before.values()))
        self.assertEqual(Session.objects.count(), 0)
        self.assertEqual(
            (self.dir / "media" / "bao-cao" / "tổng kết 2024.txt").read_text("utf-8"), "Báo cáo tổng kết năm 2024\n"
        )

        # the same passwords, through the login's own backends
        def login(username, password):
            return authenticate(RequestFactory().post("/login/"), username=username, password=password)

        self.assertEqual(login("sao.luu", PASSWORD).pk, self.pks["auth.user", "last_login"])
        self.assertIsNone(login("sao.luu", "sai mật khẩu"))
        self.assertIsNotNone(login("khuetrung", "demo"))
        self.assertEqual(len(User.objects.get(username="sao.luu").get_all_permissions()), 3)

        # timestamps to the microsecond, auto_now and auto_now_add ones included
        for (label, name), moment in MOMENTS.items():
            with self.subTest(field=f"{label}.{name}"):
                row = apps.get_model(label)._base_manager.get(pk=self.pks[label, name])
                self.assertEqual(getattr(row, name), moment)

        # new rows get fresh ids (PostgreSQL's sequences were moved past the loaded rows)
        top = Unit.objects.order_by("-pk").first().pk
        self.assertGreater(Unit.objects.create(kind=Kind.PROVINCE, name="Mới").pk, top)
        self.assertGreater(AuditEntry.objects.create(action="x", object_type="y").pk, self.pks["orgs.auditentry", "at"])

    def test_replace_swaps_another_installation_for_the_backup(self):
        self.small_installation()
        Session.objects.all().delete()
        SessionStore(session_key=None).create()  # a session of the old data logs nobody in afterwards
        summary = restore(self.file, replace=True)
        assert_same_rows(self, self.before, snapshot())
        self.assertEqual(Session.objects.count(), 0)
        self.assertEqual(summary.rows, self.summary.rows)

    def test_a_failure_half_way_leaves_the_old_data(self):
        old = self.small_installation()
        real_insert = backup_module._insert
        calls = []

        def failing(*args, **kwargs):
            calls.append(args[0])
            if len(calls) == 20:  # after the old data was deleted and many rows were loaded
                raise OperationalError("database or disk is full")
            return real_insert(*args, **kwargs)

        with mock.patch.object(backup_module, "_insert", failing):
            with self.assertRaisesMessage(BackupError, "database or disk is full"):
                restore(self.file, replace=True)
        self.assertEqual(len(calls), 20)
        assert_same_rows(self, old, snapshot())


class RestoreRefusalTests(BackupTestCase):
    def setUp(self):
        super().setUp()
        self.rows = self.small_installation()
        self.file = self.dir / "small.zip"
        backup(self.file)

    def test_a_database_with_data_is_refused_without_replace(self):
        cases = {
            "another installation": lambda: populate(type("NS", (), {})()),
            "a single user": lambda: User.objects.create_user("mot.nguoi"),
            "a single unit": lambda: Unit.objects.create(kind=Kind.PROVINCE, name="Một tỉnh"),
            "a single group": lambda: Group.objects.create(name="Một nhóm"),
        }
        for name, make in cases.items():
            with self.subTest(case=name):
                call_command("flush", interactive=False, verbosity=0)
                make()
                rows = snapshot()
                with self.assertRaisesMessage(BackupError, "đã có dữ liệu"):
                    restore(self.file)
                code, out, err = run_cli("restore", str(self.file))
                self.assertEqual(code, 1)
                self.assertIn("--replace", err)
                assert_same_rows(self, rows, snapshot())

    def test_counts_are_checked_after_loading_and_a_mismatch_rolls_back(self):
        def swapped(m):  # the file is intact, but says other counts than the rows it holds
            m["models"]["orgs.unit"] += 1
            m["models"]["orgs.grant"] -= 1
            return m

        wrong = rezip(self.file, self.dir / "wrong.zip", manifest=swapped)
        with self.assertRaisesMessage(BackupError, "không khớp"):
            restore(wrong, replace=True)
        assert_same_rows(self, self.rows, snapshot())
        # and the intact file loads
        call_command("flush", interactive=False, verbosity=0)
        restore(self.file)
        assert_same_rows(self, self.rows, snapshot())

    def test_damaged_or_foreign_files_are_refused_before_the_database_is_touched(self):
        good = self.file
        size = good.stat().st_size
        raw = good.read_bytes()
        with zipfile.ZipFile(good) as zf:
            info = zf.getinfo(DATA)
        flipped = bytearray(raw)
        flipped[info.header_offset + 30 + len(DATA) + info.compress_size // 2] ^= 0xFF

        def make(name, data):
            path = self.dir / name
            path.write_bytes(data)
            return path

        def newer(m):
            m["format_version"] = 99
            return m

        def other_format(m):
            m["format"] = "something-else"
            return m

        def future_migration(m):
            m["migrations"].append("orgs.9999_from_the_future")
            return m

        def future_model(m):
            m["models"]["orgs.spaceship"] = 0
            return m

        def escaping_media(m):
            m["media"].append({"path": "../../etc/cron.d/x", "bytes": 1, "sha256": "0" * 64})
            return m

        def one_row_less(m):
            m["models"]["orgs.unit"] -= 1
            m["data"]["rows"] -= 1
            return m

        def no_counts(m):
            del m["models"]
            return m

        cases = [
            ("no such file", self.dir / "missing.zip", "Không tìm thấy tệp"),
            ("empty file", make("empty.zip", b""), "Tệp sao lưu hỏng"),
            ("truncated", make("truncated.zip", raw[: size // 2]), "Tệp sao lưu hỏng"),
            ("a SQLite database", make("db.sqlite3", b"SQLite format 3\x00" + bytes(200)), "Tệp sao lưu hỏng"),
            ("a flipped byte", make("flipped.zip", bytes(flipped)), "Tệp sao lưu hỏng"),
            ("no manifest", rezip(good, self.dir / "nomanifest.zip", replace={MANIFEST: None}), "không phải"),
            ("manifest not JSON", rezip(good, self.dir / "garbled.zip", replace={MANIFEST: b"{{"}), "hỏng"),
            ("another format", rezip(good, self.dir / "other.zip", manifest=other_format), "không phải bản sao lưu"),
            ("newer format", rezip(good, self.dir / "newer.zip", manifest=newer), "mới hơn"),
            ("no data", rezip(good, self.dir / "nodata.zip", replace={DATA: None}), "thiếu data.jsonl"),
            (
                "data changed",
                rezip(good, self.dir / "changed.zip", replace={DATA: raw_data(good).replace(b"Kim T", b"Kim D")}),
                "SHA-256",
            ),
            ("a row missing", rezip(good, self.dir / "count.zip", manifest=one_row_less), "không khớp"),
            ("manifest incomplete", rezip(good, self.dir / "nocount.zip", manifest=no_counts), "thiếu hoặc sai"),
            ("newer migrations", rezip(good, self.dir / "migr.zip", manifest=future_migration), "mới hơn"),
            ("unknown model", rezip(good, self.dir / "model.zip", manifest=future_model), "phiên bản này không có"),
            ("media outside", rezip(good, self.dir / "media.zip", manifest=escaping_media), "không hợp lệ"),
        ]
        for name, path, message in cases:
            with self.subTest(case=name):
                with mock.patch.object(backup_module, "call_command") as migrate:
                    with self.assertRaisesMessage(BackupError, message):
                        restore(path, replace=True)
                migrate.assert_not_called()
                code, out, err = run_cli("restore", "--replace", str(path))
                self.assertEqual(code, 1)
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertTrue(err.startswith("chitieu: "), err)
                self.assertNotIn("Traceback", err)
        assert_same_rows(self, self.rows, snapshot())
        self.assertFalse((self.dir.parent / "etc").exists())


class OlderBackupTests(BackupTestCase):
    """A backup made before this version's last migration of an app: loaded with the models of its
    own version, then migrated forward, so that migration's data step runs on the restored rows."""

    def older_backup(self, app: str = "orgs") -> tuple[Path, tuple[str, str], dict, dict]:
        """The small installation's backup as the version before ``app``'s last migration wrote it:
        the file, that migration, the rows now, and per model the fields the migration added."""
        rows = self.small_installation()
        current = backup(self.dir / "current.zip").path
        loader = MigrationLoader(None, ignore_no_migrations=True)
        last = next(n for n in loader.graph.leaf_nodes() if n[0] == app)
        parents = [p.key for p in loader.graph.node_map[last].parents if p.key[0] == app]
        state = loader.project_state([n for n in loader.graph.leaf_nodes() if n != last] + parents).apps
        then = {m._meta.label_lower: m for m in state.get_models()}
        added = {
            m._meta.label_lower: {f.attname for f in m._meta.concrete_fields}
            - {f.attname for f in then[m._meta.label_lower]._meta.concrete_fields}
            for m in apps.get_models()
            if m._meta.label_lower in then
        }

        def as_then(data: bytes) -> bytes:
            out = []
            for line in data.splitlines():
                row = json.loads(line)
                if row["model"] in then:
                    names = {f.name for f in then[row["model"]]._meta.get_fields()}
                    row["fields"] = {k: v for k, v in row["fields"].items() if k in names}
                    out.append(json.dumps(row, ensure_ascii=False, sort_keys=True).encode() + b"\n")
            return b"".join(out)

        def manifest_then(m):
            m["migrations"].remove(f"{last[0]}.{last[1]}")
            m["models"] = {label: n for label, n in m["models"].items() if label in then}
            return m

        older = with_data(rezip(current, self.dir / "tmp.zip", manifest=manifest_then), self.dir / "older.zip", as_then)
        return older, last, rows, added

    def test_an_older_backup_is_migrated_forward_after_loading(self):
        older, last, rows, added = self.older_backup()
        call_command("flush", interactive=False, verbosity=0)
        with mock.patch.object(backup_module, "_migrate_to", wraps=backup_module._migrate_to) as back:
            restore(older)
        back.assert_called_once()  # to the backup's version first
        self.assertIn(last, MigrationRecorder(connection).applied_migrations())  # then forward
        found = snapshot()
        for label, old_rows in rows.items():
            with self.subTest(model=label):
                self.assertEqual(len(found[label]), len(old_rows))
                skip = added.get(label, set())  # the migration's to fill
                for old, new in zip(old_rows, found[label], strict=True):
                    self.assertEqual(
                        {k: v for k, v in new.items() if k not in skip}, {k: v for k, v in old.items() if k not in skip}
                    )

    def test_an_older_backup_goes_only_into_an_empty_database(self):
        older, last, rows, added = self.older_backup()
        with mock.patch.object(backup_module, "call_command") as migrate:
            with self.assertRaisesMessage(BackupError, "cũ hơn"):
                restore(older, replace=True)
        migrate.assert_not_called()
        with self.assertRaisesMessage(BackupError, "đã có dữ liệu"):
            restore(older)
        self.assertIn(last, MigrationRecorder(connection).applied_migrations())
        assert_same_rows(self, rows, snapshot())


def raw_data(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(DATA)


class BackupFileTests(BackupTestCase):
    def setUp(self):
        super().setUp()
        self.small_installation()

    def test_the_file_is_0600_from_its_first_byte_and_appears_whole(self):
        final = self.dir / "b.zip"
        seen = []
        real_replace = os.replace

        def replace(src, dst):
            seen.append((stat.S_IMODE(os.stat(src).st_mode), Path(dst).exists(), zipfile.is_zipfile(src)))
            return real_replace(src, dst)

        old_umask = os.umask(0)  # even a careless umask
        try:
            with mock.patch.object(backup_module.os, "replace", replace):
                code, out, err = run_cli("backup", str(final))
        finally:
            os.umask(old_umask)
        self.assertEqual(code, 0, err)
        self.assertIn("Đã sao lưu", out)
        self.assertEqual(seen, [(0o600, False, True)])
        self.assertEqual(stat.S_IMODE(final.stat().st_mode), 0o600)
        self.assertEqual(sorted(p.name for p in self.dir.iterdir() if p.is_file()), ["b.zip"])

    def test_a_failed_backup_leaves_no_file_and_keeps_the_previous_one(self):
        final = self.dir / "b.zip"
        backup(final)
        previous = final.read_bytes()
        real_write = backup_module._DataWriter.write
        written = []

        def failing(writer, row):
            written.append(row)
            if len(written) == 5:
                raise OperationalError("disk I/O error")
            return real_write(writer, row)

        for target in (final, self.dir / "new.zip"):
            written.clear()
            with self.subTest(target=target.name):
                with mock.patch.object(backup_module._DataWriter, "write", failing):
                    with self.assertRaisesMessage(BackupError, "disk I/O error"):
                        backup(target)
                self.assertEqual(sorted(p.name for p in self.dir.iterdir() if p.is_file()), ["b.zip"])
        self.assertEqual(final.read_bytes(), previous)

    def test_never_overwrites_a_file_that_is_not_a_backup(self):
        for name, content in (("chitieu.sqlite3", b"SQLite format 3\x00"), ("notes.txt", b"ghi chep")):
            with self.subTest(file=name):
                path = self.dir / name
                path.write_bytes(content)
                code, out, err = run_cli("backup", str(path))
                self.assertEqual(code, 1)
                self.assertIn("không ghi đè", err)
                self.assertEqual(path.read_bytes(), content)
        code, out, err = run_cli("backup", str(self.dir / "no-such-folder" / "b.zip"))
        self.assertEqual((code, err.count("\n")), (1, 1), err)


class NulTests(BackupTestCase):
    def test_nul_in_a_backup_file_is_stripped_on_restore_and_reported(self):
        self.small_installation()
        clean = self.dir / "clean.zip"
        backup(clean)
        nul = with_data(
            clean,
            self.dir / "nul.zip",
            lambda data: data.replace(b'"name":"Kim T', b'"name":"Kim\\u0000 T').replace(
                b'"name":"H\xe1\xbb\xa3p', b'"name":"\\u0000H\xe1\xbb\xa3p'
            ),
        )
        self.assertEqual(raw_data(nul).count(b"\\u0000"), 2)
        code, out, err = run_cli("restore", "--replace", str(nul))
        self.assertEqual(code, 0, err)
        self.assertIn("đã bỏ 2 ký tự NUL", err)
        self.assertEqual(
            sorted(Unit.objects.filter(kind__in=(Kind.WARD, Kind.COMMUNE)).values_list("name", flat=True)),
            ["Hợp Thành", "Kim Tân", "Ngoài"],
        )

    def test_nul_in_sqlite_text_is_stripped_on_backup_and_reported(self):
        if connection.vendor != "sqlite":
            self.skipTest("only SQLite stores U+0000 in text; PostgreSQL refuses it")
        self.small_installation()
        unit = Unit.objects.get(name="Kim Tân")
        Unit.objects.filter(pk=unit.pk).update(name="Kim\x00 Tân\x00")
        entry = AuditEntry.objects.create(action="x", object_type="y", new={"note": "a\x00b", "k\x00": ["\x00"]})
        self.assertEqual(Unit.objects.get(pk=unit.pk).name, "Kim\x00 Tân\x00")
        path = self.dir / "b.zip"
        code, out, err = run_cli("backup", str(path))
        self.assertEqual(code, 0, err)
        self.assertIn("đã bỏ 5 ký tự NUL", err)
        self.assertNotIn(b"\\u0000", raw_data(path))
        self.assertEqual(check(path)["nul_stripped"], 5)
        restore(path, replace=True)
        self.assertEqual(Unit.objects.get(pk=unit.pk).name, "Kim Tân")
        self.assertEqual(AuditEntry.objects.get(pk=entry.pk).new, {"note": "ab", "k": [""]})


# ------------------------------------------------------------------------------ across database vendors

PG_URL = os.environ.get("CHITIEU_PG_URL", "postgres://postgres@127.0.0.1:5432/test")

BUILD = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from chitieu.demo.load import load_demo
load_demo()
import json, sys
from tests.web.test_backup import add_extras, snapshot
add_extras(nul=True)
sys.stdout.write(json.dumps(snapshot(), default=str, sort_keys=True))
"""

SNAPSHOT = """
import json, sys, django
django.setup()
from tests.web.test_backup import snapshot
sys.stdout.write(json.dumps(snapshot(), default=str, sort_keys=True))
"""


@contextlib.contextmanager
def scratch_postgres():
    """A new PostgreSQL database on the server of CHITIEU_PG_URL, dropped afterwards."""
    try:
        import psycopg
        from psycopg import sql
    except ImportError:  # pragma: no cover
        pytest.skip("psycopg is not installed")
    try:
        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {PG_URL}")
    name = f"chitieu_backup_test_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield urlunsplit(urlsplit(PG_URL)._replace(path=f"/{name}"))
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def strip_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [strip_nul(v) for v in value]
    if isinstance(value, dict):
        return {strip_nul(k): strip_nul(v) for k, v in value.items()}
    return value


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the SQLite → PostgreSQL → SQLite round trip runs in the SQLite pass; it does not use the test database",
)
def test_sqlite_to_postgresql_and_back_through_the_command_line(tmp_path):
    """The demo in a SQLite file → `chitieu backup` → `chitieu restore` into PostgreSQL → `chitieu backup`
    → `chitieu restore` into a new SQLite file: the same rows everywhere, the same bytes of data."""
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    base_env["DJANGO_SETTINGS_MODULE"] = "chitieu.settings"

    def run(args, database, home):
        env = {**base_env, "DATABASE_URL": database, "CHITIEU_HOME": str(home)}
        out = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert out.returncode == 0, out.stderr
        return out

    def cli(database, home, *argv):
        return run([sys.executable, "-m", "chitieu.cli", *argv], database, home)

    def rows(database, home):
        return json.loads(run([sys.executable, "-c", SNAPSHOT], database, home).stdout)

    first = f"sqlite:///{tmp_path / 'first.sqlite3'}"
    last = f"sqlite:///{tmp_path / 'last.sqlite3'}"
    homes = {k: tmp_path / k for k in ("first", "pg", "last")}
    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    with scratch_postgres() as pg:  # skips at once when PostgreSQL is not there
        before = json.loads(run([sys.executable, "-c", BUILD], first, homes["first"]).stdout)
        assert any("\x00" in unit["name"] for unit in before["orgs.unit"])  # the NUL is really there
        (homes["first"] / "uploads").mkdir(parents=True)
        (homes["first"] / "uploads" / "ảnh.png").write_bytes(picture)

        made = cli(first, homes["first"], "backup", str(tmp_path / "from-sqlite.zip"))
        assert "đã bỏ 2 ký tự NUL" in made.stderr  # one in a branch's name, one in an audit entry's JSON
        cli(pg, homes["pg"], "restore", str(tmp_path / "from-sqlite.zip"))
        assert (homes["pg"] / "uploads" / "ảnh.png").read_bytes() == picture
        cli(pg, homes["pg"], "backup", str(tmp_path / "from-postgresql.zip"))
    cli(last, homes["last"], "restore", str(tmp_path / "from-postgresql.zip"))
    assert (homes["last"] / "uploads" / "ảnh.png").read_bytes() == picture

    # What PostgreSQL held, read back and written out, is byte for byte what SQLite held.
    a, b = check(tmp_path / "from-sqlite.zip"), check(tmp_path / "from-postgresql.zip")
    assert (a["vendor"], b["vendor"]) == ("sqlite", "postgresql")
    assert a["models"] == b["models"] and a["links"] == b["links"]
    assert a["data"]["sha256"] == b["data"]["sha256"]

    after = rows(last, homes["last"])
    assert sum(len(r) for r in after.values()) > 40_000
    expected = strip_nul(before)
    assert sorted(after) == sorted(expected)
    for label, rows_before in expected.items():
        assert len(after[label]) == len(rows_before), label
        differ = next(((old, new) for old, new in zip(rows_before, after[label], strict=True) if old != new), None)
        assert differ is None, f"{label}: {differ}"
