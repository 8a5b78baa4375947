"""The project's URLs plus the plan pages, until greenplan/urls.py includes them."""

from django.urls import include, path

from greenplan.urls import urlpatterns as project_urlpatterns

_included = any(getattr(p, "namespace", None) == "plans" for p in project_urlpatterns)
urlpatterns = [*([] if _included else [path("plans/", include("greenplan.plans.urls"))]), *project_urlpatterns]
