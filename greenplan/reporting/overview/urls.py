from django.urls import path

from greenplan.reporting.overview import views

app_name = "overview"

urlpatterns = [
    path("", views.start, name="start"),
    # Linked from the report list and notifications: /overview/<unit>/<period>/
    path("<str:unit>/<str:period>/", views.unit_overview, name="unit"),
    path("<str:unit>/<str:period>/remind/", views.remind, name="remind"),
]
