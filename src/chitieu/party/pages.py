"""The access helper every page of the party app goes through, and the context they share.

``committee_for`` is get_unit_for_user (404 outside the user's scope) narrowed to committees; pages
with names on them pass ``personal=True``: the committee's own users see member records, the level
above gets 404 so nothing leaks.
"""

from __future__ import annotations

from django.http import Http404

from chitieu.orgs.access import can_edit, get_unit_for_user, sees_personal_data
from chitieu.orgs.models import Unit


def committee_for(request, committee_id: int, *, edit: bool = False, personal: bool = False) -> Unit:
    committee = get_unit_for_user(request.user, committee_id, edit=edit)
    if not committee.is_committee:
        raise Http404("Không phải Đảng bộ phường, xã / not a committee")
    if personal and not sees_personal_data(request.user, committee):
        raise Http404("Không tìm thấy / not found")
    return committee


def page_context(request, committee: Unit, **kw) -> dict:
    return {
        "committee": committee,
        "can_edit": can_edit(request.user, committee),
        "personal": sees_personal_data(request.user, committee),
        **kw,
    }
