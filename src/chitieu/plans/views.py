from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from chitieu import notices
from chitieu.core.catalog import indicators
from chitieu.core.quantity import format_number
from chitieu.core.series import MIDTERM_YEARS, Summary
from chitieu.core.targets import Shape, format_target
from chitieu.edge import BadParameter, year_param
from chitieu.orgs.access import (
    can_edit,
    can_review,
    can_view,
    get_unit_for_user,
    sees_personal_data,
    visible_units,
)
from chitieu.orgs.forms import MergeForm
from chitieu.orgs.models import COMMITTEE_KINDS, Unit
from chitieu.orgs.tree import TreeError
from chitieu.reports import text as report_text
from chitieu.versions import StaleWrite, rebased, version_of

from . import spreadsheet, summaries, uploads
from .charts import trend_spec, trend_svg
from .crosscheck import HEADING as REGISTRY_HEADING
from .crosscheck import registry_conflicts
from .evaluation import computed_for, evaluate_term, evaluate_year, summary
from .forms import (
    CELL_HINTS,
    PasteForm,
    ResultsForm,
    TargetFormSet,
    TermForm,
    UploadForm,
    conflict_message,
    display_value,
    field_name,
)
from .merges import merge_committees, merged_figures
from .models import Result, Status, Target, Term
from .oversight import (
    Pick,
    area_reports,
    areas_under,
    committees_under,
    overview,
    parse_pick,
    ranking,
    revisions_under,
    rollup,
    too_many_to_judge,
)
from .oversight_xlsx import workbook as oversight_xlsx_book
from .tasks import start_reading
from .workflow import WorkflowError, approve, create_term, propose_targets, reopen, save_target, set_result, submit


def _get_committee_for_user(request, committee_id: int, *, edit: bool = False) -> Unit:
    committee = get_unit_for_user(request.user, committee_id, edit=edit)
    if not committee.is_committee:
        raise Http404("Không phải Đảng bộ phường, xã / not a committee")
    return committee


def _get_term_for_user(request, term_id: int, *, edit: bool = False) -> Term:
    term = get_object_or_404(Term.objects.select_related("committee", "committee__parent"), pk=term_id)
    get_unit_for_user(request.user, term.committee_id, edit=edit)
    return term


def _get_target_for_user(request, target_id: int, *, edit: bool = False) -> Target:
    target = get_object_or_404(Target.objects.select_related("term", "term__committee"), pk=target_id)
    get_unit_for_user(request.user, target.term.committee_id, edit=edit)
    return target


def _committee_terms(committee: Unit, predecessors: list[int]) -> list[Term]:
    """The committee's terms and, for a merged committee, its predecessors' (their history stays)."""
    return list(
        Term.objects.filter(committee_id__in=[committee.pk, *predecessors])
        .select_related("committee")
        .order_by("-start_year", "committee")
    )


# The committee page's body is kept per state, not per user: a form's CSRF token in it is this slot,
# filled with the user's own token each time it is served.
_CSRF_SLOT = "__chitieu_csrf_slot__"
PAGE_SECONDS = 24 * 3600  # the day is in the key


@login_required
def committee(request, committee_id: int):
    committee = _get_committee_for_user(request, committee_id)
    user = request.user
    # The predecessors as units (their paths and merged state): what the user may do with their terms
    # shown here is part of the key, as it is for the committee's own.
    predecessors = list(committee.predecessors.only("pk", "revision", "path", "kind", "merged_into"))
    units = [committee, *predecessors]
    # What the body shows depends on these and nothing else: every change to the committee's (or a
    # predecessor's) targets, results, figures, records moves its revision on (orgs.audit); its
    # parent's and successor's names come with their revisions; the user counts only through what
    # they may do there; the day moves a term under way's outlook.
    parent, successor = committee.parent, committee.merged_into
    key = summaries.state_key(
        "committee-page", committee, [(u.pk, u.revision) for u in predecessors],
        parent and (parent.pk, parent.revision), successor and (successor.pk, successor.revision),
        [(can_edit(user, u), can_review(user, u)) for u in units], sees_personal_data(user, committee),
        request.GET.get("term", "")[:24], request.GET.get("year", "")[:24], timezone.localdate(),
    )  # fmt: skip
    body = cache.get(key)
    if body is None:
        body = _committee_body(request, committee, [u.pk for u in predecessors])
        cache.set(key, body, PAGE_SECONDS)
    body = body.replace(_CSRF_SLOT, get_token(request))
    return render(request, "plans/committee.html", {"committee": committee, "body": mark_safe(body)})  # noqa: S308


def _committee_body(request, committee: Unit, predecessors: list[int]) -> str:
    terms = _committee_terms(committee, predecessors)
    term = None
    if request.GET.get("term"):
        term = next((t for t in terms if str(t.pk) == request.GET["term"]), None)
        if term is None:
            raise Http404("Không tìm thấy nhiệm kỳ / term not found")
    elif terms:
        own = [t for t in terms if t.committee_id == committee.pk and t.targets.exists()]
        term = own[0] if own else terms[0]
    context = {"committee": committee, "terms": terms, "term": term, "year": None, "csrf_token": _CSRF_SLOT}
    if term is not None:
        # Every target of the term with its results, read once for the term's, the midterm's and
        # the year's judgements.
        every = list(term.targets.prefetch_related("results"))
        targets = [t for t in every if t.year is None]
        # The Party records read once, over every year so far: the term's, the midterm's and the
        # year's judgements each take their own years of them (plans.evaluation.judge_targets).
        computed = computed_for(term, every, years=[y for y in term.years if y <= timezone.localdate().year])
        statuses = evaluate_term(term, targets=targets, computed=computed)
        years_with_results = sorted({y for s in statuses for y in s.yearly})
        plan_years = sorted({t.year for t in every if t.year is not None})
        all_years = sorted(set(years_with_results) | set(plan_years))
        year = year_param(request.GET) or (all_years[-1] if all_years else None)
        year_statuses = evaluate_year(term, year, targets=every, computed=computed) if year else []
        midterm_year = term.start_year + 2
        midterm = {
            s.target.pk: s
            for s in evaluate_term(term, up_to=midterm_year, midterm=True, targets=targets, computed=computed)
        }
        rows = []
        for s in statuses:
            t = s.target
            core = t.as_core()
            rows.append(
                {
                    "status": s,
                    # the reports' words, in the result's money scale (reports.text.target_text)
                    "target_text": report_text.target_text(core, scale_of=s.evaluation and s.evaluation.result),
                    # the same spec the report's chart is drawn from (a change target: no goal line)
                    "chart": trend_svg(trend_spec(core, term.years, s.yearly), title=f"{t.number}. {t.text}"),
                    "midterm": midterm.get(t.pk),
                    "indicator": indicators().get(t.indicator),
                }
            )
        results = [r for t in every for r in t.results.all()]
        drafts = sum(r.status == Status.DRAFT for r in results)
        submitted = sum(r.status == Status.SUBMITTED for r in results)
        context.update(
            {
                "rows": rows,
                "summary": summary(statuses),
                "year": year,
                "years": all_years,
                "year_rows": [s for s in year_statuses if s.target.year is not None],
                "year_summary": summary([s for s in year_statuses if s.target.year is not None]),
                "conflicts": [s for s in statuses + year_statuses if s.claim_conflict],
                # Typed figures the Party records count otherwise (the records already read serve, if any).
                "registry_conflicts": registry_conflicts(term, every, registry=computed or None),
                "registry_heading": REGISTRY_HEADING,
                "can_edit": can_edit(request.user, term.committee),
                "can_review": can_review(request.user, term.committee),
                "drafts": drafts,
                "submitted": submitted,
                "midterm_year": midterm_year,
                "midterm_years": MIDTERM_YEARS,
            }
        )
    # A figure's document is shown by its name: its text (a report can be megabytes) and facts stay out.
    figures = committee.figures.select_related("document", "term").defer("document__text", "document__facts")
    if term is not None and term.committee_id == committee.pk:
        # The term shown's figures only (a 2015-2020 figure is no figure of 2020-2025): those filed
        # under it, and those filed under none whose year is the term's; the others are counted, by term.
        mine = _term_figures(term)
        context["other_terms_figures"] = _figures_by_term(committee, exclude=mine)
        figures = figures.filter(mine)
    context["figures"] = list(figures.order_by("indicator", "year")[:200])
    context["merged"] = merged_figures(committee) if predecessors else []
    context["can_edit_committee"] = can_edit(request.user, committee)
    return render_to_string("plans/_committee_body.html", context, request)


def _term_figures(term: Term) -> Q:
    """A committee's figures of one term: filed under it, or under none with a year of the term."""
    return Q(term=term) | Q(term__isnull=True, year__gte=term.start_year, year__lte=term.end_year)


def _figures_by_term(committee: Unit, *, exclude: Q) -> list[tuple[int | None, str, int]]:
    """(term id, label, count) of the committee's other figures, latest term first; (None, "", n)
    for those filed under no term with no year of one. One query."""
    rows = (
        committee.figures.exclude(exclude)
        .values_list("term", "term__start_year", "term__end_year")
        .annotate(n=Count("id"))
        .order_by("-term__start_year")
    )
    return [(pk, f"{start}-{end}" if pk else "", n) for pk, start, end, n in rows]


@login_required
def term_new(request, committee_id: int):
    committee = _get_committee_for_user(request, committee_id, edit=True)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = create_term(request.user, committee, **form.cleaned_data)
        except WorkflowError as exc:
            form.add_error("start_year", str(exc))
        else:
            return redirect(f"/c/{committee.pk}/?term={term.pk}")
    return render(request, "plans/term_form.html", {"committee": committee, "form": form})


@login_required
def targets_paste(request, term_id: int):
    """Paste the "các chỉ tiêu chủ yếu" block; every numbered line becomes a target to confirm."""
    term = _get_term_for_user(request, term_id, edit=True)
    if request.method == "POST" and "form-TOTAL_FORMS" in request.POST:
        formset = TargetFormSet(request.POST)
        year = year_param(request.POST)
        if formset.is_valid():
            saved = 0
            with transaction.atomic():
                for f in formset.forms:
                    if f.cleaned_data.get("include"):
                        save_target(request.user, term, f.cleaned_data["target"], number=f.cleaned_data["number"],
                                    year=year)  # fmt: skip
                        saved += 1
            notices.saved(request, saved, f"Đã lưu {saved} chỉ tiêu.", "Chưa chọn chỉ tiêu nào nên chưa lưu gì.")
            return redirect(f"/c/{term.committee_id}/?term={term.pk}")
        return render(request, "plans/targets_confirm.html", {"term": term, "formset": formset, "year": year or ""})
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposals = propose_targets(form.cleaned_data["text"])
        initial = [
            {
                "include": p["target"] is not None,
                "number": p["number"],
                "text": p["text"],
                "indicator": (p["target"].indicator or "") if p["target"] else "",
            }
            for p in proposals
        ]
        formset = TargetFormSet(initial=initial)
        for f, p in zip(formset.forms, proposals, strict=True):
            f.proposal = p
        year = form.cleaned_data.get("year")
        return render(request, "plans/targets_confirm.html", {"term": term, "formset": formset, "year": year or ""})
    return render(request, "plans/targets_paste.html", {"term": term, "form": form})


@login_required
def target_results(request, target_id: int):
    target = _get_target_for_user(request, target_id)
    term = target.term
    editable = can_edit(request.user, term.committee)
    years = [target.year] if target.year else term.years
    existing = _stored_results(target)
    form = _results_form(request.POST or None, target, years, existing)
    if request.method == "POST":
        if not editable:
            raise Http404("Không có quyền sửa / not allowed to edit")
        if form.is_valid():
            conflicts: dict[int | None, Result | None] = {}
            # A value typed again as it is stored ("11" over "11,0") changes nothing: not written,
            # so a figure sent for review does not fall back to a draft.
            changes = {
                year: change
                for year, change in form.cleaned_data["changes"].items()
                if year not in existing or Decimal(existing[year].value) != change[0]
            }
            try:
                with transaction.atomic():
                    for year, (value, seen) in changes.items():
                        try:
                            set_result(request.user, target, year, value, seen=seen)
                        except StaleWrite as exc:
                            conflicts[year] = exc.current
                    if conflicts:  # all or nothing: the user decides on the others' values first
                        transaction.set_rollback(True)
            except WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                if not conflicts:
                    notices.saved(request, len(changes), "Đã lưu kết quả.")
                    return redirect(f"/c/{term.committee_id}/?term={term.pk}")
                existing = _stored_results(target)
                form = _conflict_form(form, target, years, existing, conflicts)
    return render(
        request,
        "plans/target_results.html",
        {"target": target, "term": term, "form": form, "existing": existing, "editable": editable,
         "target_text": format_target(target.as_core()), "hint": CELL_HINTS.get(Shape(target.shape), "")},
    )  # fmt: skip


def _stored_results(target: Target) -> dict[int | None, Result]:
    return {r.year: r for r in target.results.select_related("entered_by", "document")}


def _results_form(data, target: Target, years: list[int], existing: dict) -> ResultsForm:
    initial = {y: display_value(r, target) for y, r in existing.items()}
    versions = {y: version_of(r) for y, r in existing.items()}
    return ResultsForm(data, target=target, years=years, initial_values=initial, versions=versions)


def _conflict_form(form: ResultsForm, target: Target, years: list[int], existing: dict, conflicts: dict):
    """The form again after a conflict: what others saved is shown, the user's own changes are kept,
    and each conflicting field says what the other person saved; saving again overwrites it."""
    changed = form.cleaned_data["changes"]
    now = {name: display_value(existing[y], target) if y in existing else "" for name, y in form.years.items()}
    data = rebased(form, now, {name for name, y in form.years.items() if y in changed})
    for name, year in form.years.items():
        # a cell changed without conflict was not saved (all or nothing): its version is still the one read
        data[f"v{name}"] = version_of(existing.get(year))
    again = _results_form(data, target, years, existing)
    again.is_valid()
    for year, current in conflicts.items():
        again.add_error(field_name(year), conflict_message(current, target))
    return again


@login_required
@require_POST
def workflow_action(request, term_id: int, action: str):
    if action not in ("submit", "approve", "reopen"):
        raise Http404()
    term = _get_term_for_user(request, term_id, edit=action == "submit")
    if action != "submit":
        get_unit_for_user(request.user, term.committee_id, review=True)
    year = year_param(request.POST)
    results = Result.objects.filter(target__term=term).select_related("target__term__committee")
    if year is not None:
        results = results.filter(year=year)
    wanted = {"submit": Status.DRAFT, "approve": Status.SUBMITTED, "reopen": Status.APPROVED}
    rows = list(results.filter(status=wanted[action]))
    fn = {"submit": submit, "approve": approve, "reopen": reopen}[action]
    try:
        fn(request.user, rows)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        notices.saved(request, len(rows), f"Đã cập nhật {len(rows)} số liệu.", "Không có số liệu nào cần cập nhật.")
    return redirect(f"/c/{term.committee_id}/?term={term.pk}")


@login_required
def results_template(request, term_id: int):
    term = _get_term_for_user(request, term_id)
    data = spreadsheet.results_template(term)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ket-qua-{term.committee_id}-{term.label}.xlsx"'
    return response


@login_required
def results_upload(request, term_id: int):
    term = _get_term_for_user(request, term_id, edit=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list = []
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            count = spreadsheet.import_results(request.user, term, upload.read(), name=upload.name)
        except spreadsheet.ImportFailed as exc:
            errors = exc.errors
        else:
            nothing = "Tệp không có kết quả nào khác với số liệu đã lưu nên chưa lưu gì."
            notices.saved(request, count, f"Đã nhập {count} kết quả.", nothing)
            return redirect(f"/c/{term.committee_id}/?term={term.pk}")
    return render(request, "plans/results_upload.html", {"term": term, "form": form, "errors": errors})


@login_required
def document_upload(request, committee_id: int):
    committee = _get_committee_for_user(request, committee_id, edit=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            doc = uploads.store_document(request.user, committee, upload.name, upload.read())
        except uploads.UploadError as exc:
            form.add_error("file", str(exc))
        else:
            if not uploads.facts_ready(doc):  # a long one: read in the background, followed on its job's page
                return redirect("job", start_reading(request.user, doc).pk)
            return redirect("document", doc.pk)
    return render(request, "plans/document_upload.html", {"committee": committee, "form": form})


@login_required
def document(request, document_id: int):
    doc = uploads.get_document_for_user(request.user, document_id)
    if uploads.reads_in_background(doc):
        # Not read yet (or read by older rules) and long: never on the request's time.
        return redirect("job", start_reading(request.user, doc).pk)
    results = Result.objects.only("id", "target_id", "year", "document_id", "span_start", "value")
    term, targets = _document_targets(doc, results)
    proposals = uploads.proposals(doc, targets, term)
    # A long report holds thousands of figures: a page of them at a time (each row has a form).
    page = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/document.html",
        {"doc": doc, "committee": doc.committee, "proposals": page, "page": page, "targets": targets, "term": term,
         "can_edit": can_edit(request.user, doc.committee), "suggested": sum(p.suggested for p in proposals)},
    )  # fmt: skip


PROPOSALS_PER_PAGE = 100


def _document_targets(doc, results) -> tuple[Term | None, list[Target]]:
    """The term a document's figures are proposed for (the latest), and every target of the
    committee with its ``results``: read once for all the document's proposals."""
    term = Term.objects.filter(committee=doc.committee).order_by("-start_year").first()
    targets = list(
        Target.objects.filter(term__committee=doc.committee)
        .select_related("term__committee")
        .prefetch_related(Prefetch("results", queryset=results))
    )
    return term, targets


@login_required
@require_POST
def document_accept_all(request, document_id: int):
    """Every figure the page proposes a target and a year for, on every page, in one go; those whose
    target has another value stored are listed, both values shown, for the user to decide one by one."""
    doc = uploads.get_document_for_user(request.user, document_id, edit=True)
    if uploads.reads_in_background(doc):
        return redirect("job", start_reading(request.user, doc).pk)
    # the stored results whole: their source is shown beside a figure that differs
    results = Result.objects.select_related("entered_by", "document").defer("document__text", "document__facts")
    term, targets = _document_targets(doc, results)
    try:
        done = uploads.accept_suggested(request.user, doc, targets, term, per_page=PROPOSALS_PER_PAGE)
    except StaleWrite:
        messages.error(
            request,
            "Trong lúc nhận, một chỉ tiêu đã có số liệu do người khác lưu; chưa nhận số liệu nào, hãy thử lại "
            "/ a result was stored meanwhile: nothing was accepted",
        )
        return redirect("document", doc.pk)
    except WorkflowError as exc:
        messages.error(request, f"Chưa nhận số liệu nào: {exc}")
        return redirect("document", doc.pk)
    if not done.accepted and not done.skipped:
        messages.info(request, "Không còn số liệu nào đã gợi ý chỉ tiêu mà chưa nhận.")
        return redirect("document", doc.pk)
    messages.success(request, done.message)
    if not done.to_decide:
        return redirect("document", doc.pk)
    return render(request, "plans/document_accept_all.html", {"doc": doc, "committee": doc.committee, "done": done})


@login_required
@require_POST
def document_accept(request, document_id: int):
    doc = uploads.get_document_for_user(request.user, document_id, edit=True)
    try:
        uploads.accept(request.user, doc, request.POST)
    except uploads.ReplaceAsked as ask:
        # Another value is stored for that target and year: both are shown, and the user decides.
        fields = {k: request.POST.get(k, "") for k in ("index", "target", "year")}
        context = {"doc": doc, "committee": doc.committee, "ask": ask, "fields": fields}
        return render(request, "plans/document_confirm.html", context)
    except uploads.AlreadyStored as same:
        messages.info(request, str(same))
    except StaleWrite:
        messages.error(
            request,
            "Trong lúc bạn xác nhận, số liệu của chỉ tiêu này đã thay đổi; chưa thay gì, hãy nhận lại để xem "
            "giá trị mới / the stored result changed meanwhile: nothing was replaced",
        )
    except (WorkflowError, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã nhận số liệu.")
    return redirect("document", doc.pk)


@login_required
def oversight_page(request, unit_id: int):
    unit = get_unit_for_user(request.user, unit_id)
    if unit.is_committee:
        return redirect("committee", unit.pk)
    pick = parse_pick(request.GET)  # a malformed term or year: a 400 in Vietnamese, before any work
    areas = areas_under(unit)
    rolled_up = bool(areas) and not request.GET.get("all")
    visible = visible_units(request.user)
    # The page depends on these committees and their revisions (every change to what it shows moves
    # one on), the rules and what is asked (the pickers too): its body is rendered once per state, per
    # process. A term or year picked is judged live, once per state as well.
    asked = (request.GET.get("indicator") or "")[:60]
    revisions = revisions_under(unit, visible)
    refused = None
    if too_many_to_judge(pick, len(revisions)):  # here, the latest terms and a notice instead
        refused, pick = pick, Pick()
    cache_key = summaries.state_key("oversight", unit, revisions, asked, rolled_up, [a.pk for a in areas], pick.key)
    body = cache.get(cache_key)
    committees = committees_under(unit, visible) if body is None else []
    if body is None and rolled_up:
        # The country (or a province with districts): one row per area, a link down to each. A term
        # or year picked (under the limit) is judged live 500 committees at a time (memory), the
        # stored counts otherwise.
        view = overview(unit, committees, pick, batch=500, targets=False)
        counts = {r.committee.pk: r.summary or Summary(0, 0, 0, 0) for r in view.rows}
        unapproved = {r.committee.pk: (r.drafts, r.awaiting) for r in view.rows}
        rows = rollup(unit, None, areas, committees, counts, unapproved)
        totals = summaries.totals(r.summary for r in rows)
        count = sum(r.committees for r in rows)
        context = {"unit": unit, "rows": rows, "totals": totals, "committees": count, "view": view,
                   "pick": pick, "reports": area_reports(unit, areas, view.report),
                   "all_link": "?" + pick.params(all=1)}  # fmt: skip
        body = render_to_string("plans/_oversight_areas_body.html", context, request)
        cache.set(cache_key, body, 24 * 3600)
    if body is None:
        view = overview(unit, committees, pick, **({"all": 1} if areas else {}))
        rows = view.rows
        used = sorted({t["indicator"] for r in rows for t in r.targets if t["indicator"]})
        key = asked or (used[0] if used else "")
        catalog = indicators()
        # the same counting as each committee's summary line, added up
        totals = summaries.totals(r.summary for r in rows if r.summary)
        body = render_to_string(
            "plans/_oversight_body.html",
            {"unit": unit, "rows": rows, "totals": totals, "indicator": catalog.get(key), "view": view,
             "pick": pick, "heat": view.heat(HEAT_COLUMNS), "report": view.report, "areas": bool(areas),
             "ranking": ranking(rows, key), "indicator_choices": [(k, catalog[k].name) for k in used if k in catalog]},
            request,
        )  # fmt: skip
        cache.set(cache_key, body, 24 * 3600)
    context = {"unit": unit, "body": mark_safe(body), "crumbs": _crumbs(request.user, unit), "pick": pick,  # noqa: S308 - rendered above
               "refused": refused, "committees": len(revisions)}  # fmt: skip
    # A pick or a step up or down made with htmx swaps the page's main part only (the kept body, the
    # crumbs, the notice): no header. Back, with nothing in htmx's history cache, asks the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "plans/_oversight_main.html", {**context, "partial": True})
    else:
        response = render(request, "plans/oversight.html", context)
    # the browser's cache keeps the two answers apart
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


# The heat table's columns on the page: the indicators most committees use (the export has them all).
HEAT_COLUMNS = 12


def _crumbs(user, unit: Unit) -> list[tuple[Unit, bool]]:
    """The units above ``unit``, from the top, each with whether the user may open it: its parent is
    read with it; one query for the levels above that (a district's province and the country)."""
    ids = unit.ancestor_ids()[:-1]
    if not ids or unit.parent is None:
        return []
    above = {u.pk: u for u in Unit.objects.filter(pk__in=ids[:-1])} if len(ids) > 1 else {}
    units = [*(above[i] for i in ids[:-1] if i in above), unit.parent]
    return [(u, can_view(user, u)) for u in units]


@login_required
def oversight_xlsx(request, unit_id: int):
    """The heat table and the completeness of every committee under the unit, for the term and year
    picked: an XLSX workbook with two sheets. The same access as the page; kept per state as well."""
    unit = get_unit_for_user(request.user, unit_id)
    if unit.is_committee:
        raise Http404("Không phải đơn vị cấp trên / not a province or district")
    pick = parse_pick(request.GET)
    visible = visible_units(request.user)
    revisions = revisions_under(unit, visible)
    if too_many_to_judge(pick, len(revisions)):
        raise BadParameter(
            f"{unit.title} có {format_number(len(revisions))} Đảng bộ: nhiệm kỳ, năm đã chọn được tổng hợp theo từng"
            " tỉnh (tải bảng ở trang của tỉnh) / pick a term or year on each province's page"
        )
    key = summaries.state_key("oversight-xlsx", unit, revisions, pick.key)
    data = cache.get(key)
    if data is None:
        view = overview(unit, committees_under(unit, visible), pick, batch=500)
        data = oversight_xlsx_book(view)
        cache.set(key, data, 24 * 3600)
    name = "tong-hop-" + "-".join(str(p) for p in (unit.pk, pick.term, pick.year) if p is not None) + ".xlsx"
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_member_required
def merge(request):
    committees = Unit.objects.filter(kind__in=COMMITTEE_KINDS, merged_into__isnull=True).order_by("path")
    form = MergeForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            merged = merge_committees(request.user, list(d["predecessors"]), d["kind"], d["name"], d["on"])
        except TreeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã hợp nhất thành {merged.title}.")
            return redirect("committee", merged.pk)
    return render(request, "orgs/merge.html", {"form": form})
