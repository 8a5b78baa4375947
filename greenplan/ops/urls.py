from django.urls import path

from greenplan.ops import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
