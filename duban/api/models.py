"""API tokens: one per program a unit account lets talk to duban."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_key(key: str) -> str:
    """The stored form of a token: its SHA-256 (tokens are long random
    strings, so a fast hash is enough and a leaked table gives no token)."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token acting as one user.

    Contract: the token itself is shown once, when issued, and never stored
    (only `key_hash`); `prefix` (its first characters) tells tokens apart in
    lists; a token acts with exactly its user's permissions, and stops working
    when revoked or when the user is deactivated; `last_used_at` is refreshed
    at most once a minute."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("用途"), max_length=100, blank=True)
    prefix = models.CharField(_("前缀"), max_length=12)
    key_hash = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user} {self.prefix}…"

    @property
    def is_active(self):
        return self.revoked_at is None and self.user.is_active
