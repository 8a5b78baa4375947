"""The survey's pages for signed-in users, under /surveys/ (URL namespace "survey")."""

from django.urls import path

from greenplan.survey import builder_views, views

app_name = "survey"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("<int:pk>/state/", views.survey_state, name="state"),
    path("start/", builder_views.survey_start, name="start"),
    path("<int:pk>/questions/", builder_views.questions_page, name="questions"),
    path("<int:pk>/questions/<int:qpk>/", builder_views.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:qpk>/move/", builder_views.question_move_view, name="question_move"),
    path("<int:pk>/questions/<int:qpk>/delete/", builder_views.question_delete_view, name="question_delete"),
    path("<int:pk>/<str:unit>/", views.results_page, name="results"),
    path("<int:pk>/<str:unit>/poster/", views.poster, name="poster"),
    path("figures/<str:unit>/<str:period>/", views.accept_figures, name="accept_figures"),
]
