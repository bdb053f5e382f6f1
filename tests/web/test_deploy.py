"""Production settings from the environment and the commands a fresh machine runs (issue 12,
finding 11), each in a child process with its own CHITIEU_HOME, as an operator would run them."""

import os
import subprocess
import sys

import pytest


def run(tmp_path, *args, cwd=None, **env):
    # Only what a shell has: earlier in-process tests may have set Django's variables (DEBUG, …).
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR", "PYTHONPATH")}
    base["CHITIEU_HOME"] = str(tmp_path / "home")
    base.update(env)
    cmd = [sys.executable, "-m", "chitieu.cli", *args]
    return subprocess.run(cmd, env=base, capture_output=True, text=True, timeout=120, cwd=cwd or tmp_path)


@pytest.mark.parametrize(
    "env,clean",
    [
        ({}, False),  # a laptop: plain HTTP on 127.0.0.1, and the check says what production needs
        ({"CHITIEU_HTTPS": "1"}, True),
        ({"CHITIEU_HTTPS": "1", "CHITIEU_TRUSTED_PROXIES": "10.0.0.0/8", "ALLOWED_HOSTS": "chitieu.example.vn"}, True),
    ],
)
def test_check_deploy_is_clean_with_the_production_environment(tmp_path, env, clean):
    out = run(tmp_path, "manage", "check", "--deploy", "--fail-level", "WARNING", **env)
    assert (out.returncode == 0) == clean, out.stdout + out.stderr
    if not clean:
        assert "SECURE_SSL_REDIRECT" in out.stderr


def test_the_template_command_works_outside_a_project(tmp_path):
    out = run(tmp_path, "party", "template", "mau.csv")
    assert out.returncode == 0, out.stderr
    assert "Họ và tên" in (tmp_path / "mau.csv").read_text(encoding="utf-8-sig")
    out = run(tmp_path, "party", "template", str(tmp_path / "no" / "such" / "dir.csv"))
    assert out.returncode == 2
    assert "không ghi được tệp" in out.stderr
    assert "Traceback" not in out.stderr
