from django.contrib import admin

from chitieu.core.catalog import indicators
from chitieu.orgs.admin import AuditedAdmin

from .models import Figure, Result, SourceDocument, Target, Term


@admin.register(Term)
class TermAdmin(AuditedAdmin):
    list_display = ("committee", "start_year", "end_year", "congress_ordinal")


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ("term", "number", "text", "shape", "indicator_name", "year")
    list_filter = ("shape",)

    @admin.display(description="chỉ số", ordering="indicator")
    def indicator_name(self, obj: Target) -> str:
        """The catalog's name of the indicator ("Tỷ lệ hộ nghèo"), not its key ("poverty_rate")."""
        found = indicators().get(obj.indicator)
        return found.name if found else obj.indicator or "—"


@admin.register(Result)
class ResultAdmin(AuditedAdmin):
    # Results change through the workflow (plans.workflow) so that locks and the audit hold.
    list_display = ("target", "year", "value", "status")
    list_filter = ("status",)

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(SourceDocument, AuditedAdmin)
admin.site.register(Figure, AuditedAdmin)
