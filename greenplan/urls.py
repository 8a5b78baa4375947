from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("greenplan.api.urls")),
    path("accounts/", include("greenplan.accounts.urls")),
    path("", include("greenplan.front.urls")),
]
