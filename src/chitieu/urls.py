from django.contrib import admin
from django.urls import include, path, register_converter

from chitieu import edge
from chitieu.api.api import api

# Ids and years in URLs are ASCII digits of a bounded length (see chitieu.edge), not Django's <int:>.
register_converter(edge.IdConverter, "id")
register_converter(edge.YearConverter, "year")

# The admin's own titles, in Vietnamese like the rest of its pages (Django's are "Django administration").
admin.site.site_header = "Quản trị chitieu"
admin.site.site_title = "Quản trị chitieu"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("chitieu.orgs.urls")),
    path("", include("chitieu.plans.urls")),
    path("", include("chitieu.party.urls")),
    path("", include("chitieu.reports.urls")),
    path("", include("chitieu.jobs.urls")),
]

handler400 = edge.bad_request
handler403 = edge.permission_denied
handler404 = edge.page_not_found
handler500 = edge.server_error
