"""Classification settings under /settings/classification/."""

from django.urls import path

from greenplan.analytics.classification import views

app_name = "classification"

urlpatterns = [
    path("", views.index, name="index"),
    path("criteria/new/", views.criterion_new, name="criterion_new"),
    path("criteria/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
    path("bands/new/", views.band_new, name="band_new"),
    path("bands/<int:pk>/", views.band_edit, name="band_edit"),
    path("bands/<int:pk>/delete/", views.band_delete, name="band_delete"),
]
