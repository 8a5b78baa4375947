from django.urls import path

from greenplan.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.start, name="start"),
    path("<str:unit>/", views.activity_list, name="list"),
    path("<str:unit>/new/", views.activity_new, name="new"),
    path("<str:unit>/figures/<str:period>/", views.accept_figures, name="accept_figures"),
    path("<str:unit>/<int:pk>/", views.activity_edit, name="edit"),
    path("<str:unit>/<int:pk>/delete/", views.activity_remove, name="delete"),
    path("<str:unit>/<int:pk>/files/<int:file>/", views.evidence_download, name="evidence"),
]
