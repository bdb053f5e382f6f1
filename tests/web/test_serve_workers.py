"""`chitieu serve --workers 2`: gunicorn starts two worker processes and they answer."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _login_page(port: int, seconds: float) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5) as r:
                return r.read().decode()
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    return None


def test_two_workers_answer():
    port = _free_port()
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        # Its own database, whichever the test run uses: the server migrates it on start.
        env |= {"CHITIEU_HOME": home, "DATABASE_URL": f"sqlite:///{home}/db.sqlite3"}
        cmd = [sys.executable, "-m", "chitieu.cli", "serve", "--port", str(port), "--workers", "2"]
        server = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            page = _login_page(port, 60)
        finally:
            server.terminate()
            log = server.communicate(timeout=30)[0]
    assert page is not None and "Đăng nhập" in page, log[-2000:]
    assert log.count("Booting worker") == 2, log[-2000:]
