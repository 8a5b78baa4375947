from django.urls import path, re_path

from greenplan.documents import views

app_name = "documents"

FMT = r"(?P<fmt>docx|pdf)"
UNIT = r"(?P<unit>[^/]+)"
PERIOD = r"(?P<period>[^/]+)"

urlpatterns = [
    re_path(rf"^reports/{UNIT}/{PERIOD}/report\.{FMT}$", views.report_document, name="report"),
    re_path(rf"^aggregates/{UNIT}/{PERIOD}/report\.{FMT}$", views.compiled_document, name="compiled"),
    re_path(rf"^plans/{UNIT}/plan\.{FMT}$", views.plan_document, name="plan"),
    re_path(rf"^emulation/{UNIT}/proposals\.{FMT}$", views.proposals_document, name="proposals"),
    path("aggregates/<str:unit>/<str:period>/sections/", views.sections, name="sections"),
]
