from django.contrib import admin

from chitieu.orgs.admin import AuditedAdmin

from .models import Figure, Result, SourceDocument, Target, Term


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ("committee", "start_year", "end_year", "congress_ordinal")


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ("term", "number", "text", "shape", "indicator", "year")
    list_filter = ("shape",)


@admin.register(Result)
class ResultAdmin(AuditedAdmin):
    # Results change through the workflow (plans.workflow) so that locks and the audit hold.
    list_display = ("target", "year", "value", "status")
    list_filter = ("status",)

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(SourceDocument, AuditedAdmin)
admin.site.register(Figure, AuditedAdmin)
