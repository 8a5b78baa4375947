"""Authentication pages. Account management lives in manage_views.py."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from greenplan.front.forms import LoginForm, PasswordChangeBootstrapForm

login = auth_views.LoginView.as_view(
    template_name="registration/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)

# Django's LogoutView accepts POST only, so a link or a prefetch cannot log anyone out.
logout = auth_views.LogoutView.as_view()

password_change = auth_views.PasswordChangeView.as_view(
    form_class=PasswordChangeBootstrapForm,
    template_name="registration/password_change_form.html",
    success_url=reverse_lazy("password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="registration/password_change_done.html"
)


def locked_out(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Shown by django-axes when a username has failed too many times.

    429 rather than 403: the account is fine, the caller must wait. axes calls this with
    (request, response, credentials) or (request, credentials) depending on its version.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
