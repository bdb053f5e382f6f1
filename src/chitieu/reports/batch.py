"""The reports of every committee under a unit (a district, a province, the country) in one ZIP,
built in parallel across processes by the same code as a single report (content.build_report,
render.render). A committee whose report cannot be written (no term yet, no targets) is listed in
the ZIP's ``khong-lap-duoc.txt`` with the reason instead of stopping the batch.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.db import connections

from chitieu.orgs.models import COMMITTEE_KINDS, Unit

CHUNK = 25  # committees per task: a worker's setup is paid once per chunk, progress still moves often


def committees_under(unit: Unit) -> list[int]:
    if unit.is_committee:
        return [unit.pk]
    qs = Unit.objects.filter(path__startswith=unit.path, kind__in=COMMITTEE_KINDS, merged_into__isnull=True)
    return list(qs.order_by("path").values_list("pk", flat=True))


def build_some(ids: list[int], kind: str, today: dt.date, year: int | None, fmt: str) -> list[tuple]:
    """(committee id, file name, bytes or None, the reason when None) for each committee: the same
    calls as `chitieu report`, in this process."""
    from .content import ReportError, build_report
    from .render import render

    out = []
    for committee in Unit.objects.filter(pk__in=ids).select_related("parent"):
        try:
            content = build_report(committee, kind, today=today, year=year)
            out.append((committee.pk, f"{content.filename}.{fmt}", render(content, fmt), ""))
        except ReportError as exc:
            out.append((committee.pk, committee.party_title, None, str(exc)))
    return out


def build_zip(
    unit: Unit,
    kind: str,
    *,
    today: dt.date,
    year: int | None = None,
    fmt: str = "docx",
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, int, list[tuple[str, str]]]:
    """The ZIP, the number of reports in it, and (committee, reason) for those not written."""
    ids = committees_under(unit)
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    results: list[tuple] = []
    done = 0
    if jobs <= 1:
        for chunk in chunks:
            results += build_some(chunk, kind, today, year, fmt)
            done += len(chunk)
            if progress:
                progress(done, len(ids))
    else:
        # The workers are forked: the parent's connections are closed first, so that no two processes
        # share one (each worker opens its own on its first query).
        connections.close_all()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(build_some, chunk, kind, today, year, fmt) for chunk in chunks]
            for future in as_completed(futures):
                part = future.result()
                results += part
                done += len(part)
                if progress:
                    progress(done, len(ids))
    buf = io.BytesIO()
    skipped = []
    written = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for _id, name, data, reason in sorted(results, key=lambda r: r[1]):
            if data is None:
                skipped.append((name, reason))
            else:
                zf.writestr(name, data)
                written += 1
        if skipped:
            zf.writestr("khong-lap-duoc.txt", "".join(f"{name}: {reason}\n" for name, reason in skipped))
    return buf.getvalue(), written, skipped
