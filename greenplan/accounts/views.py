"""Authentication pages and the user's own account page. Account management lives in the manage package."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenplan.accounts.auth_forms import LoginForm
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.services import user_set_password
from greenplan.accounts.tokens import token_revoke, tokens_of, tokens_revoke_all

login = auth_views.LoginView.as_view(
    template_name="registration/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)

# Django's LogoutView accepts POST only, so a link or a prefetch cannot log anyone out.
logout = auth_views.LogoutView.as_view()


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        # Through the service, not form.save(): it revokes the tokens too.
        user_set_password(user=form.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)  # this browser stays signed in
        return HttpResponseRedirect(self.get_success_url())


password_change = PasswordChangeView.as_view()
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="registration/password_change_done.html"
)


@login_required
@require_GET
def account(request: SignedInRequest) -> HttpResponse:
    context = {
        "tokens": tokens_of(request.user),
        "ttl_days": settings.API_TOKEN_TTL.days,
        "cap": settings.API_TOKEN_MAX_PER_USER,
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def token_revoke_view(request: SignedInRequest, pk: int) -> HttpResponse:
    if not token_revoke(user=request.user, token_id=pk):
        raise Http404(pk)
    messages.success(request, _("Đã thu hồi mã truy cập."))
    return redirect("account")


@login_required
@require_POST
def tokens_revoke_all_view(request: SignedInRequest) -> HttpResponse:
    count = tokens_revoke_all(user=request.user)
    messages.success(request, _("Đã thu hồi %(n)s mã truy cập.") % {"n": count})
    return redirect("account")


def locked_out(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Shown by django-axes when a username has failed too many times.

    429 rather than 403: the account is fine, the caller must wait. axes calls this with
    (request, response, credentials) or (request, credentials) depending on its version.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
