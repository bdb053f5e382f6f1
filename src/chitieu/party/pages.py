"""The access helper every page of the party app goes through, and the context they share.

``committee_for`` is get_unit_for_user (404 outside the user's scope) narrowed to committees; pages
with names on them pass ``personal=True``: the committee's own users see member records, the level
above gets 404 so nothing leaks.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from chitieu.orgs.access import can_edit, get_unit_for_user, sees_personal_data
from chitieu.orgs.models import Unit


def committee_for(request, committee_id: int, *, edit: bool = False, personal: bool = False) -> Unit:
    committee = get_unit_for_user(request.user, committee_id, edit=edit)
    if not committee.is_committee:
        raise Http404("Không phải Đảng bộ phường, xã / not a committee")
    if personal and not sees_personal_data(request.user, committee):
        raise Http404("Không tìm thấy / not found")
    return committee


# The section nav of the Party pages (party/_nav.html), in the order of an office's work: the label,
# the page it opens, the pages it stands for (its tab is marked current on them) and whether it lists
# names (shown only to the committee's own users, as the pages themselves).
SECTIONS = [
    ("Tổng quan", "party_overview", {"party_overview"}, False),
    ("Chi bộ", "party_branches", {"party_branches"}, False),
    (
        "Đảng viên",
        "party_members",
        {"party_members", "party_member", "party_member_new", "party_member_edit", "party_import"},
        True,
    ),
    ("Dự bị đến hạn", "party_probation", {"party_probation"}, True),
    ("Phát triển đảng viên", "party_candidates", {"party_candidates"}, True),
    ("Đánh giá, xếp loại", "party_ratings", {"party_ratings", "party_branch_ratings"}, False),
    ("Huy hiệu Đảng", "party_badges", {"party_badges"}, True),
    ("Sinh hoạt nơi cư trú", "party_contacts", {"party_contacts"}, True),
    ("Kiểm tra, giám sát", "party_inspections", {"party_inspections"}, True),
    ("Khen thưởng", "party_awards", {"party_awards"}, True),
    ("Biểu thống kê", "party_statforms", {"party_statforms", "party_statform", "party_statform_line"}, False),
]
YEAR_PAGES = {"party_ratings", "party_badges"}


def party_nav(request, committee: Unit, personal: bool, year: int | None = None) -> list[dict]:
    """The tabs: ``current`` is "page" on the page a tab opens, "true" on the other pages of its
    section (a member's record under Đảng viên), else empty. The pages by year open on the year
    shown, else on last year (the year rated and reported)."""
    here = request.resolver_match.url_name if request.resolver_match else ""
    year = year or timezone.localdate().year - 1
    tabs = []
    for label, name, pages, names in SECTIONS:
        if names and not personal:
            continue
        args = (committee.pk, year) if name in YEAR_PAGES else (committee.pk,)
        current = "page" if here == name else "true" if here in pages else ""
        tabs.append({"label": label, "url": reverse(name, args=args), "current": current})
    return tabs


def page_context(request, committee: Unit, **kw) -> dict:
    personal = sees_personal_data(request.user, committee)
    year = kw.get("year")
    return {
        "committee": committee,
        "can_edit": can_edit(request.user, committee),
        "personal": personal,
        "party_nav": party_nav(request, committee, personal, year if isinstance(year, int) else None),
        **kw,
    }
