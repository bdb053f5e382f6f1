"""Many people saving results at once (issue 12, findings 2 and 3), on the loopback against a real
``chitieu serve``: every save is answered (no "database is locked"), no acknowledged save is lost, and
no save writes back a value someone else changed. A bounded run of benchmarks/load_writes.py; the
20 clients × 60 s figures are that script's, run by hand."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_concurrent_writers_lose_nothing_and_get_no_error():
    database = "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "CHITIEU_HOME")}
    cmd = [sys.executable, str(ROOT / "benchmarks" / "load_writes.py"), "--clients", "6", "--seconds", "6"]
    cmd += ["--shared-seconds", "4", "--strict-shared", "--database", database]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    report = out.stdout + out.stderr
    assert out.returncode == 0, report[-3000:]
    assert "errors: 0 (none)" in report
    assert "0 of them 'database is locked'" in report
    assert "lost writes (own cells): 0 of" in report
    assert "values the server wrote back (audit log): 0" in report
