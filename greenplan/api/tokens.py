"""API bearer tokens: issued after a password check, only their SHA-256 hash is stored."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from greenplan.accounts.models import ApiToken, User, hash_token

# Writing last_used_at on every request would turn each read into a write.
TOUCH_INTERVAL = datetime.timedelta(minutes=1)


@transaction.atomic
def token_issue(*, user: User) -> tuple[str, datetime.datetime]:
    """Create a token for `user`; return the raw key (shown once) and its expiry."""
    now = timezone.now()
    ApiToken.objects.filter(user=user, expires_at__lte=now).delete()
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), expires_at=now + settings.API_TOKEN_TTL
    )
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
