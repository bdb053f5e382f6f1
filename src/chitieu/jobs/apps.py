from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "chitieu.jobs"
    verbose_name = "Việc chạy nền"
