"""Small builders for party tests: members and ratings without going through the views."""

import datetime as dt

from chitieu.party.models import Member, MemberStatus, Sex, probation_ends

D = dt.date


def add_member(
    committee,
    branch,
    name="Nguyễn Văn An",
    admitted=None,
    *,
    full=True,
    left=None,
    status=None,
    birth=None,
    **kw,
) -> Member:
    admitted = admitted or D(2015, 3, 2)
    birth = birth or D(1980, 1, 1)
    full_on = probation_ends(admitted) if full else None
    return Member.objects.create(
        committee=committee,
        branch=branch,
        full_name=name,
        birth_date=birth,
        sex=kw.pop("sex", Sex.MALE),
        admitted_on=admitted,
        full_on=full_on,
        status=status or (MemberStatus.FULL if full else MemberStatus.PROBATIONARY),
        left_on=left,
        **kw,
    )
