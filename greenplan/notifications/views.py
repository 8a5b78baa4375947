"""The user's notifications: the list, marking read, and the unread badge for the navbar.

Every query starts from request.user, so nobody reads or marks another person's notifications:
an id that is not the user's answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenplan.accounts.http import SignedInRequest
from greenplan.notifications.services import mark_read, notifications_for, unread_count

PAGE_SIZE = 30


@login_required
@require_GET
def notification_list(request: SignedInRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    ctx = {"page": page, "notes": page.object_list, "unread": unread_count(request.user)}
    return render(request, "notifications/list.html", ctx)


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The navbar's link with the unread count; htmx loads it. Signed out: nothing to swap."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    # ?compact=1: the short link beside the menu button, seen on a phone with the menu collapsed.
    template = "notifications/_badge_compact.html" if request.GET.get("compact") == "1" else "notifications/_badge.html"
    return render(request, template, {"unread": unread_count(request.user)})


def _back(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    return f"/notifications/?page={page}" if page.isdigit() else "/notifications/"


@login_required
@require_POST
def read_one(request: SignedInRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(notifications_for(request.user), pk=pk)
    mark_read(user=request.user, ids=[note.pk])
    return redirect(_back(request))


@login_required
@require_POST
def read_all(request: SignedInRequest) -> HttpResponse:
    n = mark_read(user=request.user)
    if n:
        messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": n})
    return redirect(_back(request))


@login_required
@require_POST
def open_one(request: SignedInRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to what it is about (a path inside the site only)."""
    note = get_object_or_404(notifications_for(request.user), pk=pk)
    mark_read(user=request.user, ids=[note.pk])
    target = note.url
    if not target or not target.startswith("/") or not url_has_allowed_host_and_scheme(target, None):
        return redirect("notifications:list")
    return redirect(target)
