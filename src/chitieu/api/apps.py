from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chitieu.api"
    verbose_name = "Giao diện lập trình (API)"
