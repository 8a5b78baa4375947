"""Breakdown pages under /dashboard/<unit>/<period>/breakdown/ (URL namespace "breakdown")."""

from django.urls import path

from greenplan.analytics.breakdown import views

app_name = "breakdown"

urlpatterns = [
    # period: a half-year ("2026H1") or a year ("2026"), as on the dashboard.
    path("<str:unit>/<str:period>/breakdown/", views.breakdown_page, name="page"),
]
