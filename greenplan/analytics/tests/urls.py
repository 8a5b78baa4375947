"""The project's URLs plus the dashboard, until greenplan/urls.py includes it."""

from django.urls import include, path

from greenplan.urls import urlpatterns as project_urlpatterns

_included = any(getattr(p, "namespace", None) == "dashboard" for p in project_urlpatterns)
urlpatterns = [*([] if _included else [path("dashboard/", include("greenplan.analytics.urls"))]), *project_urlpatterns]
