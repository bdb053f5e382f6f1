from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "chitieu.orgs"
    verbose_name = "Tổ chức"
