from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "greenplan.activities"
    label = "activities"
    verbose_name = _("Hoạt động")
