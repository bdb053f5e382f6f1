from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "chitieu.plans"
    verbose_name = "Nghị quyết và chỉ tiêu"
