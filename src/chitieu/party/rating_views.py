"""Pages of the rating steps on 100 points (Quy định 366-QĐ/TW): the branch's grid of self-ratings
and proposals, and the committee's decision. views.ratings and views.branch_ratings hand over to
these for the years CHITIEU_RATING_POINTS_FROM on; earlier years keep the direct entry of levels.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from chitieu import notices
from chitieu.edge import check_year
from chitieu.orgs.models import Unit

from . import rating_forms as rf
from . import rating_rules as rules
from . import rating_steps as steps
from . import records
from .models import RatingProposal
from .pages import committee_for, page_context
from .records import PartyError


def committee_steps(committee: Unit, year: int, *, personal: bool) -> dict:
    """The committee ratings page's part for a points year: counts of the steps, the cap check on
    what deciding the proposals would give, and who is not rated yet (names only with ``personal``).
    Four queries, whatever the size of the committee."""
    result = steps.outcome(committee, year)
    not_rated = steps.members_not_rated(committee, year)
    return {
        "scheme": rules.scheme_for(year),
        "counts": steps.step_counts(result, not_rated),
        "outcome": result,
        "cap_pct": settings.CHITIEU_EXCELLENT_CAP_PCT,
        "not_rated": not_rated if personal else None,
    }


@login_required
@require_POST
def decide(request, committee_id: int, year: int):
    """Step 3: the committee decides every proposal of the year (the "Quyết định xếp loại" button)."""
    check_year(year)
    committee = committee_for(request, committee_id, edit=True)
    try:
        n = steps.decide_ratings(request.user, committee, year)
    except PartyError as exc:
        messages.error(request, str(exc))
    else:
        notices.saved(request, n, f"Đã quyết định xếp loại, {n} thay đổi.")
    return redirect("party_ratings", committee.pk, year)


def branch_proposals(request, committee_id: int, year: int, branch_id: int):
    """Steps 1 and 2 for a branch: the grid. Called by views.branch_ratings for points years."""
    committee = committee_for(request, committee_id, personal=True)
    branch = get_object_or_404(records.branches_of(committee), pk=branch_id)
    people = list(records.rateable_members(branch, year))
    proposals = {p.member_id: p for p in RatingProposal.objects.filter(member__in=people, year=year)}
    form = rf.proposal_form(people, proposals, request.POST or None)
    if request.method == "POST":
        committee = committee_for(request, committee_id, edit=True, personal=True)
        if form.is_valid():
            try:
                n = steps.save_proposals(request.user, branch, year, rf.changed_rows(form, people))
            except steps.ProposalError as exc:
                for pk, message in exc.errors.items():
                    form.add_error(rf.row_error_field(pk, exc.parts.get(pk, "proposed")), message)
            except PartyError as exc:
                form.add_error(None, str(exc))
            else:
                notices.saved(request, n, f"Đã lưu tự đánh giá và đề xuất của chi bộ, {n} thay đổi.")
                return redirect("party_branch_ratings", committee.pk, year, branch.pk)
    return render(
        request,
        "party/branch_proposals.html",
        page_context(request, committee, year=year, branch=branch, form=form, scheme=rules.scheme_for(year)),
    )
