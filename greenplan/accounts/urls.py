from django.urls import include, path

from greenplan.accounts import views

# Authentication pages (login, logout, password change).
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/done/", views.password_change_done, name="password_change_done"),
]

# Account management: append its URLs below this line.
urlpatterns += [path("manage/", include("greenplan.accounts.manage_urls"))]
