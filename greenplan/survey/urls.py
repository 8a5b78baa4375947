"""The survey's pages for signed-in users, under /surveys/ (URL namespace "survey")."""

from django.urls import path

from greenplan.survey import views

app_name = "survey"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("<int:pk>/state/", views.survey_state, name="state"),
    path("<int:pk>/<str:unit>/", views.results_page, name="results"),
    path("<int:pk>/<str:unit>/poster/", views.poster, name="poster"),
    path("figures/<str:unit>/<str:period>/", views.accept_figures, name="accept_figures"),
]
