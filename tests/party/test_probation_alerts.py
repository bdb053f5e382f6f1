"""Alerts on probationary members whose twelve months (Điều lệ Đảng, Điều 5) end soon or have ended:
the buckets at their boundaries, the overdue list, who is left out, the overview box, the list page."""

import datetime as dt
from types import SimpleNamespace

import pytest

from chitieu.orgs.models import BranchKind, Kind
from chitieu.orgs.tree import create_unit
from chitieu.party import views
from chitieu.party.models import add_months, probation_ends
from chitieu.party.probation import alert_thresholds, probation_alerts
from tests.party.helpers import D, add_member
from tests.web.base import populate

TODAY = D(2026, 6, 1)


@pytest.fixture
def tree(db, settings, monkeypatch):
    settings.CHITIEU_PROBATION_ALERT_DAYS = "90,60,30,15,7"
    monkeypatch.setattr(views, "_today", lambda: TODAY)
    ns = SimpleNamespace()
    populate(ns)
    return ns


def ending_in(days: int, today: dt.date = TODAY) -> dt.date:
    """The admission date whose twelve months end ``days`` after ``today``."""
    ends = today + dt.timedelta(days=days)
    admitted = add_months(ends, -12)
    assert probation_ends(admitted) == ends  # no 29/2 or month-end fallback in the cases
    return admitted


def probationary(tree, name: str, days: int, **kw):
    return add_member(tree.ward_a, tree.branch_a, name, ending_in(days), full=False, birth=D(1995, 1, 1), **kw)


def where(alerts, member) -> int | str | None:
    """The bucket (its threshold) a member is in, "overdue", or None."""
    if any(a.member == member for a in alerts.overdue):
        return "overdue"
    for b in alerts.buckets:
        if any(a.member == member for a in b.alerts):
            return b.within
    return None


# (days left, where the member belongs): each in the tightest bucket that applies.
BOUNDARIES = [
    (91, None),
    (90, 90),
    (89, 90),
    (61, 90),
    (60, 60),
    (31, 60),
    (30, 30),
    (16, 30),
    (15, 15),
    (8, 15),
    (7, 7),
    (1, 7),
    (0, 7),  # ends today: still due, not overdue
    (-1, "overdue"),
    (-400, "overdue"),
]


@pytest.mark.parametrize("days,expected", BOUNDARIES)
def test_bucket_boundaries(tree, days, expected):
    m = probationary(tree, "Dự Bị", days)
    alerts = probation_alerts(tree.ward_a, TODAY)
    assert where(alerts, m) == expected
    found = [a for b in alerts.buckets for a in b.alerts] + alerts.overdue
    if expected is not None:
        (alert,) = found
        assert alert.days == days and alert.ends == TODAY + dt.timedelta(days=days)
        if expected == "overdue":
            assert alert.overdue_days == -days
    else:
        assert found == []


@pytest.mark.parametrize(
    "kind",
    ["deceased", "removed", "transferred_out", "left_but_flagged_probationary", "full", "other_committee"],
)
def test_members_left_out(tree, kind):
    """Only probationary members still on this committee's roll are flagged."""
    admitted = ending_in(-10)
    a, b = tree.ward_a, tree.branch_a
    if kind in ("deceased", "removed", "transferred_out"):
        add_member(a, b, "Đã Đi", admitted, full=False, status=kind, left=TODAY - dt.timedelta(days=20))
    elif kind == "left_but_flagged_probationary":  # a stale status: the leaving date wins
        add_member(a, b, "Đã Đi", admitted, full=False, left=TODAY - dt.timedelta(days=20))
    elif kind == "full":
        add_member(a, b, "Chính Thức", admitted, full=True)
    else:
        other_branch = create_unit(Kind.BRANCH, "Tổ 9", tree.commune_b, branch_kind=BranchKind.RESIDENTIAL)
        add_member(tree.commune_b, other_branch, "Xã Khác", admitted, full=False)
    alerts = probation_alerts(a, TODAY)
    assert not alerts and alerts.overdue == [] and alerts.soon == 0


@pytest.mark.parametrize(
    "setting,expected",
    [("90,60,30,15,7", (7, 15, 30, 60, 90)), ("30, 7", (7, 30)), ([60, 10], (10, 60)), ("7,7,", (7,))],
)
def test_thresholds_setting(settings, setting, expected):
    settings.CHITIEU_PROBATION_ALERT_DAYS = setting
    assert alert_thresholds() == expected


def test_custom_thresholds(tree, settings):
    settings.CHITIEU_PROBATION_ALERT_DAYS = "30,7"
    m40, m20, m3 = (probationary(tree, f"Còn {d}", d) for d in (40, 20, 3))
    alerts = probation_alerts(tree.ward_a, TODAY)
    assert [where(alerts, m) for m in (m40, m20, m3)] == [None, 30, 7]
    assert [b.label for b in alerts.buckets] == ["còn 0–7 ngày", "còn 8–30 ngày"]


def test_lines_count_everyone_within_the_threshold(tree):
    for d in (5, 20, 25, -2, -30):
        probationary(tree, f"Còn {d}", d)
    alerts = probation_alerts(tree.ward_a, TODAY)
    # The 15-day bucket is empty: no line for it; the 30-day line counts the 7-day one too.
    assert alerts.lines == [(7, 1), (30, 3)]
    assert [a.days for a in alerts.overdue] == [-30, -2]  # most overdue first


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def due(tree):
    people = {d: probationary(tree, f"Dự Bị Còn {d}", d) for d in (5, 20, 25, 75, -2, -30)}
    add_member(tree.ward_a, tree.branch_a, "Đã Chính Thức", ending_in(-60), full=True)
    return people


def test_overview_alert_box(tree, due, client):
    client.force_login(tree.viewer)
    html = client.get(f"/party/{tree.ward_a.pk}/").content.decode()
    box = html[html.index('id="probation-alerts"') : html.index("</div>", html.index('id="probation-alerts"'))]
    assert "1 đảng viên dự bị hết 12 tháng trong 7 ngày tới" in box
    assert "3 đảng viên dự bị hết 12 tháng trong 30 ngày tới" in box
    assert "4 đảng viên dự bị hết 12 tháng trong 90 ngày tới" in box
    assert "trong 15 ngày tới" not in box and "trong 60 ngày tới" not in box
    assert "2 đảng viên quá hạn xét chuyển chính thức" in box
    assert f"/party/{tree.ward_a.pk}/probation/" in box


def test_overview_without_alerts(tree, client):
    client.force_login(tree.viewer)
    assert 'id="probation-alerts"' not in client.get(f"/party/{tree.ward_a.pk}/").content.decode()


@pytest.mark.parametrize("persona", ["province_viewer", "reviewer"])
def test_level_above_gets_counts_not_names(tree, due, client, persona):
    """The level above sees the overview's counts, but no names and no link to the list, and the
    list itself is a 404 (test_access.py's rule for name pages)."""
    client.force_login(getattr(tree, persona))
    html = client.get(f"/party/{tree.ward_a.pk}/").content.decode()
    assert "2 đảng viên quá hạn xét chuyển chính thức" in html
    assert "Dự Bị Còn" not in html
    assert f"/party/{tree.ward_a.pk}/probation/" not in html
    r = client.get(f"/party/{tree.ward_a.pk}/probation/")
    assert r.status_code == 404 and "Dự Bị Còn" not in r.content.decode()


@pytest.mark.parametrize("persona,status", [("outsider", 404), ("viewer", 200), ("editor", 200), ("admin", 200)])
def test_list_page_access(tree, due, client, persona, status):
    client.force_login(getattr(tree, persona))
    assert client.get(f"/party/{tree.ward_a.pk}/probation/").status_code == status


def test_list_page(tree, due, client):
    client.force_login(tree.editor)
    html = client.get(f"/party/{tree.ward_a.pk}/probation/").content.decode()
    overdue = html[html.index('id="overdue"') : html.index('id="within-7"')]
    m = due[-30]
    assert "Dự Bị Còn -30" in overdue and "quá 30 ngày" in overdue and "quá 2 ngày" in overdue
    assert f"{m.admitted_on:%d/%m/%Y}" in overdue and f"{m.probation_ends:%d/%m/%Y}" in overdue
    assert "Tổ 1" in overdue
    assert f'href="/party/{tree.ward_a.pk}/members/{m.pk}/#full"' in overdue  # the make-full form
    within7 = html[html.index('id="within-7"') : html.index('id="within-15"')]
    assert "Dự Bị Còn 5" in within7 and "5 ngày" in within7 and "Dự Bị Còn 20" not in within7
    within30 = html[html.index('id="within-30"') : html.index('id="within-60"')]
    assert "Dự Bị Còn 20" in within30 and "Dự Bị Còn 25" in within30
    assert "Đã Chính Thức" not in html
    # The member page has the form the link points to.
    assert 'id="full"' in client.get(f"/party/{tree.ward_a.pk}/members/{m.pk}/").content.decode()


def test_viewer_gets_no_make_full_link(tree, due, client):
    client.force_login(tree.viewer)
    html = client.get(f"/party/{tree.ward_a.pk}/probation/").content.decode()
    assert "Dự Bị Còn -30" in html and "#full" not in html


# The list page reads the members (with their branches) in one query whatever their number; the other
# four are the session, the user and the access checks.
EXPECTED_QUERIES = 5


@pytest.mark.parametrize("size", [3, 60])
def test_list_page_queries_do_not_grow(tree, client, django_assert_num_queries, size):
    branches = [tree.branch_a] + [
        create_unit(Kind.BRANCH, f"Tổ {i}", tree.ward_a, branch_kind=BranchKind.RESIDENTIAL) for i in (2, 3)
    ]
    for i in range(size):
        days = (-50, -1, 0, 6, 14, 29, 59, 89)[i % 8]
        add_member(tree.ward_a, branches[i % 3], f"Người {i}", ending_in(days), full=False, birth=D(1995, 1, 1))
    client.force_login(tree.editor)
    with django_assert_num_queries(EXPECTED_QUERIES):
        r = client.get(f"/party/{tree.ward_a.pk}/probation/")
    assert r.status_code == 200
    assert r.content.decode().count("data-member=") == size
