from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "greenplan.survey"
    label = "survey"
    verbose_name = _("Khảo sát việc làm xanh")
