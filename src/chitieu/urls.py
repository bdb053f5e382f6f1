from django.contrib import admin
from django.urls import include, path

from chitieu.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("chitieu.orgs.urls")),
    path("", include("chitieu.plans.urls")),
    path("", include("chitieu.party.urls")),
    path("", include("chitieu.reports.urls")),
]
