from django.urls import include, path, re_path

from greenplan.api.errors import not_found_view

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("greenplan.api.urls")),
    re_path(r"^api/", not_found_view),
    path("accounts/", include("greenplan.accounts.urls")),
    path("reports/", include("greenplan.reporting.urls")),
    path("overview/", include("greenplan.reporting.overview.urls")),
    path("settings/", include("greenplan.front.settings_urls")),
    path("notifications/", include("greenplan.notifications.urls")),
    path("jobs/", include("greenplan.jobs.urls")),
    path("audit/", include("greenplan.front.audit.urls")),
    path("dashboard/", include("greenplan.analytics.urls")),
    path("dashboard/", include("greenplan.analytics.breakdown.urls")),
    path("plans/", include("greenplan.plans.urls")),
    path("activities/", include("greenplan.activities.urls")),
    path("emulation/", include("greenplan.emulation.urls")),
    path("surveys/", include("greenplan.survey.urls")),
    path("s/", include("greenplan.survey.public_urls")),
    path("practices/", include("greenplan.practices.urls")),
    path("exchange/", include("greenplan.exchange.urls")),
    path("documents/", include("greenplan.documents.urls")),
    path("", include("greenplan.ops.urls")),
    path("", include("greenplan.front.urls")),
]

handler400 = "greenplan.lib.errorpages.bad_request"
