from django.urls import path

from greenplan.analytics import views

app_name = "dashboard"

urlpatterns = [
    path("", views.start, name="start"),
    # /dashboard/<unit>/<period>/: period is a half-year ("2026H1") or a year ("2026").
    path("<str:unit>/<str:period>/", views.unit_dashboard, name="unit"),
]
