from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "greenplan.api"
    label = "api"
