"""Concurrent writers of yearly results against ``chitieu serve``: errors, conflicts, latency, lost writes.

    .venv/bin/python benchmarks/load_writes.py [--clients 20] [--seconds 60] [--shared-seconds 15]
        [--database sqlite | postgres | postgres://postgres@127.0.0.1:5432/<scratch db>]

Builds a fresh installation in a temporary CHITIEU_HOME: a SQLite file, or a scratch PostgreSQL
database created for the run (``CREATE DATABASE`` through postgres://postgres@127.0.0.1:5432/test,
dropped at the end; a database that already exists is refused, never dropped). It loads the demo
(the five seeds, as ``chitieu demo --no-serve`` does), adds one editor user and one API token per
client and two term targets per client ("Kết nạp 50 đảng viên trong nhiệm kỳ": a count, so any whole
number is a valid result) in the demo committees' 2020-2025 terms, then starts ``chitieu serve``
(waitress) on a free port of 127.0.0.1. Each client logs in through the login page first (not timed).

Two phases, each client a thread with its own keep-alive connection, cookies and token:

- own cells (``--seconds``): each client writes only the 14 cells (6 years and the term, of its two
  targets) it owns, half through the results page (GET the form, change one cell, POST it back with
  every field as the page rendered it, CSRF token included: what a browser does) and half through
  the API (``PUT /api/targets/{id}/results/{year}`` with a Bearer token and no session cookie; an
  ETag or a ``version`` field, if the server offers one, is sent back as If-Match / ``version``).
  Every write carries a value no one else writes. Once the server is stopped, the database is
  read directly (the ORM, same settings) and every cell must hold its owner's last acknowledged
  value (a 302 after the form's POST, a 200/201 from the API) - or the value of a later attempt
  whose outcome is unknown (a 500, a timeout), since that may have been written before it failed.
  Anything else is a lost write.
- shared cells (``--shared-seconds``, 0 to skip): every client writes the 7 cells of one shared
  target the same way, except that a form is posted after a pause (``--think-ms`` on average: a
  person reading the page and typing). Clients legitimately overwrite each other there; what is
  counted is the conflicts (409/412/428 from the API, a form re-shown with a conflict message),
  which a client answers by re-reading and retrying, and the reverts: values the server wrote back
  into a cell (read from its audit log after the run: every write carries a unique value, so a value
  written twice to a cell is a form post that wrote back a cell it carried without changing it, a
  lost update). Form posts accepted while carrying an old value of a cell another client changed
  meanwhile are counted too; a server that writes only the fields the user changed accepts them
  without reverting anything. The final value of each shared cell must be one some client sent.

Conflicts are correct refusals, not errors. Errors are: 5xx, other unexpected statuses, a form
re-shown with another error, timeouts and broken connections. "database is locked" is counted in the
server's log (its tracebacks), since a 500 page does not say why. The exit status is 1 when there
are errors or lost writes (``--strict-shared``: also when a stale form post reverted a write).

Only 127.0.0.1 is contacted. This is a benchmark, not a test: run it by hand.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PASSWORD = "tai-thu-1"  # noqa: S105 - a throwaway user of a throwaway database
TARGET_TEXT = "Kết nạp 50 đảng viên trong nhiệm kỳ"
TARGETS_PER_CLIENT = 2
TERM = (2020, 2025)
MAX_TRIES = 5  # a write refused as a conflict is re-read and retried this many times in all
CONFLICT_STATUSES = (409, 412, 428)
# A form re-shown because someone else changed the figures first: the project's wording is not
# settled yet, so any of these, in the page's error list, marks a conflict rather than an error.
CONFLICT_WORDS = (
    "trong lúc bạn sửa",  # chitieu's own wording: "Trong lúc bạn sửa, X đã lưu «…»"
    "xung đột",
    "đã thay đổi",
    "đã được sửa",
    "đã bị sửa",
    "vừa sửa",
    "conflict",
    "changed",
    "modified",
)
VERSION_KEYS = ("version", "revision", "etag")  # a result's version field, if the API offers one
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/test"
LOCAL_HOSTS = ("127.0.0.1", "localhost")

Cell = tuple[int, int | None]  # (target id, year; None: the whole term)


# --- the installation ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_postgres(spec: str) -> tuple[str, str]:
    """Create the scratch database; returns (its URL, its name). Refuses an existing database."""
    import psycopg
    from psycopg import sql

    if spec == "postgres":
        spec = f"postgres://postgres@127.0.0.1:5432/chitieu_load_{os.getpid()}_{int(time.time())}"
    url = urllib.parse.urlsplit(spec)
    name = url.path.lstrip("/")
    if url.hostname not in LOCAL_HOSTS:
        sys.exit(f"--database must be on 127.0.0.1, not {url.hostname}")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", name) or name in ("test", "postgres", "template0", "template1"):
        sys.exit(f"--database needs a scratch database name, not {name!r}")
    admin = os.environ.get("CHITIEU_PG_ADMIN_URL", PG_ADMIN)
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            sys.exit(f"database {name!r} exists already: give the name of a scratch database to create")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return spec, name


def drop_postgres(name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(os.environ.get("CHITIEU_PG_ADMIN_URL", PG_ADMIN), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@dataclass
class Plan:
    users: list[tuple[str, str]]  # (username, API token) per client
    own: list[list[int]]  # target ids per client
    shared: int  # the shared target id
    committees: int


def build(clients: int) -> Plan:
    """Migrate, load the demo, add the clients' users, tokens and targets."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections

    from chitieu.api import auth

    hash_token, issue_token = auth.hash_token, getattr(auth, "issue_token", None)
    from chitieu.core.targets import parse_target
    from chitieu.demo.load import load_demo
    from chitieu.orgs.models import COMMITTEE_KINDS, ApiToken, Grant, Role, Unit
    from chitieu.plans.models import Target, Term
    from chitieu.plans.workflow import target_fields

    call_command("migrate", verbosity=0)
    counts = load_demo()
    print("demo: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    terms = [
        Term.objects.get(committee=c, start_year=TERM[0])
        for c in Unit.objects.filter(kind__in=COMMITTEE_KINDS).order_by("pk")
    ]
    core = parse_target(TARGET_TEXT)
    number = iter(range(900, 10_000))

    def new_target(term: Term) -> int:
        return Target.objects.create(term=term, **target_fields(core, number=next(number))).pk

    password = make_password(PASSWORD)
    shared_term = terms[0]
    plan = Plan([], [], new_target(shared_term), len(terms))
    for k in range(clients):
        term = terms[k % len(terms)]
        user = get_user_model().objects.create(username=f"tai{k:02d}", password=password)
        for unit in {term.committee, shared_term.committee}:
            Grant.objects.create(user=user, unit=unit, role=Role.EDITOR)
        token = f"ct_load_{k:02d}_{os.urandom(12).hex()}"
        if issue_token is not None:  # as POST /api/tokens makes one (expiry, password mark)
            issue_token(user, "load", token)
        else:
            ApiToken.objects.create(user=user, name="load", key_hash=hash_token(token))
        plan.users.append((user.username, token))
        plan.own.append([new_target(term) for _ in range(TARGETS_PER_CLIENT)])
    connections.close_all()
    return plan


def start_server(env: dict, port: int, log_path: Path) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("chitieu")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "chitieu.cli"]
    log = log_path.open("wb")
    proc = subprocess.Popen([*cmd, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"chitieu serve exited with {proc.returncode}; see {log_path}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit(f"chitieu serve did not answer on port {port} within 90 s; see {log_path}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- a client ------------------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields of <form id="results"> (or of the first form), as a browser would submit them."""

    def __init__(self, form_id: str | None) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.done = False
        self.fields: dict[str, str] = {}
        self.select: str | None = None
        self.textarea: str | None = None
        self.errors: list[str] = []
        self.in_error = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "ul" and "errorlist" in a.get("class", ""):
            self.in_error += 1
        if tag == "form" and not self.done and (self.form_id is None or a.get("id") == self.form_id):
            self.inside = True
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type", "text") not in ("submit", "button", "image", "file", "reset"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and ("selected" in a or self.select not in self.fields):
            self.fields[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "ul" and self.in_error:
            self.in_error -= 1

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data
        if self.in_error and data.strip():
            self.errors.append(data.strip())


def parse_form(body: bytes, form_id: str | None = "results") -> FormFields:
    p = FormFields(form_id)
    p.feed(body.decode("utf-8", "replace"))
    return p


def vn_number(text: str) -> Decimal | None:
    """ "1.000.001" as the form shows a count; None for an empty cell."""
    text = text.strip()
    if not text:
        return None
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except ArithmeticError:
        return None


@dataclass
class Request:
    kind: str
    status: int  # 0: no answer (timeout, broken connection)
    ms: float
    phase: str


@dataclass
class Write:
    cell: Cell
    value: Decimal
    channel: str  # form | api
    phase: str
    outcome: str = "failed"  # acked | failed (refused: not written) | unknown (5xx, no answer)
    conflicts: int = 0
    t_read: float = 0.0  # the form page was received (its values read) at this time
    t_send: float = 0.0  # the write that was acknowledged (or the last try) was sent
    t_ack: float = 0.0
    carried: dict[Cell, Decimal] = field(default_factory=dict)  # other cells' values a form post sent
    note: str = ""


class Client:
    def __init__(self, k: int, port: int, username: str, token: str, timeout: float, seed: int) -> None:
        self.k, self.port, self.username, self.token, self.timeout = k, port, username, token, timeout
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}
        self.requests: list[Request] = []
        self.writes: list[Write] = []
        self.errors: Counter[str] = Counter()
        self.samples: dict[str, str] = {}
        self.etags: dict[Cell, tuple[str | None, dict]] = {}
        self.rng = random.Random(seed)
        self.seq = 0
        self.phase = "login"
        self.think = 0.0

    def value(self) -> Decimal:
        self.seq += 1
        return Decimal((self.k + 1) * 1_000_000 + self.seq)

    def request(self, kind: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies and not path.startswith("/api/"):  # an API client has its token, not a session
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        t0 = time.perf_counter()
        for attempt in (1, 2):  # a keep-alive connection the server closed is reopened once
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                self.conn.close()
                self.conn = None
                if attempt == 2 or method not in ("GET",):
                    return self._failed(kind, t0, exc)
            except OSError as exc:  # a timeout
                if self.conn:
                    self.conn.close()
                self.conn = None
                return self._failed(kind, t0, exc)
        ms = (time.perf_counter() - t0) * 1000
        self.requests.append(Request(kind, resp.status, ms, self.phase))
        for raw in (resp.headers.get_all("Set-Cookie") or []) if not path.startswith("/api/") else []:
            name, _, rest = raw.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if resp.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return resp.status, resp.headers, data

    def _failed(self, kind: str, t0: float, exc: Exception):
        self.requests.append(Request(kind, 0, (time.perf_counter() - t0) * 1000, self.phase))
        self.error(f"no answer ({type(exc).__name__})", f"{kind}: {exc}")
        return 0, None, b""

    def error(self, key: str, sample: str) -> None:
        self.errors[key] += 1
        self.samples.setdefault(key, sample[:300])

    def login(self) -> bool:
        status, _, body = self.request("login", "GET", "/login/")
        form = parse_form(body, None)
        form.fields.update(username=self.username, password=PASSWORD)
        status, headers, body = self.request("login", "POST", "/login/", urllib.parse.urlencode(form.fields).encode(),
                                             {"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        if status != 302:
            self.error(f"login {status}", body.decode("utf-8", "replace")[:300])
            return False
        return True

    # A write through the results page: read the form, change one cell, post every field back.
    def form_write(self, cell: Cell, phase: str) -> Write:
        target_id, year = cell
        w = Write(cell, self.value(), "form", phase)
        path = f"/targets/{target_id}/results/"
        name = f"y{year}" if year else "term"
        for _ in range(MAX_TRIES):
            status, _, body = self.request("form_get", "GET", path)
            if status != 200:
                if status:
                    self.error(f"form GET {status}", body.decode("utf-8", "replace")[:300])
                w.note = f"GET {status}"
                return w
            w.t_read = time.perf_counter()
            form = parse_form(body)
            if name not in form.fields:
                self.error("form has no such cell", f"{name} not in {sorted(form.fields)}")
                return w
            w.carried = {}
            for field_name, text in form.fields.items():
                m = re.fullmatch(r"y(\d{4})|term", field_name)
                if m and field_name != name and vn_number(text) is not None:
                    w.carried[(target_id, int(m.group(1)) if m.group(1) else None)] = vn_number(text)
            from chitieu.core.quantity import format_number

            form.fields[name] = format_number(w.value)
            if phase == "shared" and self.think:
                time.sleep(self.rng.uniform(0, 2 * self.think))  # someone reading the page and typing
            w.t_send = time.perf_counter()
            status, _, body = self.request("form_post", "POST", path, urllib.parse.urlencode(form.fields).encode(),
                                           {"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
            w.t_ack = time.perf_counter()
            if status in (302, 303):
                w.outcome = "acked"
                self.etags.pop(cell, None)  # the API's cached version of this cell is stale now
                return w
            page = parse_form(body) if status == 200 else None
            text = " ".join(page.errors) if page else ""
            if status in CONFLICT_STATUSES or (page and any(word in text.lower() for word in CONFLICT_WORDS)):
                w.conflicts += 1
                continue  # re-read the page and try again
            if status == 200:
                self.error("form re-shown with an error", text or "(no error list)")
                w.note = text
            elif status == 0 or status >= 500:
                w.outcome = "unknown"  # it may have been written before it failed
                if status:
                    self.error(f"{status}", f"form POST {path}")
            else:
                self.error(f"form POST {status}", body.decode("utf-8", "replace")[:300])
            return w
        w.note = "gave up after conflicts"
        self.error("gave up after conflicts", f"form {cell}")
        return w

    # A write through the API: PUT the value; on a conflict, read the result again and retry.
    def api_write(self, cell: Cell, phase: str) -> Write:
        target_id, year = cell
        w = Write(cell, self.value(), "api", phase)
        path = f"/api/targets/{target_id}/results/{year or 'term'}"
        auth = {"Authorization": f"Bearer {self.token}"}
        for _ in range(MAX_TRIES):
            etag, version = self.etags.get(cell, (None, {}))
            headers = auth | {"Content-Type": "application/json"} | ({"If-Match": etag} if etag else {})
            w.t_send = time.perf_counter()
            body = json.dumps({"value": str(w.value), **version}).encode()
            status, resp_headers, data = self.request("api_put", "PUT", path, body, headers)
            w.t_ack = time.perf_counter()
            if status in (200, 201):
                w.outcome = "acked"
                self.etags[cell] = (resp_headers.get("ETag"), _version(json.loads(data)))
                return w
            if status in CONFLICT_STATUSES:
                w.conflicts += 1
                self.reread(cell, auth)
                continue
            if status == 0 or status >= 500:
                w.outcome = "unknown"
                if status:
                    self.error(f"{status}", f"api PUT {path}: {data[:200]!r}")
            else:
                self.error(f"api PUT {status}", data.decode("utf-8", "replace")[:300])
            return w
        w.note = "gave up after conflicts"
        self.error("gave up after conflicts", f"api {cell}")
        return w

    def reread(self, cell: Cell, auth: dict) -> None:
        target_id, year = cell
        status, headers, data = self.request("api_get", "GET", f"/api/targets/{target_id}/results", None, auth)
        self.etags.pop(cell, None)
        if status != 200:
            return
        for r in json.loads(data):
            if r.get("year") == year:
                rid = r.get("id")
                status, headers, data = self.request("api_get", "GET", f"/api/results/{rid}", None, auth)
                if status == 200:
                    self.etags[cell] = (headers.get("ETag"), _version(json.loads(data)))

    def run(self, cells: list[Cell], phase: str, until: float) -> None:
        self.phase = phase
        while time.perf_counter() < until:
            cell = self.rng.choice(cells)
            write = self.form_write if self.rng.random() < 0.5 else self.api_write
            self.writes.append(write(cell, phase))


def _version(result: dict) -> dict:
    return {k: result[k] for k in VERSION_KEYS if k in result}


# --- figures -------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def lost_own_writes(writes: list[Write], stored: dict[Cell, Decimal]) -> tuple[int, int, int, list[str]]:
    """(cells checked, lost, written despite an error, examples) for the own-cell phase."""
    by_cell: dict[Cell, list[Write]] = defaultdict(list)
    for w in writes:
        by_cell[w.cell].append(w)
    lost = despite = 0
    examples = []
    for cell, ws in by_cell.items():
        acked = [i for i, w in enumerate(ws) if w.outcome == "acked"]
        start = acked[-1] if acked else -1
        allowed = {ws[start].value} if acked else {None}
        later_unknown = {w.value for w in ws[start + 1 :] if w.outcome == "unknown"}
        got = stored.get(cell)
        if got in allowed:
            continue
        if got in later_unknown:
            despite += 1
            continue
        lost += 1
        if len(examples) < 5:
            expected = ws[start].value if acked else "nothing"
            examples.append(f"target {cell[0]} {cell[1] or 'term'}: stored {got}, last acknowledged {expected}")
    return len(by_cell), lost, despite, examples


def rewritten_values(cells) -> list[str]:
    """Writes the server really made that put a value back into a cell (from its audit log).

    Every write of the run carries a value no other write carries, so a value written to a cell a
    second time is a revert: a form post that wrote back a cell it only carried, not changed.
    """
    from chitieu.orgs.models import AuditEntry
    from chitieu.plans.models import Result

    targets = {c[0] for c in cells}
    cell_of = {r.pk: (r.target_id, r.year) for r in Result.objects.filter(target_id__in=targets)}
    seen: dict[Cell, set] = defaultdict(set)
    out = []
    entries = AuditEntry.objects.filter(object_type="result", action__in=("result.create", "result.update"))
    for e in entries.order_by("id").iterator():
        cell = cell_of.get(int(e.object_id)) if e.object_id.isdigit() else None
        if cell is None or cell not in cells or not e.new:
            continue
        value = Decimal(e.new["value"])
        if value in seen[cell]:
            out.append(f"target {cell[0]} {cell[1] or 'term'}: {value} written again")
        seen[cell].add(value)
    return out


def shared_check(writes: list[Write], stored: dict[Cell, Decimal], initial: dict[Cell, Decimal]):
    """(stale form posts accepted, reverted writes, unexplained final values, examples)."""
    acked = [w for w in writes if w.outcome == "acked"]
    by_cell: dict[Cell, list[Write]] = defaultdict(list)
    for w in acked:
        by_cell[w.cell].append(w)
    stale_posts = reverted = 0
    examples = []
    for p in acked:
        if p.channel != "form":
            continue
        hit = False
        for cell, carried in p.carried.items():
            # another acknowledged write, surely after this page was read and before it was posted
            for w in by_cell.get(cell, []):
                if w is not p and w.t_send > p.t_read and w.t_ack < p.t_send and w.value != carried:
                    reverted += 1
                    hit = True
                    if len(examples) < 3:
                        examples.append(f"a form post put {carried} back into target {cell[0]} "
                                        f"{cell[1] or 'term'} over the acknowledged {w.value}")  # fmt: skip
                    break
        stale_posts += hit
    sent: dict[Cell, set] = defaultdict(set)
    for w in writes:
        if w.outcome in ("acked", "unknown"):
            sent[w.cell].add(w.value)
            for cell, v in w.carried.items():
                sent[cell].add(v)
    unexplained = [c for c, v in stored.items() if v not in sent[c] and v != initial.get(c)]
    return stale_posts, reverted, unexplained, examples


_RECORD = re.compile(r"^(?:ERROR|CRITICAL|WARNING):[\w.]+:")
_EXCEPTION = re.compile(r"^(?![A-Z]+:)[A-Za-z_][\w.]*: ")
# a traceback's lines, and the lines PostgreSQL adds to an error message
_CONTINUED = re.compile(
    r"^(?:\s|$|Traceback |The above exception|During handling|(?:DETAIL|HINT|CONTEXT|QUERY):|Process \d+ )"
)


def server_log_errors(path: Path) -> Counter:
    """The exception each logged error ended in, once per error. The server's log holds each record
    twice (Django's console handler, and the root handler that waitress sets up, whose lines start
    "ERROR:logger:"); only the second kind is read, each up to the end of its traceback."""
    lines = path.read_text("utf-8", "replace").splitlines() if path.exists() else []
    causes: Counter = Counter()
    i = 0
    while i < len(lines):
        if not _RECORD.match(lines[i]):
            i += 1
            continue
        cause = None
        i += 1
        while i < len(lines) and (_CONTINUED.match(lines[i]) or _EXCEPTION.match(lines[i])):
            if _EXCEPTION.match(lines[i]):
                cause = lines[i][:140]
            i += 1
        if cause:
            causes[cause] += 1
    return causes


def report(args, clients: list[Client], stored, own_cells, shared_cells, log: Path, wall: dict) -> int:
    reqs = [r for c in clients for r in c.requests]
    writes = [w for c in clients for w in c.writes]
    errors = sum((c.errors for c in clients), Counter())
    samples = {k: v for c in clients for k, v in c.samples.items()}
    causes = server_log_errors(log)

    print(f"\n{'phase':8} {'channel':7} {'writes':>7} {'acked':>7} {'conflicts':>9} {'failed':>7} {'unknown':>7}")
    for phase in ("own", "shared"):
        for channel in ("form", "api"):
            ws = [w for w in writes if w.phase == phase and w.channel == channel]
            if not ws:
                continue
            n = Counter(w.outcome for w in ws)
            print(f"{phase:8} {channel:7} {len(ws):7} {n['acked']:7} {sum(w.conflicts for w in ws):9} "
                  f"{n['failed']:7} {n['unknown']:7}")  # fmt: skip

    print(f"\n{'requests':10} {'count':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  statuses")
    for kind in ("login", "form_get", "form_post", "api_put", "api_get"):
        rs = [r for r in reqs if r.kind == kind]
        if not rs:
            continue
        ms = [r.ms for r in rs]
        statuses = ", ".join(f"{s or 'none'}: {n}" for s, n in sorted(Counter(r.status for r in rs).items()))
        print(f"{kind:10} {len(rs):7} {pct(ms, 0.5):8.1f} {pct(ms, 0.99):8.1f} {max(ms):8.1f}  {statuses}")

    print()
    for phase in ("own", "shared"):
        seconds = wall.get(phase)
        if not seconds:
            continue
        rs = [r for r in reqs if r.phase == phase]
        acked = sum(1 for w in writes if w.phase == phase and w.outcome == "acked")
        ms = [r.ms for r in rs if r.kind in ("form_post", "api_put")]
        print(f"{phase} phase: {seconds:.1f} s, {len(rs) / seconds:.1f} requests/s, "
              f"{acked / seconds:.1f} acked writes/s, write latency p50 {pct(ms, 0.5):.1f} ms, "
              f"p99 {pct(ms, 0.99):.1f} ms")  # fmt: skip

    # A client that lost the race for a shared cell MAX_TRIES times in a row: contention, not an error.
    gave_up = errors.pop("gave up after conflicts", 0)
    n_errors = sum(errors.values())
    print(f"\nerrors: {n_errors}" + ("" if n_errors else " (none)"))
    if gave_up:
        print(f"  (not errors: {gave_up} writes of a shared cell given up after {MAX_TRIES} conflicts in a row)")
    for key, n in errors.most_common():
        print(f"  {key}: {n}   e.g. {samples.get(key, '')[:160]!r}")
    locked = sum(n for cause, n in causes.items() if "database is locked" in cause)
    print(f"server log: {sum(causes.values())} errors with a traceback, {locked} of them 'database is locked'")
    for cause, n in causes.most_common(8):
        print(f"  {n:5} × {cause}")

    own = [w for w in writes if w.phase == "own"]
    checked, lost, despite, examples = lost_own_writes(own, stored)
    acked_own = sum(1 for w in own if w.outcome == "acked")
    print(f"\nlost writes (own cells): {lost} of {checked} cells ({len(own_cells)} owned), "
          f"{acked_own} acknowledged writes checked; {despite} cells hold a value whose write answered "
          f"with an error")  # fmt: skip
    for e in examples:
        print(f"  {e}")
    reverted = 0
    unexplained: list = []
    shared = [w for w in writes if w.phase == "shared"]
    if shared:
        shared_stored = {c: v for c, v in stored.items() if c in shared_cells}
        stale, carried_over, unexplained, examples = shared_check(shared, shared_stored, wall.get("initial", {}))
        rewritten = wall.get("rewritten", [])
        reverted = len(rewritten)
        print(f"shared cells: {len(shared_cells)}; form posts accepted while carrying a value another client "
              f"had since changed: {stale} ({carried_over} such values); values the server wrote back "
              f"(audit log): {reverted}; final values no client sent: {len(unexplained)}")  # fmt: skip
        for e in rewritten[:3]:
            print(f"  {e}")
    failed = n_errors or lost or unexplained or (args.strict_shared and reverted)
    print("\nresult: " + ("FAIL" if failed else "ok"))
    return 1 if failed else 0


# --- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60, help="own-cell phase (default 60)")
    ap.add_argument("--shared-seconds", type=float, help="shared-cell phase (default a quarter of --seconds; 0: none)")
    ap.add_argument("--database", default="sqlite", help="sqlite (default), postgres, or postgres://…/<scratch db>")
    ap.add_argument("--timeout", type=float, default=30, help="seconds a client waits for an answer")
    ap.add_argument(
        "--think-ms",
        type=float,
        default=500,
        help="shared phase: mean pause between reading the form and posting it (default 500 ms)",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--strict-shared", action="store_true", help="also fail when a stale form post reverted a write")
    ap.add_argument("--keep", action="store_true", help="keep the temporary CHITIEU_HOME (server log, SQLite file)")
    args = ap.parse_args(argv)
    shared_seconds = args.seconds / 4 if args.shared_seconds is None else args.shared_seconds

    home = Path(tempfile.mkdtemp(prefix="chitieu-load-"))
    pg_name = None
    if args.database == "sqlite":
        db_url = f"sqlite:///{home / 'chitieu.sqlite3'}"
    elif args.database.startswith(("postgres", "postgresql")):
        db_url, pg_name = scratch_postgres(args.database)
    else:
        sys.exit("--database: sqlite, postgres or postgres://…")
    env = {k: v for k, v in os.environ.items() if k not in ("CHITIEU_DEMO", "DEBUG", "CHITIEU_TESTING")}
    env.update(CHITIEU_HOME=str(home), DATABASE_URL=db_url, DJANGO_SETTINGS_MODULE="chitieu.settings",
               SECRET_KEY=os.urandom(24).hex(), ALLOWED_HOSTS="127.0.0.1,localhost")  # fmt: skip
    os.environ.update(env)
    proc = None
    try:
        import django

        django.setup()
        from django.db import connection

        print(f"database: {connection.vendor} ({pg_name or db_url}); {args.clients} clients; "
              f"{args.seconds:g} s own cells + {shared_seconds:g} s shared cells; {os.cpu_count()} cores")  # fmt: skip
        t = time.perf_counter()
        plan = build(args.clients)
        print(f"set up in {time.perf_counter() - t:.1f} s (not counted)")
        port = free_port()
        log = home / "server.log"
        proc = start_server(env, port, log)
        years = list(range(TERM[0], TERM[1] + 1)) + [None]
        clients = [Client(k, port, u, tok, args.timeout, args.seed * 1000 + k) for k, (u, tok) in enumerate(plan.users)]
        for c in clients:
            c.think = args.think_ms / 1000
        own_cells = {k: [(t, y) for t in plan.own[k] for y in years] for k in range(args.clients)}
        shared_cells = [(plan.shared, y) for y in years]

        threads = [threading.Thread(target=c.login, daemon=True) for c in clients]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        print(f"{args.clients} logins in {time.perf_counter() - t:.1f} s (not counted)")

        wall: dict = {}
        for phase, seconds in (("own", args.seconds), ("shared", shared_seconds)):
            if seconds <= 0:
                continue
            until = time.perf_counter() + seconds
            cells = (lambda k: own_cells[k]) if phase == "own" else (lambda k: shared_cells)
            threads = [threading.Thread(target=c.run, args=(cells(c.k), phase, until), daemon=True) for c in clients]
            t = time.perf_counter()
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            wall[phase] = time.perf_counter() - t
            print(f"{phase} phase done in {wall[phase]:.1f} s")
            if phase == "own":  # the shared cells start empty
                wall["initial"] = {}
        stop_server(proc)
        proc = None

        from django.db import connections

        from chitieu.plans.models import Result

        connections.close_all()
        ids = [t for ts in plan.own for t in ts] + [plan.shared]
        stored = {(r.target_id, r.year): Decimal(r.value) for r in Result.objects.filter(target_id__in=ids)}
        wall["rewritten"] = rewritten_values(shared_cells)
        connections.close_all()
        all_own = [c for cs in own_cells.values() for c in cs]
        return report(args, clients, stored, all_own, shared_cells, log, wall)
    finally:
        if proc is not None:
            stop_server(proc)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up yet
            pass
        if pg_name:
            drop_postgres(pg_name)
            print(f"dropped the scratch database {pg_name}")
        if args.keep:
            print(f"kept {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
