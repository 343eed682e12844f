"""Issuing, checking and revoking API tokens."""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, hash_key

TOKEN_BYTES = 32
TOUCH_EVERY = dt.timedelta(minutes=1)


@transaction.atomic
def issue_token(*, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`: (the row, the token to hand over once)."""
    key = "dbn_" + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:10], key_hash=hash_key(key))
    return token, key


def user_for_key(key: str):
    """The active user a presented token acts as, or None."""
    if not key:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
