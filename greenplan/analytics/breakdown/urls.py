"""Breakdown pages under /dashboard/<unit>/<period>/breakdown/."""

from django.urls import path

from greenplan.analytics import breakdown_views

urlpatterns = [
    # period: a half-year ("2026H1") or a year ("2026"), as on the dashboard.
    path("<str:unit>/<str:period>/breakdown/", breakdown_views.breakdown_page, name="breakdown"),
]
