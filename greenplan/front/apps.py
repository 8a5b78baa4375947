from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "greenplan.front"
    label = "front"
