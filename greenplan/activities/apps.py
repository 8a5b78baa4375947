from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "greenplan.activities"
    label = "activities"
    verbose_name = _("Hoạt động")

    def ready(self) -> None:
        from greenplan.activities.services import follow_plan_revision
        from greenplan.plans.signals import plan_revised

        plan_revised.connect(follow_plan_revision, dispatch_uid="activities-follow-plan-revision")
