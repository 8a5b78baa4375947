"""Background jobs; included under /jobs/."""

from django.urls import path

from greenplan.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="detail"),
]
