from django.urls import path

from . import grid, views

urlpatterns = [
    path("c/<id:committee_id>/", views.committee, name="committee"),
    path("c/<id:committee_id>/terms/new/", views.term_new, name="term_new"),
    path("c/<id:committee_id>/documents/new/", views.document_upload, name="document_upload"),
    path("p/<id:unit_id>/", views.oversight_page, name="oversight"),
    path("p/<id:unit_id>/oversight.xlsx", views.oversight_xlsx, name="oversight_xlsx"),
    path("units/merge/", views.merge, name="merge"),
    path("t/<id:term_id>/targets/paste/", views.targets_paste, name="targets_paste"),
    path("t/<id:term_id>/results.xlsx", views.results_template, name="results_template"),
    path("t/<id:term_id>/results/upload/", views.results_upload, name="results_upload"),
    path("t/<id:term_id>/grid/", grid.term_grid, name="term_grid"),
    path("t/<id:term_id>/<str:action>/", views.workflow_action, name="workflow"),
    path("targets/<id:target_id>/results/", views.target_results, name="target_results"),
    path("documents/<id:document_id>/", views.document, name="document"),
    path("documents/<id:document_id>/accept/", views.document_accept, name="document_accept"),
    path("documents/<id:document_id>/accept-all/", views.document_accept_all, name="document_accept_all"),
]
