"""Excel templates and imports; included under /exchange/."""

from django.urls import path

from greenplan.exchange import views

app_name = "exchange"

urlpatterns = [
    path("imports/", views.import_page, name="import"),
    path("<str:unit>/<str:period>/template.xlsx", views.template_download, name="template"),
    path("<str:unit>/<str:period>/templates.zip", views.templates_zip, name="templates_zip"),
]
