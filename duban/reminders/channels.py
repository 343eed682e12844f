"""Outside channels: e-mail, robot webhooks (DingTalk, WeCom, Feishu, plain
JSON) and an SMS gateway. Payload builders and signatures are pure functions
(tested against the vendors' documented algorithms and recorded shapes); the
senders do one HTTP request or one SMTP session each and raise ChannelError on
failure.

DingTalk custom robot, 加签: sign = urlencode(base64(HMAC-SHA256(key=secret,
msg="{timestamp}\\n{secret}"))), timestamp in milliseconds, both as query
parameters of the webhook URL.
Feishu custom bot, 签名校验: sign = base64(HMAC-SHA256(key="{timestamp}\\n{secret}",
msg="")), timestamp in seconds, both in the JSON body.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage

TIMEOUT = 10  # seconds; a robot that does not answer must not hold the worker


class ChannelError(Exception):
    """A channel refused or could not be reached (the message says which and why)."""


@dataclass(frozen=True)
class Outgoing:
    """One digest as the channels see it."""

    subject: str
    body: str  # plain text, one line per item
    lines: tuple[str, ...]
    username: str


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def dingtalk_url(url: str, secret: str, timestamp_ms: int) -> str:
    if not secret:
        return url
    sign = urllib.parse.quote_plus(dingtalk_sign(secret, timestamp_ms))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign}"


def dingtalk_payload(out: Outgoing) -> dict:
    return {"msgtype": "text", "text": {"content": f"{out.subject}\n{out.body}"}}


def feishu_sign(secret: str, timestamp_s: int) -> str:
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def feishu_payload(out: Outgoing, secret: str, timestamp_s: int) -> dict:
    payload: dict = {"msg_type": "text", "content": {"text": f"{out.subject}\n{out.body}"}}
    if secret:
        payload = {"timestamp": str(timestamp_s), "sign": feishu_sign(secret, timestamp_s)} | (
            payload
        )
    return payload


def wecom_payload(out: Outgoing) -> dict:
    # WeCom's text content is limited to 2048 bytes; a digest longer than that is cut.
    content = f"{out.subject}\n{out.body}"
    data = content.encode()
    if len(data) > 2048:
        content = data[:2040].decode(errors="ignore") + "…"
    return {"msgtype": "text", "text": {"content": content}}


def json_payload(out: Outgoing) -> dict:
    return {
        "recipient": out.username,
        "subject": out.subject,
        "items": list(out.lines),
    }


def sms_payload(out: Outgoing, phone: str) -> dict:
    return {"phone": phone, "text": f"{out.subject}:{len(out.lines)}项,请登录督办系统查看。"}


def post_json(url: str, payload: dict) -> bytes:
    """POST `payload` as UTF-8 JSON; ChannelError on a refused or unreachable endpoint."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 — configured URL
            body = response.read()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ChannelError(f"{url}: {exc}") from exc
    _check_robot_answer(body)
    return body


def _check_robot_answer(body: bytes) -> None:
    """DingTalk/WeCom answer {"errcode": 0}, Feishu {"code": 0}; anything else non-zero is a refusal."""
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return
    if not isinstance(answer, dict):
        return
    code = answer.get("errcode", answer.get("code", 0))
    if code not in (0, None):
        raise ChannelError(f"refused: {answer.get('errmsg') or answer.get('msg') or code}")


def send_email(out: Outgoing, address: str) -> None:
    """One e-mail through Django's mail backend (the subject's Chinese is RFC 2047-encoded)."""
    message = EmailMessage(out.subject, out.body, settings.DEFAULT_FROM_EMAIL, [address])
    try:
        message.send()
    except OSError as exc:
        raise ChannelError(f"smtp: {exc}") from exc


def send_webhook(out: Outgoing, kind: str, url: str, secret: str, now_ts: float) -> None:
    if kind == "dingtalk":
        post_json(dingtalk_url(url, secret, int(now_ts * 1000)), dingtalk_payload(out))
    elif kind == "feishu":
        post_json(url, feishu_payload(out, secret, int(now_ts)))
    elif kind == "wecom":
        post_json(url, wecom_payload(out))
    elif kind == "json":
        post_json(url, json_payload(out))
    else:
        raise ChannelError(f"unknown webhook kind {kind!r}")


def send_sms(out: Outgoing, phone: str) -> None:
    gateway = getattr(settings, "DUBAN_SMS_GATEWAY_URL", "")
    if not gateway:
        raise ChannelError("no SMS gateway configured (DUBAN_SMS_GATEWAY_URL)")
    post_json(gateway, sms_payload(out, phone))
