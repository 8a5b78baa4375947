"""Signing in to the API: a password check (counted by django-axes) that returns a bearer token."""

import math

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.security import HttpBearer

from greenplan.accounts.models import User
from greenplan.accounts.tokens import token_find, token_issue, token_revoke, token_touch
from greenplan.api.errors import ApiError
from greenplan.api.report_schemas import ErrorOut
from greenplan.api.schemas import Credentials, TokenOut


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
        request.api_token = found  # type: ignore[attr-defined]  # DELETE /auth/token revokes it
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
    description="The token lasts `API_TOKEN_TTL_DAYS` days (7 by default, `expires_at` says when); a "
    "user holds at most `API_TOKEN_MAX_PER_USER` live tokens (10 by default): getting one more revokes "
    "the oldest. A password change or reset revokes them all. "
    "401 for a wrong username or password; 429 once a username has failed too often "
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


@router.delete(
    "/token",
    response={204: None, 401: ErrorOut},
    summary="Revoke the token in use",
    description="The token sent in `Authorization` stops working at once; the user's other tokens are kept. "
    "A user sees and revokes all their tokens on their account page.",
)
def token_delete(request: HttpRequest) -> Status:
    token_revoke(user=request.auth, token_id=request.api_token.pk)  # type: ignore[attr-defined]
    return Status(204, None)
