"""The public answer page, under /s/ (URL namespace "survey_public"): no account needed."""

from django.urls import path

from greenplan.survey import public

app_name = "survey_public"

urlpatterns = [
    path("<str:token>/", public.answer, name="answer"),
]
