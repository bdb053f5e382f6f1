from django.urls import path, re_path

from . import views

# reports/<committee id>/<kind>.<format>?year=2023&term=2020-2025
urlpatterns = [
    re_path(
        r"^reports/(?P<committee_id>[0-9]{1,18})/(?P<kind>annual|midterm|term)\.(?P<fmt>docx|xlsx|pdf)$",
        views.download,
        name="report_download",
    ),
    path("reports/u/<id:unit_id>/batch/", views.batch, name="report_batch"),
]
