"""The reports of every committee under a unit (a district, a province, the country) in one ZIP,
built in parallel across processes by the same code as a single report (content.build_report,
render.render). A committee whose report cannot be written (no term yet, no targets) is listed in
the ZIP's ``khong-lap-duoc.txt`` with the reason instead of stopping the batch.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import BinaryIO

from django.db import connections

from chitieu.orgs.models import COMMITTEE_KINDS, Unit
from chitieu.plans.charts import started_here as charts_started_here

CHUNK = 25  # committees per task: a worker's setup is paid once per chunk, progress still moves often


def committees_under(unit: Unit) -> list[int]:
    if unit.is_committee:
        return [unit.pk]
    qs = Unit.objects.filter(path__startswith=unit.path, kind__in=COMMITTEE_KINDS, merged_into__isnull=True)
    return list(qs.order_by("path").values_list("pk", flat=True))


def build_some(
    ids: list[int], kind: str, today: dt.date, year: int | None, fmt: str, folders: bool = False, trends: bool = True
) -> list[tuple]:
    """(committee id, file name, bytes or None, the reason when None) for each committee: the same
    calls as `chitieu report`, in this process. ``folders``: each file in its parent unit's folder
    (a country has many "xã Lộc An", one a province: the names alone would overwrite each other);
    ``trends``: with the appendix of each target's trend."""
    from .content import ReportError, _ascii_slug, build_report
    from .render import render

    out = []
    for committee in Unit.objects.filter(pk__in=ids).select_related("parent"):
        folder = f"{_ascii_slug(committee.parent.title)}/" if folders and committee.parent else ""
        try:
            content = build_report(committee, kind, today=today, year=year, trends=trends)
            out.append((committee.pk, f"{folder}{content.filename}.{fmt}", render(content, fmt), ""))
        except ReportError as exc:
            out.append((committee.pk, committee.party_title, None, str(exc)))
    return out


def build_zip(
    unit: Unit,
    kind: str,
    out: BinaryIO,
    *,
    today: dt.date,
    year: int | None = None,
    fmt: str = "docx",
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    trends: bool = True,
) -> tuple[int, list[tuple[str, str]]]:
    """Write the ZIP to ``out`` as the reports arrive (the country's 3,321 are 400 MB: never all in
    memory); the number of reports in it, and (committee, reason) for those not written.
    ``trends``: each report with its appendix of trend charts (~1-2 s of CPU a report: reports/chart.py)."""
    ids = committees_under(unit)
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    folders = Unit.objects.filter(pk__in=ids).exclude(parent=unit).exists()  # committees of several areas
    skipped: list[tuple[str, str]] = []
    names: set[str] = set()
    written = done = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:

        def take(part: list[tuple]) -> None:
            nonlocal written, done
            for pk, name, data, reason in part:
                if data is None:
                    skipped.append((name, reason))
                    continue
                if name in names:  # two committees of one name in one area: never one file over another
                    stem, dot, suffix = name.rpartition(".")
                    name = f"{stem}-{pk}{dot}{suffix}"
                names.add(name)
                # A .docx or .xlsx is a ZIP already (and a PDF compressed): deflating it again took a
                # core of the parent for ~20 s of the country's 1 GB and saved nothing.
                zf.writestr(name, data, compress_type=zipfile.ZIP_STORED)
                written += 1
            done += len(part)
            if progress:
                progress(done, len(ids))

        args = (kind, today, year, fmt, folders, trends)
        # A process that has drawn a chart cannot fork workers that draw (plans.charts.draw): it
        # writes the reports itself, slower but whole.
        if jobs <= 1 or not chunks or charts_started_here():
            for chunk in chunks:
                take(build_some(chunk, *args))
        else:
            # The workers are forked: the parent's connections are closed first, so that no two
            # processes share one (each worker opens its own on its first query). A district's one
            # chunk too, so that the parent (the long-lived job worker) never draws.
            connections.close_all()
            with ProcessPoolExecutor(max_workers=min(jobs, len(chunks))) as pool:
                futures = [pool.submit(build_some, chunk, *args) for chunk in chunks]
                for future in as_completed(futures):
                    take(future.result())
        if skipped:
            zf.writestr("khong-lap-duoc.txt", "".join(f"{name}: {reason}\n" for name, reason in sorted(skipped)))
    return written, skipped
