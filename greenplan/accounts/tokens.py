"""API bearer tokens: issued after a password check, only their SHA-256 hash is stored.

A token lives `API_TOKEN_TTL` (a week by default); a user holds at most
`API_TOKEN_MAX_PER_USER` live tokens, the oldest revoked when a new one would exceed it.
Expired tokens are deleted whenever a token is issued, so they never pile up.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from greenplan.accounts.models import ApiToken, User, hash_token
from greenplan.accounts.selectors import account_home_unit
from greenplan.audit.services import log_action

# Writing last_used_at on every request would turn each read into a write.
TOUCH_INTERVAL = datetime.timedelta(minutes=1)


@transaction.atomic
def token_issue(*, user: User) -> tuple[str, datetime.datetime]:
    """Create a token for `user`; return the raw key (shown once) and its expiry."""
    now = timezone.now()
    ApiToken.objects.filter(expires_at__lte=now).delete()
    # Lock the user's row so two sign-ins at once cannot both stay under the cap.
    User.objects.select_for_update().filter(pk=user.pk).first()
    keep = settings.API_TOKEN_MAX_PER_USER - 1
    newest_first = ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
    surplus = list(newest_first.values_list("pk", flat=True)[keep:])
    ApiToken.objects.filter(pk__in=surplus).delete()
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), expires_at=now + settings.API_TOKEN_TTL
    )
    log_action(actor=user, action="token.created", obj=token, unit=account_home_unit(user),
               data={"expires_at": token.expires_at, "revoked_oldest": surplus})
    return raw, token.expires_at


def token_find(raw: str) -> ApiToken | None:
    if not raw:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()


def token_touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def tokens_of(user: User) -> list[ApiToken]:
    """The user's live tokens, newest first (the secret is never stored, so never shown)."""
    return list(ApiToken.objects.filter(user=user, expires_at__gt=timezone.now()).order_by("-created_at", "-pk"))


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when it is not theirs or already gone."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        return False
    log_action(actor=user, action="token.revoked", obj=token, unit=account_home_unit(user))
    token.delete()
    return True


@transaction.atomic
def tokens_revoke_all(*, user: User, actor: User | None = None) -> int:
    """Revoke every token of the user (by `actor`, the user by default); returns how many there were."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    if deleted:
        log_action(actor=actor or user, action="token.revoked_all", obj=user, unit=account_home_unit(user),
                   data={"count": deleted})
    return deleted
