from django.urls import path

from . import rating_views, statform_views, views

P = "party/<id:committee_id>/"

urlpatterns = [
    path(P, views.overview, name="party_overview"),
    path(P + "branches/", views.branches, name="party_branches"),
    path(P + "branches/<id:branch_id>/dissolve/", views.branch_dissolve, name="party_branch_dissolve"),
    path(P + "members/", views.members, name="party_members"),
    path(P + "members/export.csv", views.members_export, name="party_members_export"),
    path(P + "members/new/", views.member_new, name="party_member_new"),
    path(P + "members/<id:member_id>/", views.member, name="party_member"),
    path(P + "members/<id:member_id>/edit/", views.member_edit, name="party_member_edit"),
    path(P + "members/<id:member_id>/full/", views.member_full, name="party_member_full"),
    path(P + "members/<id:member_id>/leave/", views.member_leave, name="party_member_leave"),
    path(P + "members/<id:member_id>/transfer/", views.member_transfer, name="party_member_transfer"),
    path(P + "import/", views.import_members, name="party_import"),
    path(P + "import/template.<str:fmt>", views.import_template, name="party_import_template"),
    path(P + "candidates/", views.candidates, name="party_candidates"),
    path(P + "candidates/<id:candidate_id>/admit/", views.candidate_admit, name="party_candidate_admit"),
    path(P + "candidates/<id:candidate_id>/drop/", views.candidate_drop, name="party_candidate_drop"),
    path(P + "ratings/<year:year>/", views.ratings, name="party_ratings"),
    path(P + "ratings/<year:year>/<id:branch_id>/", views.branch_ratings, name="party_branch_ratings"),
    path(P + "ratings/<year:year>/decide/", rating_views.decide, name="party_ratings_decide"),
    path(P + "ratings/template.csv", views.rating_template, name="party_rating_template"),
    path(P + "badges/<year:year>/", views.badges, name="party_badges"),
    path(P + "probation/", views.probation, name="party_probation"),
    path(P + "inspections/", views.inspections, name="party_inspections"),
    path(P + "awards/", views.awards, name="party_awards"),
    path(P + "contacts/", views.contacts, name="party_contacts"),
    # The statistical forms: for a committee, or a province or district (any unit the user sees).
    path("party/<id:unit_id>/forms/", statform_views.index, name="party_statforms"),
    path("party/<id:unit_id>/forms.xlsx", statform_views.form_xlsx, name="party_statform_xlsx"),
    path("party/<id:unit_id>/forms/<id:number>/", statform_views.form_page, name="party_statform"),
    path("party/<id:unit_id>/forms/<id:number>.xlsx", statform_views.form_xlsx, name="party_statform_xlsx_one"),
    path("party/<id:unit_id>/forms/<id:number>/<str:key>/", statform_views.form_line, name="party_statform_line"),
]
