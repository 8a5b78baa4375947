from django.urls import path

from greenplan.reporting import views
from greenplan.reporting.proposals.views import proposals_page

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("queue/next/", views.queue_next, name="queue_next"),
    # The report's address is part of the notification e-mails: /reports/<unit>/<period>/
    path("<str:unit>/<str:period>/", views.report_page, name="report"),
    path("<str:unit>/<str:period>/files/", views.upload, name="upload"),
    path("<str:unit>/<str:period>/files/<int:pk>/", views.download, name="download"),
    path("<str:unit>/<str:period>/files/<int:pk>/delete/", views.detach, name="detach"),
    # The subordinates' difficulties and proposals for the period, compiled (and exported).
    path("<str:unit>/<str:period>/proposals/", proposals_page, name="proposals"),
]
