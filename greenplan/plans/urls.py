from django.urls import path

from greenplan.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.start, name="start"),
    path("<str:unit>/", views.plan_page, name="plan"),
    path("<str:unit>/copy-down/", views.copy_down, name="copy_down"),
    path("<str:unit>/items/new/", views.item_new, name="item_new"),
    path("<str:unit>/items/<int:pk>/", views.item_edit, name="item_edit"),
    path("<str:unit>/items/<int:pk>/delete/", views.item_remove, name="item_delete"),
    path("<str:unit>/issue/", views.issue, name="issue"),
    path("<str:unit>/revise/", views.revise, name="revise"),
    path("<str:unit>/signed/", views.attach_signed, name="attach_signed"),
    path("<str:unit>/revisions/<int:revision>/signed.pdf", views.signed_pdf, name="signed_pdf"),
    path("<str:unit>/coverage/", views.coverage_page, name="coverage"),
]
