from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "chitieu.party"
