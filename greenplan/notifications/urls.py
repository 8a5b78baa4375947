from django.urls import path

from greenplan.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("badge/", views.badge, name="badge"),
    path("read/", views.read_all, name="read_all"),
    path("<int:pk>/read/", views.read_one, name="read"),
    path("<int:pk>/open/", views.open_one, name="open"),
]
