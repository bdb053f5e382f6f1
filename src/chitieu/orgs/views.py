import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from . import audit_text
from .access import get_unit_for_user, hides_audit_details, visible_units
from .audit import audit
from .auth import client_ip
from .forms import LoginForm, UnitImportForm
from .importer import ImportFailed, import_units
from .models import COMMITTEE_KINDS, AuditEntry, Kind


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "orgs/login.html"


def locked_out(request, original_response=None, credentials=None):
    """django-axes's answer to a login while the username or the address is locked out."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))[:60]
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    audit(None, None, "login.locked", None, note=f"{username!r} từ {client_ip(request) or 'không rõ'} ({request.path})")
    message = (
        f"Đăng nhập sai quá {settings.AXES_FAILURE_LIMIT} lần: tài khoản hoặc máy này tạm bị khóa {minutes} phút. "
        "Hãy thử lại sau, hoặc nhờ quản trị viên mở khóa. / Too many failed logins: locked for a while."
    )
    return render(request, "error.html", {"status": 429, "title": "Tạm khóa đăng nhập", "message": message}, status=429)


@login_required
def home(request):
    """Straight to the user's committee when there is one; otherwise the units they oversee."""
    units = list(visible_units(request.user).exclude(kind=Kind.BRANCH).select_related("parent")[:500])
    committees = [u for u in units if u.kind in COMMITTEE_KINDS]
    tops = [u for u in units if u.kind not in COMMITTEE_KINDS]
    if len(committees) == 1 and not tops:
        return redirect("committee", committees[0].pk)
    return render(request, "orgs/home.html", {"committees": committees, "tops": tops})


@login_required
def unit(request, unit_id: int):
    u = get_unit_for_user(request.user, unit_id)
    if u.is_committee:
        return redirect("committee", u.pk)
    if u.kind == Kind.BRANCH:
        return redirect("committee", u.parent_id)
    return redirect("oversight", u.pk)


# Dates are typed the Vietnamese way; a browser's date field sends ISO.
DATE_INPUTS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
FIRST_YEAR, LAST_YEAR = 1900, 2999
BAD_DATE = "Ngày không đúng: hãy viết ngày/tháng/năm, ví dụ 05/03/2024."


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "ngày/tháng/năm", "size": 11}),
        error_messages={"invalid": BAD_DATE},
    )


class AuditFilterForm(forms.Form):
    """The audit log's filters. Each one that is valid applies; a wrong one is said beside its field."""

    user = forms.ChoiceField(label="Người", required=False, error_messages={"invalid_choice": "Chọn một người."})
    kind = forms.ChoiceField(
        label="Loại thay đổi",
        required=False,
        choices=[("", "Mọi loại"), *((key, label) for key, (label, _) in audit_text.ACTION_GROUPS.items())],
        error_messages={"invalid_choice": "Chọn một loại thay đổi."},
    )
    since = _date_field("Từ ngày")
    until = _date_field("Đến ngày")

    def __init__(self, data, people: list[tuple[str, str]]):
        super().__init__(data)
        self.fields["user"].choices = [("", "Mọi người"), *people]
        # Each control is described by its error box, there even when empty: an htmx answer fills or
        # empties the box alone (orgs/_audit_field.html), the control is never swapped.
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"audit-filter-{name}-errors"

    def clean(self):
        data = super().clean()
        for name in ("since", "until"):
            # Year 1 or 9999 would overflow when turned into a moment in UTC: a 500, not a filter.
            if data.get(name) and not FIRST_YEAR <= data[name].year <= LAST_YEAR:
                self.add_error(name, f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.")
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", f"Đến ngày phải từ {since:%d/%m/%Y} trở đi.")
        return data


def _action_group_q(key: str) -> Q:
    """The actions of one ACTION_GROUPS row: "result" is "result" itself and "result.…"."""

    def first_word_in(prefixes) -> Q:
        q = Q()
        for prefix in prefixes:
            q |= Q(action=prefix) | Q(action__startswith=f"{prefix}.")
        return q

    if key == "other":
        named = [p for _, prefixes in audit_text.ACTION_GROUPS.values() for p in prefixes]
        return ~first_word_in(named)
    return first_word_in(audit_text.ACTION_GROUPS[key][1])


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@login_required
def audit_log(request, unit_id: int):
    u = get_unit_for_user(request.user, unit_id)
    entries = AuditEntry.objects.filter(unit__path__startswith=u.path)
    people = [
        (str(p.pk), audit_text.person_name(p))
        for p in User.objects.filter(pk__in=entries.values("user_id")).order_by("username")
    ]
    form = AuditFilterForm(request.GET, people)
    form.is_valid()  # the valid filters apply; the others say what is wrong beside their field
    chosen = form.cleaned_data
    if chosen.get("user"):
        entries = entries.filter(user_id=chosen["user"])
    if chosen.get("kind"):
        entries = entries.filter(_action_group_q(chosen["kind"]))
    if chosen.get("since"):
        entries = entries.filter(at__gte=_day_start(chosen["since"]))
    if chosen.get("until"):
        entries = entries.filter(at__lt=_day_start(chosen["until"] + dt.timedelta(days=1)))
    # The branch's parent is read with it: the personal-data rule looks at the committee.
    page = Paginator(entries.select_related("user", "unit__parent"), 50).get_page(request.GET.get("page"))
    hidden = set()
    for e in page:
        if hides_audit_details(request.user, e):  # names stay with the committee's own users
            e.old = e.new = None
            e.note = ""
            hidden.add(e.pk)
    # The filters the user set, without the empty ones a submitted form sends: the paging links and
    # the address htmx puts in the bar keep them ("?user=3&kind=results"), nothing more.
    keep = QueryDict(mutable=True)
    for name in form.fields:
        if request.GET.get(name, "").strip():
            keep[name] = request.GET[name]
    query = keep.urlencode()
    context = {
        "unit": u,
        "page": page,
        "rows": audit_text.describe_entries(list(page), hidden),
        "form": form,
        "query": query,
    }
    # A filter changed or a page turned (htmx): only the results, and the filters' error boxes out of
    # band (audit.html sets aria-invalid on their controls). Going back to an address htmx pushed asks
    # for the whole page again.
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "orgs/_audit_results.html", context | {"partial": True})
        page_no = page.number if page.number > 1 else None
        address = "&".join(filter(None, [query, page_no and f"page={page_no}"]))
        response["HX-Push-Url"] = f"{request.path}?{address}" if address else request.path
    else:
        response = render(request, "orgs/audit.html", context)
    # the browser's cache keeps the two answers apart
    patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request"))
    return response


@staff_member_required
def import_tree(request):
    form = UnitImportForm(request.POST, request.FILES) if request.method == "POST" else UnitImportForm()
    errors, file_name = [], ""
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = import_units(upload.name, upload.read(), request.user)
        except ImportFailed as exc:
            errors, file_name = exc.errors, upload.name
        else:
            AuditEntry.objects.create(
                user=request.user,
                action="unit.import",
                object_type="unit",
                new={"created": created, "file": upload.name},
            )
            messages.success(request, f"Đã nhập {created} đơn vị.")
            return redirect("home")
    return render(request, "orgs/import.html", {"form": form, "errors": errors, "file_name": file_name})
