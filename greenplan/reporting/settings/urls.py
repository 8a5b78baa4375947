from django.urls import path

from greenplan.reporting.settings import views

app_name = "settings"

urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/new/", views.indicator_new, name="indicator_new"),
    path("indicators/<str:code>/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<str:code>/retire/", views.indicator_retire, name="indicator_retire"),
    path("indicators/<str:code>/restore/", views.indicator_restore, name="indicator_restore"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/active/", views.rule_active, name="rule_active"),
    path("periods/", views.period_list, name="periods"),
    path("periods/new/", views.period_new, name="period_new"),
    path("periods/<str:code>/", views.period_edit, name="period_edit"),
    path("periods/<str:code>/open/", views.period_open, name="period_open"),
]
