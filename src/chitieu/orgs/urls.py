from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("u/<id:unit_id>/", views.unit, name="unit"),
    path("u/<id:unit_id>/audit/", views.audit_log, name="audit"),
    path("units/import/", views.import_tree, name="import_tree"),
]
