"""The admin site. Every change made here reaches the audit log with old → new, like a change
made through the app's own screens (issue 12: renames, grants, superusers were invisible)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils.text import format_lazy

from . import audit_text
from .audit import audit, bump_revision
from .models import ApiToken, AuditEntry, Grant, Unit

# A password hash, a token's hash: their change is recorded, never their value.
SECRET_FIELDS = {"password", "key_hash", "password_mark"}


def _value(v):
    if v is None or isinstance(v, bool | int | str):
        return v
    if isinstance(v, Decimal | dt.date | dt.datetime):
        return str(v)
    return repr(v)


def snapshot(obj) -> dict:
    """The record's own fields (and its many-to-many ids) as JSON values."""
    out = {}
    for f in obj._meta.concrete_fields:
        v = getattr(obj, f.attname)
        out[f.attname] = "(ẩn)" if f.name in SECRET_FIELDS and v else _value(v)
    if obj.pk is not None:
        for f in obj._meta.many_to_many:
            out[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
    return out


def _changed(old: dict, new: dict) -> tuple[dict, dict]:
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def unit_of(obj, depth: int = 3) -> Unit | None:
    """The unit a record belongs to, so its entry shows in that unit's audit log."""
    if isinstance(obj, Unit):
        return obj
    if depth == 0 or obj is None:
        return None
    for name in ("unit", "committee", "term", "target", "member"):
        if hasattr(obj, name):
            found = unit_of(getattr(obj, name, None), depth - 1)
            if found is not None:
                return found
    return None


def _secret_changed(obj, before) -> bool:
    return before is not None and any(
        getattr(before, f) != getattr(obj, f) for f in SECRET_FIELDS if hasattr(obj, f) and hasattr(before, f)
    )


class AuditedAdmin(admin.ModelAdmin):
    """Add, change and delete through the admin, each written to the audit log with old → new."""

    def _before(self, obj):
        if obj.pk is None:
            return None
        return type(obj)._default_manager.filter(pk=obj.pk).first()

    def save_model(self, request, obj, form, change):
        # Kept on the request: one ModelAdmin instance serves every thread.
        before = self._before(obj) if change else None
        request._audit_old = snapshot(before) if before is not None else None
        request._audit_secret = _secret_changed(obj, before)
        if before is not None and hasattr(obj, "revision"):
            obj.revision = before.revision  # the form's copy must not wind a newer revision back
        super().save_model(request, obj, form, change)
        if before is not None and unit_of(before) is not None and unit_of(before) != unit_of(obj):
            bump_revision(unit_of(before))  # moved to another committee: the one it left changed too

    def save_related(self, request, form, formsets, change):
        # After the many-to-many fields and the inlines are saved: the snapshot is complete.
        super().save_related(request, form, formsets, change)
        obj = form.instance
        old = getattr(request, "_audit_old", None)
        new = snapshot(obj)
        if old is not None:
            old, new = _changed(old, new)
            if getattr(request, "_audit_secret", False):
                old["mật khẩu"], new["mật khẩu"] = "(cũ)", "(mới)"
            if not new:
                return
        audit(request.user, unit_of(obj), "admin.change" if change else "admin.add", obj, old, new)

    def delete_model(self, request, obj):
        audit(request.user, unit_of(obj), "admin.delete", obj, snapshot(obj), None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():  # the revisions move on with the deletion, not before it
            for obj in queryset:
                audit(request.user, unit_of(obj), "admin.delete", obj, snapshot(obj), None)
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inlines (a user's grants): each added, changed or deleted row audited on its own."""
        befores = {o.pk: snapshot(o) for o in (f.instance for f in formset.initial_forms) if o.pk is not None}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit(request.user, unit_of(obj), "admin.add", obj, None, snapshot(obj))
        for obj, _ in formset.changed_objects:
            old, new = _changed(befores.get(obj.pk, {}), snapshot(obj))
            audit(request.user, unit_of(obj), "admin.change", obj, old, new)
        for obj in formset.deleted_objects:
            audit(request.user, unit_of(obj), "admin.delete", obj, befores.get(obj.pk), None)


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    autocomplete_fields = ("unit",)


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's form for a user's password, with the warning it writes in English only (its text is not
    marked for translation) in Vietnamese; the rest comes from the catalogues (locale/vi)."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        "Nếu tắt, mật khẩu hiện tại của người dùng này sẽ bị xóa.",
    )


class ChitieuUserAdmin(AuditedAdmin, UserAdmin):
    inlines = [GrantInline]
    change_password_form = PasswordChangeForm

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        before = user.password if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if user is not None:
            user.refresh_from_db(fields=["password"])
            if user.password != before:
                audit(request.user, None, "admin.password", user, None, {"username": user.username})
        return response


admin.site.unregister(User)
admin.site.register(User, ChitieuUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, type("ChitieuGroupAdmin", (AuditedAdmin, GroupAdmin), {}))


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ("unit_title", "kind", "parent", "code", "merged_into")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    # The path is derived: units are created and moved through orgs.tree, never by hand.
    readonly_fields = ("path", "parent", "merged_into", "merged_on")

    @admin.display(description="tên đơn vị", ordering="path")
    def unit_title(self, obj: Unit) -> str:
        return obj.title


@admin.register(Grant)
class GrantAdmin(AuditedAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    autocomplete_fields = ("unit",)


class ActionFilter(admin.SimpleListFilter):
    """The admin's filter by change, named in words (the codes stay in the data)."""

    title = "việc"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((a, audit_text.action_phrase(a)) for a in actions), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "unit", "what")
    list_filter = (ActionFilter,)

    @admin.display(description="việc", ordering="action")
    def what(self, obj: AuditEntry) -> str:
        phrase = audit_text.action_phrase(obj.action)  # the log page's words, not the code
        return phrase[:1].upper() + phrase[1:]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the audit log is append-only

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ("user", "name", "created", "last_used", "expires")
    readonly_fields = ("key_hash", "password_mark")


# The apps from outside the project name their models in English, and have no Vietnamese translation:
# on the admin's pages they are named in Vietnamese too. Only the names the pages read are set here;
# a migration reads the names a model was declared with (Options.original_attrs), so none changes.
OTHER_APPS = {
    "axes": (
        "Khóa đăng nhập sai (django-axes)",
        {
            "accessattempt": ("lần thử đăng nhập sai", "lần thử đăng nhập sai"),
            "accessfailurelog": ("lần đăng nhập thất bại", "nhật ký đăng nhập thất bại"),
            "accesslog": ("lượt đăng nhập", "nhật ký đăng nhập"),
            "accessattemptexpiration": ("hạn của lần thử đăng nhập sai", "hạn của lần thử đăng nhập sai"),
        },
    ),
    "django_tasks_database": (
        "Hàng đợi việc chạy nền",
        {"dbtaskresult": ("tác vụ nền", "tác vụ nền")},
    ),
}


def name_other_apps_in_vietnamese() -> None:
    for label, (app_name, models) in OTHER_APPS.items():
        if label not in apps.app_configs:
            continue
        config = apps.get_app_config(label)
        config.verbose_name = app_name
        for model_name, (singular, plural) in models.items():
            try:
                meta = config.get_model(model_name)._meta
            except LookupError:
                continue
            meta.verbose_name, meta.verbose_name_plural = singular, plural
            meta.__dict__.pop("verbose_name_raw", None)  # a cached_property, if read already


name_other_apps_in_vietnamese()
