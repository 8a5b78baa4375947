from django.urls import path

from greenplan.emulation import sheet_views, views

app_name = "emulation"

ENTRY = "<str:movement>/<int:year>/units/<str:unit>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/<str:unit>/", views.proposal_new, name="propose"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="decide"),
    path("<str:movement>/<int:year>/", views.sheet_detail, name="sheet"),
    path("<str:movement>/<int:year>/edit/", sheet_views.sheet_edit, name="sheet_edit"),
    path("<str:movement>/<int:year>/ranking/<str:unit>/", views.ranking_page, name="ranking"),
    path(ENTRY, views.entry_page, name="entry"),
    path(ENTRY + "files/<int:pk>/", views.evidence_file, name="evidence_file"),
    path(ENTRY + "<str:action>/", views.entry_action, name="entry_action"),
]
