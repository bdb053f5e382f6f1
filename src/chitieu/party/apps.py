from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "chitieu.party"
    verbose_name = "Công tác đảng viên và tổ chức đảng"
