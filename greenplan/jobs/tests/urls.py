"""The project's URLs plus /jobs/, until greenplan/urls.py includes them (then delete this file
and the `pytest.mark.urls("greenplan.jobs.tests.urls")` marks)."""

from django.urls import include, path

from greenplan.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("jobs/", include("greenplan.jobs.urls")),
    *project_urlpatterns,
]
