from django.urls import path

from . import views

urlpatterns = [
    path("jobs/", views.job_list, name="job_list"),
    path("jobs/<id:job_id>/", views.job_page, name="job"),
    path("jobs/<id:job_id>/download", views.job_download, name="job_download"),
]
