"""The `chitieu` command: a thin layer over the core, the extractor and the web app.

Every error a user can cause ends in one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

from .core.catalog import get_indicator, indicators
from .core.quantity import QuantityError, format_number
from .core.targets import (
    VERDICT_LABELS,
    Evaluation,
    Target,
    TargetError,
    evaluate,
    find_quantity,
    format_target,
    parse_target,
    round_pct,
)
from .demo.seeds import seed_committees, seed_target

SHAPE_LABELS = {
    "at_least": "tối thiểu (từ … trở lên)",
    "range": "khoảng, cao hơn là tốt",
    "band": "khoảng, nằm trong là tốt",
    "at_most": "tối đa (càng thấp càng tốt)",
    "per_year_count": "số lượng mỗi năm",
    "term_total": "tổng cả nhiệm kỳ",
    "all": "100%",
    "plan_amount": "kế hoạch (tính theo % hoàn thành)",
    "average_growth": "tăng bình quân",
}


def _number(d: Decimal | None) -> int | float | None:
    """JSON number for a Decimal: an int when whole, else a float of the printed digits."""
    if d is None:
        return None
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def _target_json(target: Target, evaluation: Evaluation | None) -> dict:
    return {
        "text": target.text,
        "shape": target.shape.value,
        "value": _number(target.value),
        "value_max": _number(target.value_max),
        "unit": target.unit.value,
        "counted": target.counted,
        "period": target.period.value if target.period else None,
        "indicator": target.indicator,
        "direction": target.direction,
        "strict": target.strict,
        "result": _number(evaluation.result) if evaluation else None,
        "verdict": evaluation.verdict.value if evaluation else None,
        "completion_pct": _number(round_pct(evaluation.completion_pct)) if evaluation else None,
    }


def _print_target(target: Target, evaluation: Evaluation | None) -> None:
    print(f"Chỉ tiêu:  {format_target(target)}")
    print(f"Dạng:      {target.shape.value} — {SHAPE_LABELS[target.shape.value]}")
    if target.indicator:
        print(f"Chỉ số:    {target.indicator} — {get_indicator(target.indicator).name}")
    if evaluation:
        pct = round_pct(evaluation.completion_pct)
        pct_text = f"{format_number(pct)}%" if pct is not None else "—"
        print(f"Kết quả:   {format_number(evaluation.result)} → {evaluation.label.upper()} ({pct_text})")


def cmd_target(args: argparse.Namespace) -> int:
    target = parse_target(args.phrase, args.indicator)
    evaluation = None
    if args.result is not None:
        result, _, _ = find_quantity(args.result)
        evaluation = evaluate(target, result)
    if args.json:
        print(json.dumps(_target_json(target, evaluation), ensure_ascii=False))
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
            verdicts.append(ev.verdict)
            pct = round_pct(ev.completion_pct)
            claim = row.get("claim", "")
            flag = ""
            if claim and (claim == "chưa đạt") != (ev.verdict.value == "not_met"):
                flag = f"  ⚠ bài viết ghi «{claim}»"
            print(
                f"  - {row['target']}\n"
                f"      chỉ tiêu {format_target(target, places=2)};"
                f" thực hiện {row['result']}{_per_year_note(row, ev)}"
                f" → {VERDICT_LABELS[ev.verdict]}"
                f"{f' ({format_number(pct)}%)' if pct is not None else ''}{flag}"
            )
        met = sum(v.value != "not_met" for v in verdicts)
        print(f"  => đạt và vượt {met}/{len(verdicts)} chỉ tiêu")
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

    from .demo.load import load_demo

    call_command("migrate", verbosity=0)
    counts = load_demo()
    print(f"Dữ liệu trình diễn: {db}")
    print("  " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    if args.no_serve:
        return 0
    print(f"Mở http://127.0.0.1:{args.port}/ — đăng nhập demo / demo (quản trị), khuetrung / demo (biên tập)")
    return _serve("127.0.0.1", args.port)


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return _serve(args.host, args.port)


def _serve(host: str, port: int) -> int:
    from waitress import serve

    from .wsgi import application

    serve(application, host=host, port=port, threads=8)
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
    p.add_argument("--result", help='kết quả, ví dụ "11,74%%"')
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
    p.set_defaults(func=cmd_serve)

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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
