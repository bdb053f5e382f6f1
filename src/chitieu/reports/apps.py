from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chitieu.reports"
    verbose_name = "Báo cáo"
