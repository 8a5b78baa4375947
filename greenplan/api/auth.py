"""Signing in to the API: a password check (counted by django-axes) that returns a bearer token."""

import math

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.security import HttpBearer

from greenplan.accounts.models import User
from greenplan.api.errors import ApiError
from greenplan.api.report_schemas import ErrorOut
from greenplan.api.schemas import Credentials, TokenOut
from greenplan.api.tokens import token_find, token_issue, token_touch


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_find(token.strip())
        if found is None:
            raise ApiError(401, _("Mã truy cập không hợp lệ."))
        if found.expires_at <= timezone.now():
            raise ApiError(401, _("Mã truy cập đã hết hạn. Hãy đăng nhập lại để lấy mã mới."))
        if not found.user.is_active:
            raise ApiError(401, _("Tài khoản đã bị khóa."))
        token_touch(found)
        request.user = found.user
        return found.user


class Locked(ApiError):
    def __init__(self) -> None:
        minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
        super().__init__(
            429,
            _(
                "Tài khoản tạm thời bị khóa vì đăng nhập sai quá nhiều lần. "
                "Vui lòng thử lại sau %(minutes)s phút."
            )
            % {"minutes": minutes},
        )


router = Router(tags=["auth"])


@router.post(
    "/token",
    response={200: TokenOut, 401: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="Get a bearer token",
    description="401 for a wrong username or password; 429 once a username has failed too often "
    "(it stays locked for a while, whatever the password).",
)
def token(request: HttpRequest, credentials: Credentials) -> TokenOut:
    user = authenticate(request, username=credentials.username, password=credentials.password)
    # authenticate() swallows AxesBackendPermissionDenied; axes leaves this flag instead.
    if getattr(request, "axes_locked_out", False):
        # The flag would make AxesMiddleware swap our JSON for the HTML lockout page.
        request.axes_locked_out = False  # type: ignore[attr-defined]
        raise Locked()
    if user is None:
        raise ApiError(401, _("Tên đăng nhập hoặc mật khẩu không đúng."))
    raw, expires_at = token_issue(user=user)
    return TokenOut(token=raw, expires_at=expires_at)
