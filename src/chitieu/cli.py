"""The `chitieu` command: a thin layer over the core, the extractor and the web app.

Every error a user can cause ends in one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from .core.catalog import get_indicator, indicators
from .core.quantity import QuantityError, format_number
from .core.series import evaluate_series, summarise
from .core.targets import SHAPE_LABELS, Target, TargetError, format_target, parse_target
from .core.verdicts import Evaluation, Verdict, evaluate, read_actual, round_pct, show_result, undetermined
from .demo.seeds import seed_committees, seed_target


def _number(d: Decimal | None) -> int | float | None:
    """JSON number for a Decimal: an int when whole, else a float of the printed digits."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def _target_json(phrase: str, target: Target | None, evaluation: Evaluation | None) -> dict:
    out: dict = {"text": phrase, "shape": None, "result": None, "verdict": None, "completion_pct": None, "reason": None}
    if target is not None:
        out.update(
            {
                "text": target.text,
                "shape": target.shape.value,
                "shape_label": SHAPE_LABELS[target.shape],
                "value": _number(target.value),
                "value_max": _number(target.value_max),
                "unit": target.unit.value,
                "counted": target.counted,
                "period": target.period.value if target.period else None,
                "indicator": target.indicator,
                "direction": target.direction,
                "strict": target.strict,
                "of": _number(target.of),
                "count": _number(target.count),
                "relative": target.relative,
                "since": target.since,
                "deadline": target.deadline,
                "target_text": format_target(target, places=2),
            }
        )
    if evaluation is not None:
        outlook = evaluation.outlook
        out.update(
            {
                "result": _number(evaluation.result),
                "verdict": evaluation.verdict.value if evaluation.verdict else None,
                "verdict_label": evaluation.label,
                "completion_pct": _number(round_pct(evaluation.completion_pct)),
                "reason": evaluation.reason or None,
                "note": evaluation.note or None,
                "outlook": (
                    {
                        "on_track": outlook.on_track,
                        "projected": _number(outlook.projected),
                        "basis": outlook.basis,
                        "label": outlook.label,
                    }
                    if outlook
                    else None
                ),
            }
        )
    return out


def _print_target(target: Target, evaluation: Evaluation | None) -> None:
    print(f"Chỉ tiêu:  {format_target(target, places=2)}")
    print(f"Dạng:      {SHAPE_LABELS[target.shape]} ({target.shape.value})")
    if target.indicator:
        print(f"Chỉ số:    {get_indicator(target.indicator).name} ({target.indicator})")
    if evaluation is None:
        return
    if evaluation.verdict is None and not evaluation.in_progress:
        print(f"Kết quả:   KHÔNG XÁC ĐỊNH ĐƯỢC, vì {evaluation.reason}")
        return
    pct = round_pct(evaluation.completion_pct)
    pct_text = f" ({format_number(pct)}%)" if pct is not None else ""
    shown = show_result(target, evaluation.result, places=2)
    print(f"Kết quả:   {shown} → {evaluation.label.upper()}{pct_text}")
    if evaluation.note:
        print(f"Ghi chú:   {evaluation.note}")
    if evaluation.outlook:
        o = evaluation.outlook
        projected = f", dự kiến {show_result(target, o.projected, places=2)}" if o.projected is not None else ""
        print(f"Xu hướng:  {o.basis}{projected}")


def _series(args: argparse.Namespace) -> dict[int, Decimal]:
    """ "2021=3,2%" "2022=2,5%": each year's result, stored the way the web stores a year's cell
    (chitieu.plans.forms.clean_result, docs/targets.md): in the target's terms ("18/20 chi bộ" is 90%,
    "12 hộ (1,2%)" 1,2%), a change target's year as its level ("giảm 1,7%" from the year before's level), a
    growth target's yearly levels ("60 triệu đồng") as the growth of each year; what cannot be a result of
    the target is refused with the reason."""
    from .core.quantity import Unit
    from .core.targets import Shape
    from .core.verdicts import ActualKind, is_growth_target, measured_value

    def _is_amount(actual) -> bool:
        named = actual.unit in (Unit.VND, Unit.HECTARE, Unit.OTHER) or (actual.unit == Unit.COUNT and actual.counted)
        return bool(named) and actual.kind in (ActualKind.BARE, ActualKind.LEVEL) and actual.of is None

    target = parse_target(args.phrase, args.indicator)
    cells: dict[int, str] = {}
    for item in args.series or []:
        year, sep, text = item.partition("=")
        if not sep or not (year.strip().isascii() and year.strip().isdigit()):
            raise TargetError(f"Ghi từng năm dạng NĂM=KẾT QUẢ, ví dụ 2021=3,2%: {item!r} / expected YEAR=RESULT")
        cells[int(year)] = text.strip()
    yearly: dict[int, Decimal] = {}
    levels: dict[int, Decimal] = {}  # a growth target's yearly levels, typed as amounts
    for year in sorted(cells):
        text = cells[year]
        if target.shape in (Shape.YES_NO, Shape.RATING_LEVEL) and re.fullmatch(r"[0-4]", text):
            yearly[year] = Decimal(text)  # 1/0, or a rating written as its number, as the web takes them
        elif target.is_change:
            actual = read_actual(text)
            if actual.kind != ActualKind.CHANGE:
                yearly[year] = actual.value  # the year's level
            elif year - 1 not in yearly:
                raise TargetError(
                    f"Năm {year} ghi mức tăng/giảm ({text!r}); cần mức của năm {year - 1} để tính mức của năm "
                    f"/ a change needs the level of the year before"
                )
            elif actual.unit == Unit.PERCENT and (target.relative or actual.relative):
                yearly[year] = yearly[year - 1] * (1 + actual.value / 100)  # "giảm 5%" of the level
            else:
                yearly[year] = yearly[year - 1] + actual.value  # "giảm 1,7%": points of a rate, or a count
        elif is_growth_target(target) and _is_amount(read_actual(text)):
            levels[year] = read_actual(text).value  # "60 triệu đồng": the year's level, not its growth
        else:
            yearly[year] = measured_value(target, text)
    if levels:
        if yearly:
            raise TargetError("Ghi mọi năm cùng một dạng: tốc độ tăng (%) hoặc giá trị / every year in one form")
        for year in sorted(levels)[1:]:  # the first year is the base of the growth that follows
            if year - 1 not in levels or levels[year - 1] <= 0:
                raise TargetError(f"Cần giá trị của năm {year - 1} để tính tốc độ tăng năm {year} / a gap in the years")
            yearly[year] = (levels[year] / levels[year - 1] - 1) * 100
        if not yearly:
            raise TargetError("Cần giá trị của ít nhất hai năm để tính tốc độ tăng / growth needs two years")
    return yearly


def _span(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    start, sep, end = text.partition("-")
    if not (
        sep and start.strip().isascii() and start.strip().isdigit() and end.strip().isascii() and end.strip().isdigit()
    ) or int(end) <= int(start):
        raise TargetError(f"Nhiệm kỳ ghi dạng 2025-2030: {text!r} / expected a term like 2025-2030")
    return int(start), int(end)


def cmd_target(args: argparse.Namespace) -> int:
    try:
        target = parse_target(args.phrase, args.indicator)
    except TargetError as exc:
        if not args.json:
            raise
        # JSON answers every line: a phrase that cannot be read has no verdict, and says why.
        print(
            json.dumps(
                {**_target_json(args.phrase, None, undetermined(str(exc))), "reason": str(exc)}, ensure_ascii=False
            )
        )
        return 0
    evaluation = None
    if args.series:
        evaluation = evaluate_series(target, _series(args), span=_span(args.term), as_of=args.as_of)
    elif args.result is not None:
        try:
            evaluation = evaluate(target, read_actual(args.result))
        except TargetError as exc:
            if not args.json:
                raise  # a result that cannot be read at all is bad input: one clear line
            evaluation = undetermined(str(exc))
    if args.json:
        print(json.dumps(_target_json(args.phrase, target, evaluation), ensure_ascii=False))
    else:
        _print_target(target, evaluation)
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    for ind in indicators().values():
        print(f"{ind.key:34} {ind.unit.value:6} {ind.direction:7} {ind.group:38} {ind.name}")
    return 0


def _per_year_note(row: dict, ev: Evaluation) -> str:
    if "years" not in row:
        return ""
    return f" trong {row['years']} năm, bình quân {format_number(ev.result, 2)}/năm"


def cmd_seeds(args: argparse.Namespace) -> int:
    """The seeds' targets, their results and the verdicts the numbers give, as text."""
    for com in seed_committees():
        print(f"\n{com['name'].upper()}  ({com['parent'] or 'không rõ cấp trên'}; nhiệm kỳ {com['term']})")
        verdicts = []
        for row in com["targets"]:
            target, value = seed_target(row)
            ev = evaluate(target, value)
            verdicts.append(ev)
            pct = round_pct(ev.completion_pct)
            claim = row.get("claim", "")
            flag = ""
            if claim and ev.verdict is not None and (claim == "chưa đạt") != (ev.verdict == Verdict.NOT_MET):
                flag = f"  ⚠ bài viết ghi «{claim}»"
            print(
                f"  - {row['target']}\n"
                f"      chỉ tiêu {format_target(target, places=2)};"
                f" thực hiện {row['result']}{_per_year_note(row, ev)}"
                f" → {ev.label}"
                f"{f' ({format_number(pct)}%)' if pct is not None else ''}{flag}"
            )
        print(f"  => {summarise(verdicts).line}")
    return 0


def setup_django(**env: str) -> None:
    """Configure Django from the environment (plus ``env``) before anything touches the database."""
    for key, value in env.items():
        os.environ[key] = value
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chitieu.settings")
    import django

    django.setup()


def _home() -> Path:
    home = Path(os.environ.get("CHITIEU_HOME", Path.home() / ".chitieu"))
    home.mkdir(parents=True, exist_ok=True)
    return home


def cmd_demo(args: argparse.Namespace) -> int:
    """A fresh SQLite database under CHITIEU_HOME with the seeds' committees, served on 127.0.0.1."""
    home = _home()
    db = home / "demo.sqlite3"
    if db.exists():
        db.unlink()  # the demo database is rebuilt on every run; it holds nothing of the user's
    setup_django(CHITIEU_DEMO="1", DATABASE_URL=f"sqlite:///{db}", CHITIEU_HOME=str(home))
    from django.core.management import call_command

    from .demo.load import COUNT_LABELS, load_demo

    call_command("migrate", verbosity=0)
    counts = load_demo()
    print(f"Dữ liệu trình diễn: {db}")
    # "; " between the counts: a label may hold a comma ("kiểm tra, giám sát")
    print("  " + "; ".join(f"{COUNT_LABELS.get(k, k)}: {format_number(v)}" for k, v in counts.items()))
    if args.no_serve:
        return 0
    print(f"Mở http://127.0.0.1:{args.port}/ — đăng nhập demo / demo (quản trị), khuetrung / demo (biên tập)")
    with _worker():
        return _serve("127.0.0.1", args.port)


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    workers = args.workers
    if workers is None:
        text = os.environ.get("CHITIEU_WORKERS", "").strip() or "1"
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 64):
            print(
                f"chitieu: CHITIEU_WORKERS phải là số từ 1 đến 64, không phải {text[:20]!r} / 1 to 64", file=sys.stderr
            )
            return 2
        workers = int(text)
    # waitress says nothing on start and gunicorn's own log is English: one line the office reads
    processes = f", {workers} tiến trình" if workers > 1 else ""
    background = "" if args.no_worker else ", kèm việc nền"
    print(f"Đang chạy tại http://{args.host}:{args.port}/{processes}{background} — nhấn Ctrl+C để dừng", flush=True)
    with _worker(enabled=not args.no_worker):
        if workers > 1:
            return _serve_workers(args.host, args.port, workers)
        return _serve(args.host, args.port)


@contextlib.contextmanager
def _worker(*, enabled: bool = True):
    """The task queue's worker (`chitieu worker`) beside the web server, for as long as it runs: a
    laptop needs no second command. A server whose workers run apart says --no-worker."""
    # --quiet: the server's own line already says the background jobs run with it
    proc = subprocess.Popen([sys.executable, "-m", "chitieu.cli", "worker", "--quiet"]) if enabled else None
    try:
        yield
    finally:
        if proc is not None:
            proc.terminate()  # the worker finishes the job in hand's current step, then exits
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def cmd_worker(args: argparse.Namespace) -> int:
    """Runs the background jobs (django-tasks' database worker) until stopped."""
    setup_django()
    from django.core.management import call_command

    if not (args.once or args.quiet):
        print("Đang chạy các việc nền (báo cáo hàng loạt) — nhấn Ctrl+C để dừng", flush=True)
    call_command("db_worker", "--no-reload", *(["--batch"] if args.once else []), verbosity=0)
    return 0


def _serve_workers(host: str, port: int, workers: int) -> int:
    """Several worker processes (gunicorn, threads in each): one Python process uses one core,
    whatever its threads. Behind a reverse proxy that bounds request bodies (docs/operations.md):
    unlike waitress, gunicorn does not stop a chunked body at the upload limit."""
    from gunicorn.app.base import BaseApplication

    from .wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            for key, value in {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "gthread",
                "threads": 4,
                "timeout": 120,  # a worker silent this long is restarted (gthread: not a slow request)
                "keepalive": 30,  # as long as a browser keeps a connection (gunicorn's 2 s drops them)
                # No access log: URLs carry name searches (?q=); the proxy's log, if any, is the place.
            }.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()
    return 0


def _serve(host: str, port: int) -> int:
    from waitress import serve

    from .limits import MAX_UPLOAD_BYTES
    from .wsgi import application

    # A body sent without a length (chunked) is not seen by the upload check until it is read:
    # waitress stops it at the same bound (its default is 1 GB).
    serve(application, host=host, port=port, threads=8, max_request_body_size=MAX_UPLOAD_BYTES + 1024 * 1024)
    return 0


def _backup_warnings(summary) -> None:
    if summary.nul_stripped:
        print(
            f"chitieu: cảnh báo: đã bỏ {summary.nul_stripped} ký tự NUL (U+0000) khỏi văn bản"
            f" / warning: stripped {summary.nul_stripped} NUL characters from text",
            file=sys.stderr,
        )
    if summary.skipped_permissions:
        print(
            f"chitieu: cảnh báo: bỏ qua {summary.skipped_permissions} quyền không có trong phiên bản này"
            f" / warning: skipped {summary.skipped_permissions} links to permissions this version lacks",
            file=sys.stderr,
        )


def cmd_backup(args: argparse.Namespace) -> int:
    """The whole installation of DATABASE_URL into one file (mode 0600): rows, users, media."""
    setup_django()
    from .backup import BackupError, backup

    try:
        summary = backup(args.file)
    except BackupError as exc:
        print(f"chitieu: {exc}", file=sys.stderr)
        return 1
    _backup_warnings(summary)
    print(
        f"Đã sao lưu {format_number(summary.total)} dòng, {summary.media} tệp đính kèm từ {summary.vendor}"
        f" vào {summary.path} ({format_number(Decimal(summary.size) / 1024, 1)} KB,"
        f" {format_number(Decimal(summary.seconds), 1)} giây)"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """A backup file into DATABASE_URL: checked, migrated, loaded in one transaction."""
    setup_django()
    from .backup import BackupError, restore

    try:
        summary = restore(args.file, replace=args.replace)
    except BackupError as exc:
        print(f"chitieu: {exc}", file=sys.stderr)
        return 1
    _backup_warnings(summary)
    made = summary.manifest.get("created_at", "?")
    print(
        f"Đã phục hồi {format_number(summary.total)} dòng, {summary.media} tệp đính kèm vào {summary.vendor}"
        f" (bản sao lưu lúc {made} từ {summary.manifest.get('vendor', '?')};"
        f" {format_number(Decimal(summary.seconds), 1)} giây)"
    )
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chitieu manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chitieu", description="Chỉ tiêu Nghị quyết Đại hội Đảng bộ phường, xã")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("target", help="đọc một chỉ tiêu và đánh giá kết quả / parse a target, judge a result")
    p.add_argument("phrase", help='ví dụ "Tổng giá trị sản xuất tăng bình quân 12 - 15%%/năm"')
    p.add_argument("--result", help='kết quả, ví dụ "11,74%%", "giảm 1,2%%", "giữ vững", "4/6 thôn"')
    p.add_argument("--series", nargs="+", metavar="NĂM=KẾT_QUẢ", help="kết quả từng năm, ví dụ 2021=3,2%% 2022=2,5%%")
    p.add_argument("--term", help="nhiệm kỳ của chuỗi số liệu, ví dụ 2025-2030 / the term, for the outlook")
    p.add_argument("--as-of", type=int, help="năm đánh giá; nhiệm kỳ chưa hết thì xét xu hướng / year of review")
    p.add_argument("--indicator", help="khóa chỉ số trong danh mục / catalog key")
    p.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    p.set_defaults(func=cmd_target)

    p = sub.add_parser("catalog", help="danh mục chỉ số / the indicator catalog")
    p.set_defaults(func=cmd_catalog)

    p = sub.add_parser("seeds", help="các chỉ tiêu của bài viết mẫu và đánh giá / the seeds' targets judged")
    p.set_defaults(func=cmd_seeds)

    p = sub.add_parser("demo", help="chạy bản trình diễn trên 127.0.0.1 / run the web demo on 127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-serve", action="store_true", help="chỉ tạo dữ liệu rồi thoát / load the data and exit")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="chạy ứng dụng web với DATABASE_URL / serve the web app")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="số tiến trình (mặc định CHITIEU_WORKERS hoặc 1; >1: gunicorn) / worker processes",
    )
    p.add_argument(
        "--no-worker",
        action="store_true",
        help="không chạy việc nền ở đây (chạy `chitieu worker` riêng) / run no background worker here",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="chạy các việc nền (báo cáo hàng loạt) / run the background jobs")
    p.add_argument("--once", action="store_true", help="làm hết việc đang chờ rồi thoát / run the queue, then exit")
    p.add_argument("--quiet", action="store_true", help=argparse.SUPPRESS)  # started by serve/demo
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("backup", help="sao lưu toàn bộ dữ liệu vào một tệp / back up everything to one file")
    p.add_argument("file", help="tệp sao lưu sẽ tạo (.zip), quyền 0600 / the backup file to write")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="phục hồi từ tệp sao lưu / restore a backup file")
    p.add_argument("file", help="tệp do `chitieu backup` tạo / a file written by `chitieu backup`")
    p.add_argument(
        "--replace",
        action="store_true",
        help="xóa dữ liệu đang có rồi nạp bản sao lưu, trong một giao dịch / replace the data there, atomically",
    )
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("manage", help="lệnh quản trị Django / Django management commands", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)

    for name, module, help_text in (
        ("report", "chitieu.reports.cli", "viết báo cáo DOCX/XLSX/PDF / write a review report"),
        ("party", "chitieu.party.cli", "tổ chức đảng: nhập đảng viên… / Party organisation tools"),
    ):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        p = sub.add_parser(name, help=help_text)
        mod.add_arguments(p)
        p.set_defaults(func=mod.run)

    try:
        from .extract import cli as extract_cli
    except ImportError:  # the extractor is optional until installed with its readers
        extract_cli = None
    if extract_cli is not None:
        p = sub.add_parser("extract", help="đọc số liệu từ báo cáo, bài viết / read figures from reports")
        extract_cli.add_arguments(p)
        p.set_defaults(func=extract_cli.run)
    return parser


def _negative_values(argv: list[str]) -> list[str]:
    """ "--result -5%": argparse would take "-5%" for an option; a result may be negative."""
    out: list[str] = []
    for arg in argv:
        if out and out[-1] == "--result" and re.match(r"-\s?\d", arg):
            out[-1] = f"--result={arg}"
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    # Everything the command writes (the SQLite file and its journal, exports, backups) may hold
    # members' names and birth dates: readable by its owner only.
    os.umask(0o077)
    parser = build_parser()
    args = parser.parse_args(_negative_values(sys.argv[1:] if argv is None else list(argv)))
    try:
        return args.func(args)
    except (TargetError, QuantityError, KeyError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        print(f"chitieu: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `chitieu seeds | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
