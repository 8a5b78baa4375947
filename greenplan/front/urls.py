from django.urls import path

from greenplan.front import views

urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
]
