from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "greenplan.analytics"
    label = "analytics"
    verbose_name = _("Tổng hợp, đánh giá")

    def ready(self) -> None:
        # SQLite ranks a level with the Python rule of a value (analytics.level_sql); not business
        # logic in a signal: a function every SQLite connection needs, like Django's own.
        from greenplan.analytics.level_sql import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="greenplan-analytics-sqlite")
