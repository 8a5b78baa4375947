"""/settings/: the province admin's settings, one URL tree over the apps that own each screen.

The catalogue, validation rules and periods belong to reporting (namespace "settings"), the
classification criteria and bands to analytics (namespace "classification"); this module is
the one place that puts them under /settings/ (it sits on the top floor, above both).
"""

from django.urls import include, path

urlpatterns = [
    path("classification/", include("greenplan.analytics.classification.urls")),
    path("", include("greenplan.reporting.settings.urls")),
]
