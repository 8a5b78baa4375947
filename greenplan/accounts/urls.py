from django.urls import URLPattern, URLResolver, include, path

from greenplan.accounts import views

# Authentication pages (login, logout, password change) and the user's own account page.
urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/done/", views.password_change_done, name="password_change_done"),
    path("", views.account, name="account"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_view, name="account_token_revoke"),
    path("tokens/revoke-all/", views.tokens_revoke_all_view, name="account_tokens_revoke_all"),
]

# Account management: append its URLs below this line.
urlpatterns += [path("manage/", include("greenplan.accounts.manage.urls"))]
