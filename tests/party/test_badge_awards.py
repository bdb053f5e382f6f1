"""The register of Party badges handed over: the rules record_badge_award keeps (Hướng dẫn 01-HD/TW,
2021, mục 18), the award window, and the badges page (awarded vs not, the forms, who sees names)."""

from types import SimpleNamespace

import pytest

from chitieu.orgs.models import AuditEntry
from chitieu.party import views
from chitieu.party.badges import badge_year, record_badge_award
from chitieu.party.indicators import badges_due
from chitieu.party.models import BadgeAward, MemberStatus
from chitieu.party.records import PartyError
from tests.party.helpers import D, add_member
from tests.web.base import populate

TODAY = D(2026, 6, 1)
# The usual dates 3/2, 19/5, 2/9, 7/11 as MM-DD.
USUAL = ["02-03", "05-19", "09-02", "11-07"]


@pytest.fixture
def tree(db, settings):
    settings.CHITIEU_BADGE_DATES = USUAL
    settings.CHITIEU_BADGE_WINDOW_DAYS = 0
    ns = SimpleNamespace()
    populate(ns)
    return ns


@pytest.fixture
def thirty(tree):
    """Admitted 1/3/1995: thirty years on 1/3/2025."""
    return add_member(tree.ward_a, tree.branch_a, "Lê Văn Ba Mươi", D(1995, 3, 1), birth=D(1970, 1, 1))


# --- the rules ---------------------------------------------------------------------------------

RULES = [
    # (label, years, awarded_on, early, note, error or None)
    ("usual day after the anniversary", 30, D(2025, 5, 19), False, "", None),
    ("on the anniversary itself", 30, D(2025, 3, 1), False, "", None),
    ("a day before the anniversary", 30, D(2025, 2, 28), False, "", "Chưa đủ 30 năm tuổi Đảng"),
    ("not a tier", 35, D(2025, 5, 19), False, "", "Không có Huy hiệu 35 năm"),
    ("not a tier, zero", 0, D(2025, 5, 19), False, "", "Không có Huy hiệu 0 năm"),
    ("early without a reason", 30, D(2024, 9, 2), True, "", "cần ghi lý do"),
    ("early with blank reason", 30, D(2024, 9, 2), True, "   ", "cần ghi lý do"),
    ("early with a reason", 30, D(2024, 9, 2), True, "bệnh nặng", None),
    ("early, exactly 12 months", 30, D(2024, 3, 1), True, "bệnh nặng", None),
    ("early, over 12 months", 30, D(2024, 2, 29), True, "bệnh nặng", "không quá 12 tháng"),
    ("early after the anniversary", 30, D(2025, 5, 19), True, "bệnh nặng", "không phải trao sớm"),
    ("in the future", 30, D(2026, 9, 2), False, "", "tương lai"),
    ("before the member was admitted", 30, D(1990, 1, 1), True, "bệnh nặng", "không có tên"),
]


@pytest.mark.parametrize("label,years,on,early,note,error", RULES, ids=[r[0] for r in RULES])
def test_award_rules(tree, thirty, label, years, on, early, note, error):
    if error is None:
        award = record_badge_award(tree.editor, thirty, years, on, early=early, note=note, today=TODAY)
        assert (award.years, award.awarded_on, award.early, award.committee) == (years, on, early, tree.ward_a)
        entry = AuditEntry.objects.get(action="badge.award")
        assert (entry.user, entry.unit, entry.new["years"]) == (tree.editor, tree.ward_a, years)
    else:
        with pytest.raises(PartyError, match=error) as exc:
            record_badge_award(tree.editor, thirty, years, on, early=early, note=note, today=TODAY)
        assert " / " in str(exc.value)  # Vietnamese / English
        assert not BadgeAward.objects.exists()
        assert not AuditEntry.objects.filter(action="badge.award").exists()


@pytest.mark.parametrize(
    "admitted,years,on,error",
    [
        # 70 years and more: up to 24 months early (mục 18.1).
        (D(1956, 9, 1), 70, D(2024, 9, 2), None),  # 24 months less a day
        (D(1956, 9, 1), 70, D(2024, 8, 31), "không quá 24 tháng"),
        (D(1961, 9, 1), 65, D(2024, 9, 2), "không quá 12 tháng"),  # 65 years: 12 months only
        (D(1961, 9, 1), 65, D(2025, 9, 2), None),
    ],
)
def test_early_limits_by_tier(tree, admitted, years, on, error):
    m = add_member(tree.ward_a, tree.branch_a, "Cụ Già", admitted, birth=D(admitted.year - 20, 1, 1))
    if error is None:
        assert record_badge_award(tree.editor, m, years, on, early=True, note="ốm nặng", today=TODAY).early
    else:
        with pytest.raises(PartyError, match=error):
            record_badge_award(tree.editor, m, years, on, early=True, note="ốm nặng", today=TODAY)


def test_duplicate_is_refused_with_the_earlier_date(tree, thirty):
    record_badge_award(tree.editor, thirty, 30, D(2025, 5, 19), today=TODAY)
    with pytest.raises(PartyError, match="đã được trao Huy hiệu 30 năm tuổi Đảng ngày 19/05/2025"):
        record_badge_award(tree.editor, thirty, 30, D(2025, 9, 2), today=TODAY)
    with pytest.raises(PartyError, match="đã được trao"):  # early or not, one badge per tier
        record_badge_award(tree.editor, thirty, 30, D(2025, 9, 2), early=True, note="x", today=TODAY)
    assert BadgeAward.objects.count() == 1


def test_duplicate_across_a_transfer(tree, thirty):
    """The badge handed over by the previous committee is the same badge."""
    record_badge_award(tree.editor, thirty, 30, D(2025, 5, 19), today=TODAY)
    thirty.status, thirty.left_on = MemberStatus.TRANSFERRED_OUT, D(2025, 6, 1)
    thirty.save()
    again = add_member(
        tree.ward_a, tree.branch_a, thirty.full_name, thirty.admitted_on, birth=thirty.birth_date, previous=thirty
    )
    again.joined_on, again.transferred_in = D(2025, 6, 1), True
    again.save()
    with pytest.raises(PartyError, match="đã được trao"):
        record_badge_award(tree.admin, again, 30, D(2025, 9, 2), today=TODAY)


@pytest.mark.parametrize(
    "left,status,on,error",
    [
        (D(2025, 4, 1), MemberStatus.DECEASED, D(2025, 5, 19), "không có tên"),  # died before the day
        (D(2025, 5, 19), MemberStatus.TRANSFERRED_OUT, D(2025, 5, 19), "không có tên"),  # left that day
        (D(2025, 5, 20), MemberStatus.TRANSFERRED_OUT, D(2025, 5, 19), None),  # still on the roll
    ],
)
def test_member_on_the_roll_on_the_day(tree, left, status, on, error):
    m = add_member(tree.ward_a, tree.branch_a, "Người Đi", D(1995, 3, 1), left=left, status=status)
    if error is None:
        record_badge_award(tree.editor, m, 30, on, today=TODAY)
    else:
        with pytest.raises(PartyError, match=error):
            record_badge_award(tree.editor, m, 30, on, today=TODAY)


@pytest.mark.parametrize("persona", ["viewer", "province_viewer", "reviewer", "outsider"])
def test_edit_rights(tree, thirty, persona):
    with pytest.raises(PartyError, match="Không có quyền"):
        record_badge_award(getattr(tree, persona), thirty, 30, D(2025, 5, 19), today=TODAY)


# --- the award window ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "window,admitted,proposed",
    [
        (0, D(1995, 3, 1), D(2025, 5, 19)),  # strict: the first award day on or after 1/3
        (30, D(1995, 3, 1), D(2025, 2, 3)),  # 26 days after 3/2: proposed for 3/2
        (25, D(1995, 3, 1), D(2025, 5, 19)),  # 26 days is outside a 25-day window
        (26, D(1995, 3, 1), D(2025, 2, 3)),  # the boundary is inclusive
        (30, D(1995, 2, 3), D(2025, 2, 3)),  # on an award day: that day
        (30, D(1995, 11, 20), D(2025, 11, 7)),  # 13 days after 7/11
        (0, D(1995, 11, 20), D(2026, 2, 3)),  # without a window: 3/2 of the next year
    ],
)
def test_window_moves_the_proposed_day(tree, settings, window, admitted, proposed):
    settings.CHITIEU_BADGE_WINDOW_DAYS = window
    add_member(tree.ward_a, tree.branch_a, "Đủ Tuổi", admitted, birth=D(1970, 1, 1))
    (due,) = badges_due(tree.ward_a, 2025)
    assert due.award_on == proposed


@pytest.mark.parametrize("window,error", [(0, "Chưa đủ 30 năm"), (30, None)])
def test_window_allows_the_award_on_the_proposed_day(tree, settings, thirty, window, error):
    settings.CHITIEU_BADGE_WINDOW_DAYS = window
    if error is None:
        record_badge_award(tree.editor, thirty, 30, D(2025, 2, 3), today=TODAY)
    else:
        with pytest.raises(PartyError, match=error):
            record_badge_award(tree.editor, thirty, 30, D(2025, 2, 3), today=TODAY)


# --- the page ------------------------------------------------------------------------------------


def _table(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return html[start : html.index("</table>", start)]


@pytest.fixture
def page(tree, thirty, monkeypatch):
    """Two members due a badge in 2025, one of them awarded; one early award for a 2026 anniversary."""
    monkeypatch.setattr(views, "_today", lambda: TODAY)
    forty = add_member(tree.ward_a, tree.branch_a, "Phạm Thị Bốn Mươi", D(1985, 7, 1), birth=D(1960, 1, 1))
    next_year = add_member(tree.ward_a, tree.branch_a, "Võ Văn Sang Năm", D(1996, 4, 1), birth=D(1970, 1, 1))
    record_badge_award(tree.editor, forty, 40, D(2025, 9, 2), today=TODAY)
    record_badge_award(tree.editor, next_year, 30, D(2025, 9, 2), early=True, note="bệnh nặng", today=TODAY)
    return SimpleNamespace(thirty=thirty, forty=forty, next_year=next_year, url=f"/party/{tree.ward_a.pk}/badges/2025/")


def test_page_splits_awarded_from_pending(tree, page, client):
    client.force_login(tree.viewer)
    html = client.get(page.url).content.decode()
    pending, awarded, others = (_table(html, t) for t in ("badges", "badges-awarded", "badges-early"))
    assert "Lê Văn Ba Mươi" in pending and "Lê Văn Ba Mươi" not in awarded
    assert "Phạm Thị Bốn Mươi" in awarded and "02/09/2025" in awarded and "Phạm Thị Bốn Mươi" not in pending
    assert "Võ Văn Sang Năm" in others and "trao sớm" in others and "bệnh nặng" in others
    assert "đã trao 1, chưa trao 1" in html
    assert 'id="award-due"' not in html  # a viewer gets no forms
    year = badge_year(tree.ward_a, 2025)
    assert [r.due.member for r in year.awarded] == [page.forty]
    assert [r.due.member for r in year.pending] == [page.thirty]


def test_page_records_a_due_award(tree, page, client):
    client.force_login(tree.editor)
    html = client.get(page.url).content.decode()
    assert f'value="{page.thirty.pk}:30"' in html  # offered: due, not awarded
    assert f'value="{page.forty.pk}:40"' not in html  # already awarded: not offered again
    r = client.post(page.url, {"action": "due", "due": f"{page.thirty.pk}:30", "awarded_on": "19/05/2025"})
    assert r.status_code == 302
    award = BadgeAward.objects.get(member=page.thirty)
    assert (award.years, award.awarded_on, award.early) == (30, D(2025, 5, 19), False)
    assert "Lê Văn Ba Mươi" in _table(client.get(page.url).content.decode(), "badges-awarded")


@pytest.mark.parametrize(
    "data,message",
    [
        ({"action": "due", "awarded_on": "28/02/2025"}, "Chưa đủ 30 năm tuổi Đảng"),
        ({"action": "due", "awarded_on": "hôm qua"}, "Ngày không hợp lệ"),
        ({"action": "early", "years": "30", "awarded_on": "02/09/2024", "note": ""}, "Trường này là bắt buộc"),
        ({"action": "early", "years": "35", "awarded_on": "02/09/2024", "note": "ốm"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"action": "early", "years": "30", "awarded_on": "02/09/2023", "note": "ốm"}, "không quá 12 tháng"),
    ],
)
def test_page_shows_rule_errors(tree, page, client, data, message):
    client.force_login(tree.editor)
    data = {"due": f"{page.thirty.pk}:30", "member": page.thirty.pk, **data}
    r = client.post(page.url, data)
    assert r.status_code == 200
    html = r.content.decode()
    assert message in html
    assert not BadgeAward.objects.filter(member=page.thirty).exists()


def test_page_records_an_early_award(tree, page, client):
    client.force_login(tree.editor)
    r = client.post(
        page.url,
        {"action": "early", "member": page.thirty.pk, "years": "40", "awarded_on": "01/05/2026", "note": "bệnh nặng"},
    )
    # 40 years on 1/3/2035: far more than 12 months away.
    assert r.status_code == 200 and "không quá 12 tháng" in r.content.decode()
    young = add_member(tree.ward_a, tree.branch_a, "Trẻ Tuổi", D(2010, 1, 1), birth=D(1990, 1, 1))
    assert f'value="{young.pk}"' not in client.get(page.url).content.decode()  # 30 years too far off
    soon = add_member(tree.ward_a, tree.branch_a, "Sắp Đủ", D(1996, 12, 1), birth=D(1970, 1, 1))
    r = client.post(
        page.url, {"action": "early", "member": soon.pk, "years": "30", "awarded_on": "19/05/2026", "note": "ốm nặng"}
    )
    assert r.status_code == 302
    assert BadgeAward.objects.get(member=soon).early


@pytest.mark.parametrize(
    "persona,get_status,post_status",
    [("editor", 200, 302), ("viewer", 200, 404), ("province_viewer", 404, 404), ("reviewer", 404, 404)],
)
def test_page_access(tree, page, client, persona, get_status, post_status):
    """The level above sees no names: the badges page is a name page (test_access.py)."""
    client.force_login(getattr(tree, persona))
    r = client.get(page.url)
    assert r.status_code == get_status
    data = {"action": "due", "due": f"{page.thirty.pk}:30", "awarded_on": "19/05/2025"}
    r = client.post(page.url, data)
    assert r.status_code == post_status
    if get_status == 404:
        assert "Lê Văn Ba Mươi" not in r.content.decode()
    assert BadgeAward.objects.filter(member=page.thirty).exists() == (post_status == 302)
