from django.contrib import admin

from .models import ApiToken, AuditEntry, Grant, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "parent", "code", "merged_into")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    # The path is derived: units are created and moved through orgs.tree, never by hand.
    readonly_fields = ("path", "parent", "merged_into", "merged_on")


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    autocomplete_fields = ("unit",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "unit", "action", "object_type", "object_id")
    list_filter = ("action",)

    def has_change_permission(self, request, obj=None):
        return False  # the audit log is append-only

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created", "last_used")
    readonly_fields = ("key_hash",)
