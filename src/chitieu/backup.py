"""Backup and restore of a whole installation, in one file that moves between SQLite and PostgreSQL.

``chitieu backup FILE`` writes a zip file:

    manifest.json  what the file holds: format version, chitieu version, when, from which database
                   vendor, rows per model, links per many-to-many field, the size and SHA-256 of
                   data.jsonl, the media files with theirs, the migrations the database had
    data.jsonl     every row, one JSON object a line, in Django's serialization layout
                   ({"model": "plans.result", "pk": 7, "fields": {...}}): timestamps in ISO 8601 with
                   their microseconds, decimals as exact strings; models in a fixed order, rows by pk
    media/…        the files under MEDIA_ROOT

Rows keep their primary keys, so foreign keys between them need no translation. Content types and
permissions are not rows of the file: ``migrate`` creates them, and the rows that point to them (the
admin log, user and group permissions) name them by natural key ("auth", "user"), looked up again in
the database restored into. Sessions are left out: nobody stays logged in across a restore.

``chitieu restore FILE`` checks the whole file (manifest, SHA-256, media) before it touches the
database, migrates, refuses a database that already holds data unless told to replace it, and loads
everything in one transaction. Django creates foreign keys deferrable on SQLite and PostgreSQL, so
they are checked at commit: the order of the rows does not matter, and any failure leaves the
database as it was. Rows are inserted raw and in batches, so ``auto_now`` fields keep their values.

Text may not hold U+0000 on PostgreSQL (SQLite keeps it): backup and restore strip it and say how
many they stripped, instead of failing half way.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import time
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db import Error as DatabaseError
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import chitieu

FORMAT = "chitieu-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA = "media/"
# Recreated by `migrate` (content types, permissions) or not worth keeping (sessions; background jobs
# and their queue, whose files stay on the old machine). Rows that point to the first two name them
# by natural key.
EXCLUDED = frozenset(
    {"contenttypes.contenttype", "auth.permission", "sessions.session", "jobs.job", "django_tasks_db.dbtaskresult"}
)
# Emptied with the rest by ``restore --replace``: a session of the old data must not log anyone in,
# and a job of the old data points to units and users that are gone.
FLUSHED_TOO = ("sessions.session", "jobs.job", "django_tasks_db.dbtaskresult")
CHUNK = 2000  # rows fetched at a time while writing
BATCH = 500  # rows inserted at a time while loading
BUFFER = 1 << 20  # bytes of data.jsonl gathered before each write into the zip
MAX_MANIFEST = 16 << 20

DAMAGED = "Tệp sao lưu hỏng / the backup file is damaged"
NOT_BACKUP = "Tệp không phải bản sao lưu chitieu / the file is not a chitieu backup"


class BackupError(Exception):
    """Something the user can fix or must know, in one line: Vietnamese / English."""


@dataclass
class Summary:
    """What a backup wrote or a restore loaded."""

    path: Path
    vendor: str  # of the database written or read here
    rows: dict[str, int]  # per model label
    links: dict[str, int]  # per many-to-many field, "auth.user.groups"
    media: int  # files
    size: int  # bytes of the backup file
    nul_stripped: int = 0  # U+0000 characters taken out of text
    skipped_permissions: int = 0  # permission links whose permission this installation lacks
    seconds: float = 0.0
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def backup_models(registry: Any = apps) -> list[type[models.Model]]:
    """Every model whose rows go into a backup, in a fixed order: the project's apps, users and
    groups, the admin log, and any other installed app's, less ``EXCLUDED``. ``registry`` is the
    installed apps, or the historical models of an older backup's migrations."""
    return [
        m
        for m in registry.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in EXCLUDED
    ]


def _m2m(model: type[models.Model]) -> list[models.ManyToManyField]:
    """The model's many-to-many fields with Django's own link table (one with a model of its own
    is backed up as that model)."""
    return [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]


def _link_label(model: type[models.Model], f: models.ManyToManyField) -> str:
    return f"{model._meta.label_lower}.{f.name}"


class _Nul:
    """Strips U+0000 out of text, JSON included, and counts what it took out."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            if "\x00" in value:
                self.count += value.count("\x00")
                return value.replace("\x00", "")
            return value
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, dict):
            return {self(k): self(v) for k, v in value.items()}
        return value


class _NaturalKeys:
    """Rows outside the file (content types, permissions) by natural key, both ways."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.keys: dict[type[models.Model], dict[Any, list]] = {}
        self.pks: dict[type[models.Model], dict[tuple, Any]] = defaultdict(dict)

    def key(self, model: type[models.Model], pk: Any) -> list:
        table = self.keys.get(model)
        if table is None:
            rows = model._base_manager.using(self.using).select_related()
            table = self.keys[model] = {obj.pk: list(obj.natural_key()) for obj in rows}
        return table[pk]

    def pk(self, model: type[models.Model], key: list) -> Any | None:
        """The row's primary key here; a missing content type is created (it is only a name)."""
        table = self.pks[model]
        k = tuple(key)
        if k not in table:
            manager = model._default_manager.db_manager(self.using)
            try:
                table[k] = manager.get_by_natural_key(*k).pk
            except ObjectDoesNotExist:
                if model._meta.label_lower == "contenttypes.contenttype" and len(k) == 2:
                    table[k] = manager.get_or_create(app_label=k[0], model=k[1])[0].pk
                else:
                    table[k] = None
        return table[k]


def _plain(f: models.Field, obj: models.Model, value: Any) -> Any:
    """A field's value as JSON: exact, and read back by ``field.to_python``."""
    if value is None or isinstance(value, bool | int | float | str) or isinstance(f, models.JSONField):
        return value
    # datetimes and times keep their microseconds (isoformat), decimals every digit (str)
    return f.value_to_string(obj)


class _Codec:
    """One model's rows to JSON and back."""

    def __init__(self, model: type[models.Model], keep: set[str]) -> None:
        meta = model._meta
        self.model = model
        self.label = meta.label_lower
        self.pk = meta.pk
        self.fields = [f for f in meta.local_concrete_fields if not f.primary_key]
        self.insert_fields = list(meta.local_concrete_fields)
        self.m2m = _m2m(model)
        self.by_name: dict[str, models.Field] = {f.name: f for f in (*self.fields, *self.m2m)}
        # Foreign keys to rows the file does not hold are written as natural keys, looked up with the
        # installed models (historical ones have no natural keys).
        self.natural = {
            f.name: apps.get_model(f.related_model._meta.label)
            for f in (*self.fields, *self.m2m)
            if f.is_relation and f.related_model._meta.label_lower not in keep
        }
        for name, remote in self.natural.items():
            if not hasattr(remote, "natural_key") or not hasattr(remote._default_manager, "get_by_natural_key"):
                raise BackupError(
                    f"{self.label}.{name} trỏ tới {remote._meta.label_lower}, không có trong bản sao lưu"
                    f" / points to a model the backup does not hold"
                )

    def encode(self, obj: models.Model, nul: _Nul, natural: _NaturalKeys) -> dict:
        out: dict[str, Any] = {}
        for f in self.fields:
            value = getattr(obj, f.attname)
            if f.is_relation:
                if value is not None and f.name in self.natural:
                    value = natural.key(self.natural[f.name], value)
                elif not (value is None or isinstance(value, int | str)):
                    value = str(value)  # a UUID key
            else:
                value = _plain(f, obj, value)
            out[f.name] = nul(value)
        for f in self.m2m:
            related = getattr(obj, f.name).all()  # prefetched
            if f.name in self.natural:
                out[f.name] = sorted(natural.key(self.natural[f.name], r.pk) for r in related)
            else:
                out[f.name] = sorted(r.pk if isinstance(r.pk, int | str) else str(r.pk) for r in related)
        pk = obj.pk if isinstance(obj.pk, int | str) else str(obj.pk)
        return {"model": self.label, "pk": pk, "fields": out}

    def decode(self, row: dict, nul: _Nul, natural: _NaturalKeys) -> tuple[models.Model, list[tuple[Any, list]]]:
        """The unsaved instance, and its links: (m2m field, target primary keys)."""
        values: dict[str, Any] = {self.pk.attname: self.pk.to_python(row["pk"])}
        links = []
        for name, value in row["fields"].items():
            f = self.by_name.get(name)
            if f is None:
                raise BackupError(
                    f"{self.label} có trường {name!r} mà phiên bản này không có / unknown field in the backup"
                )
            value = nul(value)
            if f.many_to_many:
                if name in self.natural:
                    value = [natural.pk(self.natural[name], key) for key in value]
                links.append((f, value))
            elif value is None or isinstance(f, models.JSONField):
                values[f.attname] = value
            elif f.is_relation:
                if name in self.natural:
                    resolved = natural.pk(self.natural[name], value)
                    if resolved is None:
                        raise BackupError(
                            f"Không tìm thấy {self.natural[name]._meta.verbose_name} {value} cho {self.label}"
                            f" / a row the backup refers to is missing here"
                        )
                    value = resolved
                values[f.attname] = f.to_python(value)
            else:
                values[f.attname] = f.to_python(value)
        return self.model(**values), links


# ---------------------------------------------------------------------------------------------- backup


def _db_error(exc: DatabaseError) -> BackupError:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return BackupError(f"Lỗi cơ sở dữ liệu / database error: {first}")


def _check_migrated(using: str) -> None:
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise BackupError(
            f"Cơ sở dữ liệu còn {len(plan)} bước cập nhật chưa chạy; chạy `chitieu manage migrate` trước"
            f" / the database has unapplied migrations; migrate it first"
        )


def _applied_migrations(using: str) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations())


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member dated now, compressed, readable by its owner only once extracted."""
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def _media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(path inside MEDIA_ROOT, file) of every regular file under ``root``; links are not followed."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            full = Path(folder) / name
            if full.is_file() and not full.is_symlink():
                yield full.relative_to(root).as_posix(), full


class _DataWriter:
    """data.jsonl into the zip, hashed and counted on the way, written in large pieces."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.sha = hashlib.sha256()
        self.size = 0
        self.lines = 0
        self.buffer: list[bytes] = []
        self.buffered = 0

    def write(self, row: dict) -> None:
        data = (json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()
        self.sha.update(data)
        self.size += len(data)
        self.lines += 1
        self.buffer.append(data)
        self.buffered += len(data)
        if self.buffered >= BUFFER:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.stream.write(b"".join(self.buffer))
            self.buffer.clear()
            self.buffered = 0


def _write_rows(zf: zipfile.ZipFile, using: str, nul: _Nul) -> tuple[dict, dict, dict]:
    """Every row into data.jsonl; the per-model counts, the per-field link counts, the data's digest."""
    todo = backup_models()
    keep = {m._meta.label_lower for m in todo}
    natural = _NaturalKeys(using)
    rows: dict[str, int] = {}
    links: dict[str, int] = {}
    with zf.open(_member(DATA), "w", force_zip64=True) as stream:
        writer = _DataWriter(stream)
        for model in todo:
            codec = _Codec(model, keep)
            qs = model._base_manager.using(using).order_by("pk")
            if codec.m2m:
                qs = qs.prefetch_related(*(f.name for f in codec.m2m))
            n = 0
            counted = Counter()
            for obj in qs.iterator(chunk_size=CHUNK):
                row = codec.encode(obj, nul, natural)
                for f in codec.m2m:
                    counted[_link_label(model, f)] += len(row["fields"][f.name])
                writer.write(row)
                n += 1
            rows[codec.label] = n
            for f in codec.m2m:
                links[_link_label(model, f)] = counted[_link_label(model, f)]
        writer.flush()
    data = {"file": DATA, "sha256": writer.sha.hexdigest(), "bytes": writer.size, "rows": writer.lines}
    return rows, links, data


@contextlib.contextmanager
def _read_snapshot(connection) -> Iterator[None]:
    """One view of every table for the whole backup, while the application keeps writing where the
    database allows it: PostgreSQL's REPEATABLE READ; on SQLite a plain (DEFERRED) read transaction,
    which in WAL mode does not hold back writers (the IMMEDIATE one the settings give every atomic
    block would take the write lock for as long as the backup runs)."""
    if connection.in_atomic_block:  # the caller's transaction is the view
        yield
        return
    connection.ensure_connection()  # connecting sets transaction_mode from the settings again
    sqlite = connection.vendor == "sqlite"
    mode = getattr(connection, "transaction_mode", None)
    if sqlite:
        connection.transaction_mode = "DEFERRED"
    try:
        with transaction.atomic(using=connection.alias):
            if sqlite:
                connection.transaction_mode = mode
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    finally:
        if sqlite:
            connection.transaction_mode = mode


def _write_media(zf: zipfile.ZipFile, root: Path) -> list[dict]:
    out = []
    for rel, full in _media_files(root):
        sha = hashlib.sha256()
        size = 0
        with full.open("rb") as src, zf.open(_member(MEDIA + rel), "w", force_zip64=True) as dst:
            while chunk := src.read(1 << 20):
                sha.update(chunk)
                size += len(chunk)
                dst.write(chunk)
        out.append({"path": rel, "bytes": size, "sha256": sha.hexdigest()})
    return out


def _refuse_to_overwrite(path: Path) -> None:
    """An existing FILE may only be an older backup: never the database or anything else."""
    if path.is_dir():
        raise BackupError(f"{path} là một thư mục / is a folder")
    if not path.exists():
        return
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
        ok = isinstance(manifest, dict) and manifest.get("format") == FORMAT
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, zlib.error, EOFError):
        ok = False
    if not ok:
        raise BackupError(f"{path} đã có và không phải bản sao lưu chitieu; không ghi đè / exists, not overwritten")


def backup(path: str | os.PathLike, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the whole installation to ``path``: created 0600 under a temporary name, then renamed."""
    started = time.monotonic()
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"Thư mục {path.parent} không tồn tại / no such folder")
    _refuse_to_overwrite(path)
    connection = connections[using]
    try:
        _check_migrated(using)
        migrations = _applied_migrations(using)
    except DatabaseError as exc:
        raise _db_error(exc) from exc
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    nul = _Nul()
    try:
        # 0600 from the first byte: the file holds personal data and password hashes.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise BackupError(f"Không tạo được tệp trong {path.parent} / cannot create the file: {exc.strerror}") from exc
    out = os.fdopen(fd, "wb")
    try:
        with out:
            os.fchmod(fd, 0o600)  # whatever the umask
            with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                with _read_snapshot(connection):
                    rows, links, data = _write_rows(zf, using, nul)
                media = _write_media(zf, Path(settings.MEDIA_ROOT))
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "chitieu_version": chitieu.__version__,
                    "created_at": timezone.now().isoformat(),
                    "vendor": connection.vendor,
                    "data": data,
                    "models": rows,
                    "links": links,
                    "media": media,
                    "migrations": migrations,
                    "nul_stripped": nul.count,
                }
                zf.writestr(_member(MANIFEST), json.dumps(manifest, ensure_ascii=False, indent=1))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, DatabaseError):
            raise _db_error(exc) from exc
        if isinstance(exc, OSError):
            raise BackupError(f"Không ghi được tệp sao lưu / cannot write the backup file: {exc}") from exc
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # the rename is durable on most systems anyway
    return Summary(
        path=path,
        vendor=connection.vendor,
        rows=rows,
        links=links,
        media=len(media),
        size=path.stat().st_size,
        nul_stripped=nul.count,
        seconds=time.monotonic() - started,
        manifest=manifest,
    )


# --------------------------------------------------------------------------------------------- checks


def _damaged(detail: str) -> BackupError:
    return BackupError(f"{DAMAGED}: {detail}")


def _open(path: Path) -> tuple[zipfile.ZipFile, dict]:
    """The zip and its manifest, checked for shape and version (not yet for content)."""
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(f"Không tìm thấy tệp {path} / no such file") from exc
    except IsADirectoryError as exc:
        raise BackupError(f"{path} là một thư mục / is a folder") from exc
    except PermissionError as exc:
        raise BackupError(f"Không đọc được {path} / permission denied") from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise BackupError(f"{DAMAGED} (hoặc không phải bản sao lưu / or not a backup): không đọc được tệp zip") from exc
    try:
        try:
            info = zf.getinfo(MANIFEST)
        except KeyError as exc:
            raise BackupError(f"{NOT_BACKUP}: thiếu {MANIFEST} / no manifest") from exc
        if info.file_size > MAX_MANIFEST:
            raise _damaged(f"{MANIFEST} quá lớn / too large")
        try:
            manifest = json.loads(zf.read(MANIFEST))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise _damaged(f"không đọc được {MANIFEST} / unreadable manifest") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(NOT_BACKUP)
        version = manifest.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise _damaged("phiên bản định dạng không hợp lệ / invalid format version")
        if version > FORMAT_VERSION:
            raise BackupError(
                f"Bản sao lưu có định dạng {version}, mới hơn định dạng {FORMAT_VERSION} mà phiên bản chitieu này"
                f" đọc được (tệp do chitieu {manifest.get('chitieu_version', '?')} tạo); hãy cập nhật chitieu"
                f" / the backup's format is newer than this chitieu reads: upgrade chitieu"
            )
        _check_shape(manifest)
    except BaseException:
        zf.close()
        raise
    return zf, manifest


def _counts(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0 for k, v in value.items()
    )


def _check_shape(manifest: dict) -> None:
    data = manifest.get("data")
    if not (
        isinstance(data, dict)
        and data.get("file") == DATA
        and isinstance(data.get("sha256"), str)
        and isinstance(data.get("bytes"), int)
        and isinstance(data.get("rows"), int)
        and _counts(manifest.get("models"))
        and _counts(manifest.get("links"))
        and isinstance(manifest.get("media"), list)
        and isinstance(manifest.get("migrations"), list)
    ):
        raise _damaged(f"{MANIFEST} thiếu hoặc sai mục / incomplete manifest")
    if sum(manifest["models"].values()) != data["rows"]:
        raise _damaged("số dòng trong manifest không khớp / row counts disagree")
    for item in manifest["media"]:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("path"), str)
            and isinstance(item.get("sha256"), str)
            and isinstance(item.get("bytes"), int)
        ):
            raise _damaged("danh sách tệp đính kèm sai / bad media list")
        _safe_media_path(item["path"])


def _safe_media_path(rel: str) -> PurePosixPath:
    """A path inside MEDIA_ROOT: relative, no '..', nothing odd. A crafted file writes nowhere else."""
    p = PurePosixPath(rel)
    if not rel or "\x00" in rel or "\\" in rel or p.is_absolute() or any(part in ("", ".", "..") for part in p.parts):
        raise _damaged(f"đường dẫn tệp đính kèm không hợp lệ / unsafe media path {rel!r}")
    return p


def _digest(zf: zipfile.ZipFile, name: str) -> tuple[str, int, int]:
    """SHA-256, size and lines of a member, read as a stream; the zip's CRC is checked on the way."""
    sha = hashlib.sha256()
    size = lines = 0
    try:
        with zf.open(name) as stream:
            while chunk := stream.read(1 << 20):
                sha.update(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n")
    except KeyError as exc:
        raise _damaged(f"thiếu {name} / missing {name}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise _damaged(f"{name} không đọc được / unreadable {name}") from exc
    return sha.hexdigest(), size, lines


@dataclass
class _Schema:
    """The models a backup's rows are loaded with."""

    registry: Any  # the installed apps, or the historical models of an older backup's migrations
    targets: list[tuple[str, str | None]] | None  # an older backup: migrate to these first, else None


def _schema(manifest: dict) -> _Schema:
    """The backup's migrations against this code's, without a database. The same: load with the
    installed models. Older: load with the models as they were at the backup's migrations, then
    migrate forward, so data migrations run on the restored rows. Newer: refused."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    have: set[tuple[str, str]] = set()
    for item in manifest["migrations"]:
        if not isinstance(item, str) or "." not in item:
            raise _damaged("danh sách migration sai / bad migration list")
        app, _, name = item.partition(".")
        have.add((app, name))
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(tuple(r) for r in migration.replaces or ())
    newer = sorted(f"{app}.{name}" for app, name in have - known)
    if newer:
        raise BackupError(
            f"Bản sao lưu do phiên bản chitieu mới hơn tạo ({manifest.get('chitieu_version', '?')}:"
            f" {', '.join(newer[:3])}); hãy cập nhật chitieu / the backup was made by a newer chitieu: upgrade first"
        )
    graph = loader.graph

    def present(node: tuple[str, str]) -> bool:
        replaces = graph.nodes[node].replaces or ()
        return node in have or bool(replaces) and all(tuple(r) in have for r in replaces)

    nodes = set(graph.nodes)
    if all(present(n) for n in nodes):
        return _Schema(apps, None)
    targets: list[tuple[str, str | None]] = []
    for app in sorted({a for a, _ in nodes}):
        ours = [n for n in nodes if n[0] == app and present(n)]
        leaves = [n for n in ours if not any(c.key[0] == app and present(c.key) for c in graph.node_map[n].children)]
        targets.extend(sorted(leaves) or [(app, None)])
    state = loader.project_state([t for t in targets if t[1] is not None], at_end=True)
    return _Schema(state.apps, targets)


def _check_models(manifest: dict, registry: Any) -> None:
    here = {m._meta.label_lower: m for m in backup_models(registry)}
    link_labels = {_link_label(m, f) for m in here.values() for f in _m2m(m)}
    unknown = sorted(set(manifest["models"]) - set(here)) + sorted(set(manifest["links"]) - link_labels)
    if unknown:
        raise BackupError(
            f"Bản sao lưu có bảng mà phiên bản này không có ({', '.join(unknown[:3])}); hãy dùng phiên bản chitieu"
            f" {manifest.get('chitieu_version', '?')} / the backup holds models this chitieu does not have"
        )


def _check_content(zf: zipfile.ZipFile, manifest: dict) -> _Schema:
    """The data and media match their digests, the migrations and models are known: the schema."""
    data = manifest["data"]
    sha, size, lines = _digest(zf, DATA)
    if (sha, size, lines) != (data["sha256"], data["bytes"], data["rows"]):
        raise _damaged(f"mã SHA-256 của {DATA} không khớp / the data's SHA-256 does not match")
    for item in manifest["media"]:
        if _digest(zf, MEDIA + item["path"])[:2] != (item["sha256"], item["bytes"]):
            raise _damaged(f"tệp đính kèm {item['path']} không khớp / media file does not match")
    schema = _schema(manifest)
    _check_models(manifest, schema.registry)
    return schema


def check(path: str | os.PathLike) -> dict:
    """Check a backup file through and through without touching any database; return its manifest."""
    zf, manifest = _open(Path(path))
    with zf:
        _check_content(zf, manifest)
    return manifest


# -------------------------------------------------------------------------------------------- restore


def _existing(using: str) -> dict[str, int]:
    """Rows per model already in the database (tables not created yet hold none)."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    out = {}
    for model in backup_models():
        if model._meta.db_table in tables:
            n = model._base_manager.using(using).count()
            if n:
                out[model._meta.label_lower] = n
    return out


def _refuse_data(using: str) -> None:
    existing = _existing(using)
    if existing:
        shown = ", ".join(f"{label}: {n}" for label, n in list(existing.items())[:4])
        raise BackupError(
            f"Cơ sở dữ liệu đã có dữ liệu ({shown}); dùng --replace để xóa và thay bằng bản sao lưu"
            f" / the database already holds data: use --replace to replace it"
        )


def _flush(using: str) -> None:
    """Empty every table a backup fills (and the sessions), inside the caller's transaction."""
    connection = connections[using]
    tables = []
    for model in backup_models():
        tables.append(model._meta.db_table)
        tables.extend(f.remote_field.through._meta.db_table for f in _m2m(model))
    for label in FLUSHED_TOO:
        try:
            tables.append(apps.get_model(label)._meta.db_table)
        except LookupError:
            pass
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=False)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _migrate_to(targets: list[tuple[str, str | None]], using: str) -> None:
    """An empty database to an older backup's migrations (forward or back), with its content types
    and permissions, which the rows name by natural key."""
    executor = MigrationExecutor(connections[using])
    try:
        executor.migrate(targets, plan=executor.migration_plan(targets))
    except IrreversibleError as exc:
        raise BackupError(
            f"Không đưa được cơ sở dữ liệu về phiên bản của bản sao lưu ({exc}); hãy phục hồi vào một cơ sở dữ liệu"
            f" mới / cannot migrate back to the backup's version: restore into a new database"
        ) from exc
    emit_post_migrate_signal(0, False, using)


def _insert(model: type[models.Model], objs: list[models.Model], fields: list, using: str) -> None:
    """INSERT as loaddata does (raw: ``auto_now`` fields keep the values given), in batches."""
    size = max(1, min(BATCH, connections[using].ops.bulk_batch_size(fields, objs)))
    qs = model._base_manager.using(using)
    for i in range(0, len(objs), size):
        qs._insert(objs[i : i + size], fields=fields, using=using, raw=True)


def _insert_links(f: models.ManyToManyField, pairs: list[tuple[Any, Any]], using: str) -> None:
    through = f.remote_field.through
    source = through._meta.get_field(f.m2m_field_name()).attname
    target = through._meta.get_field(f.m2m_reverse_field_name()).attname
    objs = [through(**{source: a, target: b}) for a, b in pairs]
    through._base_manager.using(using).bulk_create(objs, batch_size=BATCH)


def _load(
    zf: zipfile.ZipFile, manifest: dict, using: str, nul: _Nul, registry: Any
) -> tuple[Counter, Counter, Counter]:
    """Insert every row of data.jsonl; rows per model, links per field, links skipped per field."""
    here = {m._meta.label_lower: m for m in backup_models(registry)}
    keep = set(here)
    natural = _NaturalKeys(using)
    codecs: dict[str, _Codec] = {}
    rows: Counter = Counter()
    links: Counter = Counter()
    skipped: Counter = Counter()
    batch: list[models.Model] = []
    pending: dict[models.ManyToManyField, list] = defaultdict(list)
    current: _Codec | None = None

    def flush() -> None:
        if current is not None and batch:
            _insert(current.model, batch, current.insert_fields, using)
            batch.clear()
        for f, pairs in pending.items():
            if pairs:
                _insert_links(f, pairs, using)
        pending.clear()

    with zf.open(DATA) as stream:
        for number, line in enumerate(stream, start=1):
            try:
                row = json.loads(line)
                label = row["model"]
                codec = codecs.get(label)
                if codec is None:
                    if label not in manifest["models"]:
                        raise _damaged(f"dòng {number}: bảng {label} không có trong manifest / not in the manifest")
                    codec = codecs[label] = _Codec(here[label], keep)
                if codec is not current:
                    flush()
                    current = codec
                obj, obj_links = codec.decode(row, nul, natural)
            except BackupError:
                raise
            except (ValueError, TypeError, KeyError, AttributeError, ValidationError) as exc:
                raise BackupError(
                    f"Không nạp được dòng {number} của {DATA} / cannot load line {number}: {exc}"
                ) from exc
            batch.append(obj)
            rows[label] += 1
            for f, targets in obj_links:
                label_f = _link_label(codec.model, f)
                for target in targets:
                    if target is None:  # a permission this installation does not have
                        skipped[label_f] += 1
                    else:
                        pending[f].append((obj.pk, target))
                        links[label_f] += 1
            if len(batch) >= BATCH:
                flush()
        flush()
    return rows, links, skipped


def _reset_sequences(using: str, registry: Any) -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not move: set them past the
    rows loaded. SQLite needs nothing (its AUTOINCREMENT follows the largest id inserted)."""
    connection = connections[using]
    todo: list[type[models.Model]] = []
    for model in backup_models(registry):
        todo.append(model)
        todo.extend(f.remote_field.through for f in _m2m(model))
    statements = connection.ops.sequence_reset_sql(no_style(), todo)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _verify(using: str, manifest: dict, rows: Counter, links: Counter, skipped: Counter, registry: Any) -> None:
    """The database now holds exactly what the manifest counts (less the links skipped)."""
    here = {m._meta.label_lower: m for m in backup_models(registry)}
    fields = {_link_label(m, f): f for m in here.values() for f in _m2m(m)}
    wrong = []
    for label, expected in manifest["models"].items():
        found = here[label]._base_manager.using(using).count()
        if found != expected or rows[label] != expected:
            wrong.append(f"{label} {found}/{expected}")
    for label, expected in manifest["links"].items():
        found = fields[label].remote_field.through._base_manager.using(using).count()
        if found + skipped[label] != expected or links[label] != found:
            wrong.append(f"{label} {found}/{expected}")
    if wrong:
        raise BackupError(
            f"Số dòng sau khi nạp không khớp bản sao lưu ({', '.join(wrong[:5])}); đã hoàn tác"
            f" / row counts after loading do not match the backup; rolled back"
        )


def _restore_media(zf: zipfile.ZipFile, manifest: dict, root: Path) -> None:
    for item in manifest["media"]:
        dest = root.joinpath(*_safe_media_path(item["path"]).parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.parent / f".{dest.name}.{secrets.token_hex(6)}.tmp"
        try:
            with zf.open(MEDIA + item["path"]) as src, tmp.open("wb") as out:
                while chunk := src.read(1 << 20):
                    out.write(chunk)
            os.replace(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)


def restore(path: str | os.PathLike, *, replace: bool = False, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Load a backup into the database ``using``: the file checked first, then the database migrated,
    then every row in one transaction (with ``replace``, the old rows deleted in the same one)."""
    started = time.monotonic()
    path = Path(path)
    zf, manifest = _open(path)
    nul = _Nul()
    connection = connections[using]
    with zf:
        schema = _check_content(zf, manifest)  # the whole file, before the database is touched
        try:
            if schema.targets is None:
                call_command("migrate", database=using, interactive=False, verbosity=0)
                if not replace:
                    _refuse_data(using)
            else:
                if replace:
                    raise BackupError(
                        f"Bản sao lưu do phiên bản chitieu cũ hơn tạo ({manifest.get('chitieu_version', '?')}) chỉ"
                        f" phục hồi được vào một cơ sở dữ liệu trống, không dùng --replace / a backup from an"
                        f" older chitieu restores only into an empty database"
                    )
                _refuse_data(using)
                _migrate_to(schema.targets, using)
            with transaction.atomic(using=using):
                if replace:
                    _flush(using)
                rows, links, skipped = _load(zf, manifest, using, nul, schema.registry)
                _reset_sequences(using, schema.registry)
                _verify(using, manifest, rows, links, skipped, schema.registry)
                try:
                    _restore_media(zf, manifest, Path(settings.MEDIA_ROOT))
                except OSError as exc:
                    raise BackupError(
                        f"Không ghi được tệp đính kèm vào {settings.MEDIA_ROOT} / cannot write media: {exc}"
                    ) from exc
            if schema.targets is not None:
                try:  # up to this version: data migrations run on the restored rows
                    call_command("migrate", database=using, interactive=False, verbosity=0)
                except Exception as exc:
                    raise BackupError(
                        f"Đã nạp bản sao lưu ở phiên bản của nó nhưng cập nhật lên phiên bản này lỗi ({exc});"
                        f" chạy `chitieu manage migrate` / loaded at the backup's version, migrating forward failed"
                    ) from exc
        except DatabaseError as exc:
            raise _db_error(exc) from exc
    return Summary(
        path=path,
        vendor=connection.vendor,
        rows={label: rows[label] for label in manifest["models"]},
        links={label: links[label] for label in manifest["links"]},
        media=len(manifest["media"]),
        size=path.stat().st_size,
        nul_stripped=nul.count,
        skipped_permissions=sum(skipped.values()),
        seconds=time.monotonic() - started,
        manifest=manifest,
    )
