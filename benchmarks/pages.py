"""Pages at national size (issue 14): queries per page, one request alone, and p50/p99 under load.

    .venv/bin/python benchmarks/pages.py [--database-url postgres://postgres@127.0.0.1:5432/chitieu_national]
        [--seconds 30] [--max-requests 200] [--clients 8] [--pages committee,province,...] [--skip-load]
        [--committee ID] [--province ID] [--json FILE] [--src /tmp/exported/src]
    DATABASE_URL=sqlite:////tmp/demo-bench/demo.sqlite3 .venv/bin/python benchmarks/pages.py

What it does, against an existing database (DATABASE_URL, or --database-url; nothing is generated):

1. Setup, in this process: three benchmark users, created or brought back to the same state on every
   run (password ``bench-pages-14``): ``bench-editor`` (Grant editor on one committee),
   ``bench-province`` (Grant viewer on one province-level unit), ``bench-admin`` (superuser). The unit
   picked is typical: the province-level unit whose number of committees is the median of those with
   more than one, and in it the committee (with a term) whose member records are nearest the median of
   all committees; ``--committee``/``--province`` choose others. Nothing else is written, apart from
   what logging in writes (a session row per login, the login's audit entry, django-axes's access log).
2. Each page in this process (django.test.Client, force_login): a first request to warm up, a second
   counted with CaptureQueriesContext (its SQL queries), then up to 5 requests timed one at a time
   (median, min-max; fewer when one takes long, so a page costs at most about 60 s here).
   The term report (DOCX) is measured here only: ``build_report`` + chart + ``render_docx``.
3. Under load (not with --skip-load): ``chitieu serve`` on 127.0.0.1 and a free port as a subprocess
   (refused when the database has unapplied migrations, since ``serve`` would apply them), each client
   thread logged in through the /login/ form (CSRF token from the page, a session cookie of its own;
   correct passwords only, so django-axes never counts a failure), keep-alive connections
   (http.client), ``--clients`` threads asking for the page until ``--seconds`` have passed or
   ``--max-requests`` have been sent, whichever first; requests in flight then finish. A page that
   took more than 5 s alone gets at most 4 requests from 4 clients. p50 and p99 are of the requests
   that answered 200 (p99 is the maximum when there are fewer than 100); req/s is answered requests
   over the wall clock of the run; errors are other statuses and failed connections.

The "country page": the tree of the national dataset has no country root (no unit kind for it yet),
so the country page is measured as the superuser's home (what a national user opens) and as the
largest province's page for the superuser (``country-province``); neither covers 3,321 committees.
``country-all`` is the whole country in this process only: the oversight view's code run for an unsaved
root unit (path "", so every committee), rendered with its template; timed once when it is slow.

This is a benchmark, not a test: it prints a table (and writes --json) and always exits 0 unless the
setup fails. It talks only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PASSWORD = "bench-pages-14"
USERS = {"editor": "bench-editor", "province": "bench-province", "admin": "bench-admin"}
REPORT_TODAY = dt.date(2025, 12, 31)
IN_PROCESS_BUDGET = 60.0  # seconds of timed requests per page in this process
SLOW_ALONE = 5.0  # a page slower than this alone gets a few requests under load
SLOW_CAP = 4
HOST = "127.0.0.1"


@dataclass
class Page:
    key: str
    label: str
    user: str  # a key of USERS
    url: str  # "" for the in-process report
    status: int | None = None
    queries: int | None = None
    alone: list[float] = field(default_factory=list)
    bytes: int | None = None
    count: int | None = None
    load: dict | None = None


# --- setup ---------------------------------------------------------------------------------------


def setup_django(url: str, home: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["CHITIEU_HOME"] = home
    os.environ["DJANGO_SETTINGS_MODULE"] = "chitieu.settings"
    os.environ.pop("DEBUG", None)
    import django

    django.setup()


def pick_units(committee_id: int | None, province_id: int | None):
    """(committee, its latest term, province-level unit, largest province-level unit)."""
    from django.db.models import Count, Q

    from chitieu.orgs.models import COMMITTEE_KINDS, OVERSIGHT_KINDS, Unit
    from chitieu.party.models import Member
    from chitieu.plans.models import Term

    active = Q(children__kind__in=COMMITTEE_KINDS, children__merged_into__isnull=True)
    tops = list(
        Unit.objects.filter(kind__in=OVERSIGHT_KINDS).annotate(n=Count("children", filter=active)).filter(n__gt=1)
    )
    if not tops:
        raise SystemExit("pages.py: no province-level unit with more than one committee in this database")
    tops.sort(key=lambda u: (u.n, u.pk))
    largest = tops[-1]
    if province_id is not None:
        province = Unit.objects.annotate(n=Count("children", filter=active)).get(pk=province_id)
    else:
        median_n = statistics.median(u.n for u in tops)
        province = min(tops, key=lambda u: (abs(u.n - median_n), -u.n))
    sizes = dict(Member.objects.values_list("committee_id").annotate(n=Count("id")).values_list("committee_id", "n"))
    median_members = statistics.median(sizes.values()) if sizes else 0
    with_term = set(Term.objects.values_list("committee_id", flat=True))
    if committee_id is not None:
        committee = Unit.objects.get(pk=committee_id)
    else:
        candidates = [
            c
            for c in Unit.objects.filter(parent=province, kind__in=COMMITTEE_KINDS, merged_into__isnull=True)
            if c.pk in with_term
        ]
        if not candidates:
            raise SystemExit(f"pages.py: no committee with a term under {province}")
        committee = min(candidates, key=lambda c: (abs(sizes.get(c.pk, 0) - median_members), c.pk))
    term = Term.objects.filter(committee=committee).order_by("-start_year", "-pk").first()
    committee.members = sizes.get(committee.pk, 0)
    committee.median_members = median_members
    return committee, term, province, largest


def ensure_users(committee, province) -> dict:
    """The three benchmark users, idempotently; a benchmark user's grants elsewhere are removed."""
    from django.contrib.auth.models import User

    from chitieu.orgs.models import Grant, Role

    wanted = {"editor": (committee, Role.EDITOR), "province": (province, Role.VIEWER), "admin": (None, None)}
    users = {}
    for key, username in USERS.items():
        user, _ = User.objects.get_or_create(username=username)
        admin = key == "admin"
        changed = user.is_superuser != admin or user.is_staff != admin or not user.is_active
        user.is_superuser = user.is_staff = admin
        user.is_active = True
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            changed = True
        if changed:
            user.save()
        unit, role = wanted[key]
        Grant.objects.filter(user=user).exclude(unit=unit, role=role).delete()  # only this benchmark's own users
        if unit is not None:
            Grant.objects.get_or_create(user=user, unit=unit, role=role)
        users[key] = user
    return users


def _country():
    """The country unit (Kind.COUNTRY) when the tree has one: its /p/ page is the national page."""
    from chitieu.orgs.models import Unit

    return Unit.objects.filter(kind="country").first()


def build_pages(committee, term, province, largest) -> list[Page]:
    c, p = committee.pk, province.pk
    return [
        Page("committee", f"committee page ({committee.members:,} members)", "editor", f"/c/{c}/"),
        Page("party", "Party overview", "editor", f"/party/{c}/"),
        Page("province", f"province page ({province.n} committees)", "province", f"/p/{p}/"),
        Page("api-oversight", "API province oversight", "province", f"/api/oversight/{p}"),
        Page("home", "home (province viewer)", "province", "/"),
        Page("api-targets", "API list of a term's targets", "editor", f"/api/terms/{term.pk}/targets"),
        Page("statforms", "statistical forms, 2024", "editor", f"/party/{c}/forms/?{urlencode({'period': '2024'})}"),
        Page("country-home", "country: superuser's home", "admin", "/"),
        Page(
            "country-province",
            f"country stand-in: largest province ({largest.n} committees), superuser",
            "admin",
            f"/p/{largest.pk}/",
        ),  # fmt: skip
        *(
            [Page("country", "country page (every committee), superuser", "admin", f"/p/{country.pk}/")]
            if (country := _country())
            else []
        ),
        Page("country-all", "country: all committees' oversight page, in process (unsaved root)", "admin", ""),
        Page("report", "one term report (DOCX), in process", "editor", ""),
    ]


# --- in process ----------------------------------------------------------------------------------


def measure_in_process(page: Page, users: dict, committee) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if page.key == "country-all":
        # The oversight page's view, line for line, for a root that is not stored (path "": every
        # committee of the tree): the tree has no country unit to ask /p/<id>/ for.
        from django.shortcuts import render
        from django.test import RequestFactory

        from chitieu.orgs.access import visible_units
        from chitieu.orgs.models import Kind, Unit
        from chitieu.plans.oversight import Pick, committees_under, overview

        root = Unit(pk=0, kind=Kind.UNNAMED, name="cả nước", path="")
        request = RequestFactory().get("/p/0/")
        request.user = users[page.user]

        def once() -> int:
            # The oversight page's own steps for every committee: its rows judged from the stored
            # summaries, counts and completeness, then its template.
            visible = visible_units(request.user)
            view = overview(root, committees_under(root, visible), Pick(), all=1)
            page.count = len(view.rows)
            context = {"unit": root, "view": view, "rows": view.rows, "pick": view.pick}
            return len(render(request, "plans/_oversight_body.html", context).content)

        t = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            page.bytes = once()  # no warm-up: the province pages before it warmed the same code
        page.alone.append(time.perf_counter() - t)
        page.queries, page.status = len(ctx), 200
        page.label += f", {page.count:,} committees"
    elif page.key == "report":
        from chitieu.reports.chart import render_png
        from chitieu.reports.content import build_report
        from chitieu.reports.docx import render_docx

        def once() -> int:
            content = build_report(committee, "term", today=REPORT_TODAY)
            png = render_png(content.chart) if content.chart else None
            return len(render_docx(content, chart_png=png))

        once()
        with CaptureQueriesContext(connection) as ctx:
            page.bytes = once()
        page.queries, page.status = len(ctx), 200
    else:
        client = Client()
        client.force_login(users[page.user])

        def once() -> int:
            response = client.get(page.url)
            page.status = response.status_code
            return len(response.content)

        once()
        with CaptureQueriesContext(connection) as ctx:
            page.bytes = once()
        page.queries = len(ctx)
    spent = sum(page.alone)
    while len(page.alone) < 5 and (not page.alone or spent + max(page.alone) < IN_PROCESS_BUDGET):
        t = time.perf_counter()
        once()
        page.alone.append(time.perf_counter() - t)
        spent += page.alone[-1]


# --- under load ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def unapplied_migrations() -> list[str]:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def start_server(url: str, home: str, log_path: str, workers: int = 1) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "CHITIEU_HOME": home}
    env.pop("DEBUG", None)
    log = open(log_path, "ab")  # noqa: SIM115 - kept open for the server's life
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/chitieu"), "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"pages.py: the server exited ({proc.returncode}); see {log_path}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, port
        except OSError:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"pages.py: the server did not answer within 180 s; see {log_path}")


def _cookies(response: http.client.HTTPResponse, jar: dict) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def _cookie_header(jar: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


class Session:
    """One client: a keep-alive connection and the cookies of one logged-in user."""

    def __init__(self, port: int, username: str):
        self.port = port
        self.jar: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=600)
        self.login(username)

    def reconnect(self) -> None:
        self.conn.close()
        self.conn = http.client.HTTPConnection(HOST, self.port, timeout=600)

    def get(self, url: str) -> tuple[int, int]:
        self.conn.request("GET", url, headers={"Cookie": _cookie_header(self.jar)})
        response = self.conn.getresponse()
        body = response.read()
        if response.will_close:
            self.reconnect()
        return response.status, len(body)

    def login(self, username: str) -> None:
        self.conn.request("GET", "/login/")
        response = self.conn.getresponse()
        html = response.read().decode("utf-8", "replace")
        _cookies(response, self.jar)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if token is None:
            raise RuntimeError("no CSRF token in /login/")
        body = urlencode({"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD})
        self.conn.request(
            "POST", "/login/", body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookie_header(self.jar)},
        )  # fmt: skip
        response = self.conn.getresponse()
        response.read()
        _cookies(response, self.jar)
        if response.status != 302 or "sessionid" not in self.jar:
            raise RuntimeError(f"login of {username} answered {response.status}")


def log_in_all(port: int, clients: int) -> dict[str, list[Session]]:
    """``clients`` sessions per benchmark user, logged in in parallel (one thread each)."""
    sessions: dict[str, list[Session]] = {key: [] for key in USERS}
    errors: list[str] = []
    lock = threading.Lock()

    def one(key: str) -> None:
        try:
            s = Session(port, USERS[key])
        except Exception as exc:  # noqa: BLE001 - reported
            with lock:
                errors.append(f"{USERS[key]}: {exc!r}")
            return
        with lock:
            sessions[key].append(s)

    for key in USERS:
        threads = [threading.Thread(target=one, args=(key,)) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    if errors:
        raise SystemExit("pages.py: login failed: " + "; ".join(errors[:3]))
    return sessions


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))]


def run_load(page: Page, sessions: list[Session], seconds: float, max_requests: int) -> dict:
    clients = len(sessions)
    if page.alone and statistics.median(page.alone) > SLOW_ALONE:
        max_requests, clients = min(max_requests, SLOW_CAP), min(clients, SLOW_CAP)
    lock = threading.Lock()
    sent = 0
    times: list[float] = []
    statuses: dict[str, int] = {}
    load_before = os.getloadavg()[0]
    # The clients run on the same cores as the server: what they take of them is printed beside the rate.
    cpu_before = time.process_time()
    start = time.perf_counter()
    deadline = start + seconds

    def client(session: Session) -> None:
        nonlocal sent
        while True:
            with lock:
                if time.perf_counter() >= deadline or sent >= max_requests:
                    return
                sent += 1
            t = time.perf_counter()
            try:
                status, _ = session.get(page.url)
                key = str(status)
            except (OSError, http.client.HTTPException) as exc:
                key = type(exc).__name__
                session.reconnect()
            elapsed = time.perf_counter() - t
            with lock:
                statuses[key] = statuses.get(key, 0) + 1
                if key == "200":
                    times.append(elapsed)

    # A session idle through the other pages' runs holds a connection the server has closed (its
    # keep-alive is 30 s): open a fresh one, as a browser does, instead of counting that as an error.
    for session in sessions[:clients]:
        session.reconnect()
    threads = [threading.Thread(target=client, args=(s,)) for s in sessions[:clients]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    ok = len(times)
    return {
        "clients": clients,
        "requests": sent,
        "ok": ok,
        "errors": sent - ok,
        "statuses": statuses,
        "wall": wall,
        "p50": statistics.median(times) if times else None,
        "p99": percentile(times, 99) if times else None,
        "max": max(times) if times else None,
        "rps": ok / wall if wall else 0.0,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "client_cores": (time.process_time() - cpu_before) / wall if wall else 0.0,
    }


# --- output --------------------------------------------------------------------------------------


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def print_table(pages: list[Page]) -> None:
    print("\n| page | URL | queries | alone, median (min–max), n | load: p50 | p99 | req/s | requests | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    for p in pages:
        alone = (
            f"{ms(statistics.median(p.alone))} ({ms(min(p.alone))}–{ms(max(p.alone))}), {len(p.alone)}"
            if p.alone
            else "—"
        )
        status = "" if p.status in (200, None) else f" **{p.status}**"
        if p.load:
            ld = p.load
            errs = str(ld["errors"]) + (
                f" ({', '.join(f'{k}×{v}' for k, v in ld['statuses'].items() if k != '200')})" if ld["errors"] else ""
            )
            load = (f"{ms(ld['p50'])} | {ms(ld['p99'])} | {ld['rps']:.1f} | {ld['ok']} in {ld['wall']:.0f} s, "
                    f"{ld['clients']} clients | {errs}")  # fmt: skip
        else:
            load = "— | — | — | — | —"
        print(f"| {p.label} | {p.url or '(in process)'}{status} | {p.queries} | {alone} | {load} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="default: $DATABASE_URL")
    parser.add_argument("--seconds", type=float, default=30, help="seconds of load per page (default 30)")
    parser.add_argument("--max-requests", type=int, default=200, help="requests per page at most (default 200)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (default 1: waitress; >1: gunicorn)")
    parser.add_argument("--pages", help="a comma-separated subset of the pages' keys (default: all)")
    parser.add_argument("--skip-load", action="store_true", help="in-process measurements only")
    parser.add_argument("--committee", type=int, help="the committee's unit id (default: a typical one)")
    parser.add_argument("--province", type=int, help="the province-level unit's id (default: a typical one)")
    parser.add_argument("--home", default="/tmp/chitieu-bench-pages", help="CHITIEU_HOME of both processes")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--src", help="measure the chitieu package of this src/ folder (e.g. an exported commit), server included"
    )
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL")
    if "@" in args.database_url and not re.search(r"@(127\.0\.0\.1|localhost)[:/]", args.database_url):
        parser.error("this benchmark runs against a database on 127.0.0.1 only")
    Path(args.home).mkdir(parents=True, exist_ok=True)
    if args.src:
        sys.path.insert(0, str(Path(args.src).resolve()))
        os.environ["PYTHONPATH"] = str(Path(args.src).resolve())  # the server's too
    setup_django(args.database_url, args.home)
    from django.db import connection, connections

    import chitieu

    t = time.perf_counter()
    committee, term, province, largest = pick_units(args.committee, args.province)
    users = ensure_users(committee, province)
    pages = build_pages(committee, term, province, largest)
    if args.pages:
        keys = {k.strip() for k in args.pages.split(",")}
        unknown = keys - {p.key for p in pages}
        if unknown:
            parser.error(f"unknown pages {sorted(unknown)}; known: {', '.join(p.key for p in pages)}")
        pages = [p for p in pages if p.key in keys]
    print(f"code: {Path(chitieu.__file__).parent}")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; setup {time.perf_counter() - t:.1f} s")
    print(f"committee: {committee.pk} {committee.title} ({committee.members:,} member records; median of all "
          f"committees {committee.median_members:,.0f}), term {term.pk} {term.start_year}-{term.end_year}")  # fmt: skip
    print(f"province: {province.pk} {province.title} ({province.n} committees); "
          f"largest: {largest.pk} {largest.title} ({largest.n} committees)")  # fmt: skip
    print(f"{os.cpu_count()} cores; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    print("\nin process (warm; queries of the second request; requests timed one at a time):")
    for page in pages:
        t = time.perf_counter()
        measure_in_process(page, users, committee)
        print(f"  {page.key:17} status {page.status}, {page.queries} queries, {page.bytes:,} bytes, "
              f"alone median {ms(statistics.median(page.alone))} of {len(page.alone)} "
              f"({time.perf_counter() - t:.0f} s)", flush=True)  # fmt: skip

    served = [p for p in pages if p.url]
    if not args.skip_load and served:
        pending = unapplied_migrations()
        connections.close_all()
        if pending:
            print(f"\nnot under load: `chitieu serve` would apply {len(pending)} migrations ({', '.join(pending[:5])})")
        else:
            log_path = os.path.join(args.home, "serve.log")
            proc, port = start_server(args.database_url, args.home, log_path, args.workers)
            own_cpu, load_start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
            try:
                t = time.perf_counter()
                sessions = log_in_all(port, args.clients)
                print(f"\nserver on {HOST}:{port} (log {log_path}); {args.clients} sessions per user logged in "
                      f"through /login/ in {time.perf_counter() - t:.1f} s")  # fmt: skip
                print(f"under load ({args.clients} clients, {args.seconds:.0f} s or {args.max_requests} requests "
                      f"per page, whichever first):")  # fmt: skip
                for page in served:
                    page.load = run_load(page, sessions[page.user], args.seconds, args.max_requests)
                    ld = page.load
                    print(f"  {page.key:17} {ld['ok']}/{ld['requests']} ok in {ld['wall']:.1f} s, p50 {ms(ld['p50'])}, "
                          f"p99 {ms(ld['p99'])}, {ld['rps']:.1f} req/s, statuses {ld['statuses']}, "
                          f"load average {ld['load_before']:.2f} → {ld['load_after']:.2f}, "
                          f"the clients used {ld['client_cores']:.2f} of a core", flush=True)  # fmt: skip
                for group in sessions.values():
                    for s in group:
                        s.conn.close()
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            # The server is this process's only child: its CPU seconds against the clients' own.
            wall = time.perf_counter() - load_start
            server = resource.getrusage(resource.RUSAGE_CHILDREN)
            mine = resource.getrusage(resource.RUSAGE_SELF)
            client_cpu = mine.ru_utime + mine.ru_stime - own_cpu.ru_utime - own_cpu.ru_stime
            server_cpu = server.ru_utime + server.ru_stime
            print(f"\nCPU during the load phase ({wall:.0f} s, server start and migrate check included): server "
                  f"{server_cpu:.0f} s ({server_cpu / wall:.2f} cores), load clients {client_cpu:.0f} s "
                  f"({client_cpu / wall:.2f} cores)")  # fmt: skip
    print_table(pages)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(p) for p in pages], indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
