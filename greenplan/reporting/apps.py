from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "greenplan.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo 6 tháng")

    def ready(self) -> None:
        from greenplan.reporting import catalogue_version

        catalogue_version.connect(self)
