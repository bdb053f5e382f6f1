"""`chitieu manage refresh_summaries [--unit ID] [--all]`: judge and store the committees' summaries
ahead of the province and country pages (after a bulk load that bypassed the audit, or a release
that changed the rules). Only the stale ones unless --all."""

import time

from django.core.management.base import BaseCommand, CommandError

from chitieu.orgs.models import COMMITTEE_KINDS, Unit
from chitieu.plans import summaries
from chitieu.plans.models import CommitteeSummary


class Command(BaseCommand):
    help = "Tính lại bản tóm tắt đánh giá của các Đảng bộ / refresh the stored committee summaries"

    def add_arguments(self, parser):
        parser.add_argument("--unit", type=int, help="chỉ các Đảng bộ thuộc đơn vị này / only under this unit")
        parser.add_argument("--all", action="store_true", help="cả những bản còn mới / also the current ones")

    def handle(self, *args, unit=None, all=False, **options):
        qs = Unit.objects.filter(kind__in=COMMITTEE_KINDS)
        if unit is not None:
            top = Unit.objects.filter(pk=unit).first()
            if top is None:
                raise CommandError(f"Không có đơn vị {unit} / no such unit")
            qs = qs.filter(path__startswith=top.path)
        committees = list(qs.order_by("path"))
        rules = summaries.rules_key()
        if not all:
            stored = dict(
                CommitteeSummary.objects.filter(committee__in=committees).values_list("committee_id", "revision")
            )
            current = set(
                CommitteeSummary.objects.filter(committee__in=committees, rules=rules).values_list(
                    "committee_id", flat=True
                )
            )
            committees = [c for c in committees if not (c.pk in current and stored.get(c.pk) == c.revision)]
        started = time.monotonic()
        done = 0
        for i in range(0, len(committees), 500):
            part = committees[i : i + 500]
            summaries.refresh(part, rules=rules)
            done += len(part)
            self.stdout.write(f"\r{done}/{len(committees)} Đảng bộ", ending="")
        self.stdout.write(f"\nĐã tính {done} bản tóm tắt trong {time.monotonic() - started:.1f} giây")
