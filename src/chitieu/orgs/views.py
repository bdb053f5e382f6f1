from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

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


@login_required
def audit_log(request, unit_id: int):
    u = get_unit_for_user(request.user, unit_id)
    entries = AuditEntry.objects.filter(unit__path__startswith=u.path).select_related("user", "unit")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for e in page:
        if hides_audit_details(request.user, e):  # names stay with the committee's own users
            e.old = e.new = None
            e.note = ""
    return render(request, "orgs/audit.html", {"unit": u, "page": page})


@staff_member_required
def import_tree(request):
    form = UnitImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = import_units(upload.name, upload.read(), request.user)
        except ImportFailed as exc:
            errors = exc.errors
        else:
            AuditEntry.objects.create(
                user=request.user,
                action="unit.import",
                object_type="unit",
                new={"created": created, "file": upload.name},
            )
            messages.success(request, f"Đã nhập {created} đơn vị.")
            return redirect("home")
    return render(request, "orgs/import.html", {"form": form, "errors": errors})
