"""Channels: signatures against the vendors' documented algorithms, payload
shapes against their documented examples, and real delivery to a local SMTP
server (aiosmtpd) and a local webhook receiver."""

import datetime as dt

import pytest
from django.utils import timezone

from duban.reminders import channels, services
from duban.reminders.models import Delivery, Digest, Preference
from tests.reminders.sinks import (
    decoded_subject,
    documented_dingtalk_sign,
    documented_feishu_sign,
)

OUT = channels.Outgoing(
    "【督办提醒】您有2项事项需要办理",
    "[到期提醒] 全力推动稳增长 — 州发改委,截止2020-12-21\n[逾期催办] 扎实做好宣传",
    ("[到期提醒] 全力推动稳增长 — 州发改委,截止2020-12-21", "[逾期催办] 扎实做好宣传"),
    "fgw_tianbao",
)

# The examples of the vendors' robot documentation (text messages).
DINGTALK_EXAMPLE = {"msgtype": "text", "text": {"content": "我就是我, 是不一样的烟火"}}
WECOM_EXAMPLE = {
    "msgtype": "text",
    "text": {"content": "广州今日天气:29度,大部分多云,降雨概率:60%"},
}
FEISHU_SIGNED_EXAMPLE = {
    "timestamp": "1599360473",
    "sign": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "msg_type": "text",
    "content": {"text": "request example"},
}


def shape(value):
    """The structure of a JSON value: keys and value types, not the values."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    return type(value).__name__


def test_dingtalk_signature_is_the_documented_one():
    for ts, secret in [(1577836800000, "SEC123"), (1608253200123, "SECabc/+=中")]:
        url = channels.dingtalk_url("https://robot.example/send?access_token=T", secret, ts)
        assert url.endswith(f"&timestamp={ts}&sign={documented_dingtalk_sign(ts, secret)}")


def test_dingtalk_without_secret_is_not_signed():
    assert (
        channels.dingtalk_url("http://r/send?access_token=T", "", 1)
        == "http://r/send?access_token=T"
    )


def test_feishu_signature_is_the_documented_one():
    for ts, secret in [(1599360473, "demo"), (1608253200, "k3y-中文")]:
        assert channels.feishu_sign(secret, ts) == documented_feishu_sign(ts, secret)


def test_feishu_signature_differs_from_dingtalk_construction():
    # Feishu keys the HMAC with "timestamp\nsecret" over an empty message; DingTalk keys it with the secret.
    assert channels.feishu_sign("s", 1) != channels.dingtalk_sign("s", 1)


def test_payloads_have_the_documented_shapes():
    assert shape(channels.dingtalk_payload(OUT)) == shape(DINGTALK_EXAMPLE)
    assert shape(channels.wecom_payload(OUT)) == shape(WECOM_EXAMPLE)
    assert shape(channels.feishu_payload(OUT, "s", 1599360473)) == shape(FEISHU_SIGNED_EXAMPLE)
    assert "timestamp" not in channels.feishu_payload(OUT, "", 1)


def test_wecom_content_is_cut_to_its_2048_byte_limit():
    long = channels.Outgoing("标题", "事项" * 2000, (), "u")
    assert len(channels.wecom_payload(long)["text"]["content"].encode()) <= 2048


def test_a_refusing_robot_is_a_channel_error(receiver):
    with pytest.raises(channels.ChannelError, match="sign not match"):
        channels.post_json(f"{receiver.url}/refuse", {"a": 1})


def test_an_unreachable_robot_is_a_channel_error():
    with pytest.raises(channels.ChannelError):
        channels.post_json("http://127.0.0.1:9/none", {"a": 1})


def test_email_subject_is_encoded_and_decodes_to_the_chinese(smtp_sink):
    channels.send_email(OUT, "fgw@example.org")
    [mail] = smtp_sink.messages
    assert mail["to"] == ["fgw@example.org"]
    assert mail["raw_subject"].strip().startswith("=?utf-8?")
    assert decoded_subject(mail["raw_subject"]) == OUT.subject
    assert "全力推动稳增长" in mail["body"]


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_signed_robots_verify_at_the_receiver(receiver, kind):
    channels.send_webhook(
        OUT, kind, f"{receiver.url}/{kind}?access_token=T", receiver.secret, 1608253200.5
    )
    [request] = receiver.requests
    assert request["verified"] is True


def test_a_wrong_secret_does_not_verify(receiver):
    channels.send_webhook(OUT, "dingtalk", f"{receiver.url}/dingtalk?x=1", "other", 1608253200.5)
    assert receiver.requests[0]["verified"] is False


def test_sms_goes_to_the_gateway(receiver, settings):
    settings.DUBAN_SMS_GATEWAY_URL = f"{receiver.url}/sms"
    channels.send_sms(OUT, "13800001111")
    body = receiver.requests[0]["body"]
    assert body["phone"] == "13800001111" and "2项" in body["text"]


def test_sms_without_a_gateway_is_an_error(settings):
    settings.DUBAN_SMS_GATEWAY_URL = ""
    with pytest.raises(channels.ChannelError, match="gateway"):
        channels.send_sms(OUT, "13800001111")


# --- a run delivers through each person's channels


@pytest.fixture
def wired(calendar, fgw_officer, rsj_officer, golmud_officer, receiver, smtp_sink, settings):
    fgw_officer.email = "fgw@example.org"
    fgw_officer.save()
    Preference.objects.create(
        user=fgw_officer,
        webhook="dingtalk",
        webhook_url=f"{receiver.url}/dingtalk?access_token=T",
        webhook_secret=receiver.secret,
    )
    Preference.objects.create(
        user=rsj_officer,
        email=False,
        webhook="feishu",
        webhook_url=f"{receiver.url}/feishu",
        webhook_secret=receiver.secret,
    )
    settings.DUBAN_SMS_GATEWAY_URL = f"{receiver.url}/sms"
    Preference.objects.create(
        user=golmud_officer,
        webhook="wecom",
        webhook_url=f"{receiver.url}/wecom",
        sms=True,
        phone="13900002222",
    )
    return receiver, smtp_sink


def test_a_run_sends_one_digest_per_person_through_their_channels(wired, fgw_officer):
    receiver, smtp = wired
    now = timezone.make_aware(dt.datetime(2020, 12, 18, 9))
    summary = services.run_supervision(now=now, worker="t")
    assert summary.failures == []
    assert [m["to"] for m in smtp.messages] == [["fgw@example.org"]]
    paths = sorted(r["path"] for r in receiver.requests)
    assert paths == ["/dingtalk", "/feishu", "/sms", "/wecom"]
    assert all(r["verified"] in (True, None) for r in receiver.requests)
    digest = Digest.objects.get(recipient=fgw_officer)
    assert smtp.messages[0]["body"].splitlines() == digest.body.splitlines()
    assert sorted(digest.deliveries.values_list("channel", "ok")) == [
        ("dingtalk", True),
        ("email", True),
    ]


def test_a_failed_channel_is_recorded_and_does_not_stop_the_others(wired, fgw_officer, rsj_officer):
    receiver, smtp = wired
    Preference.objects.filter(user=rsj_officer).update(webhook_url=f"{receiver.url}/refuse")
    summary = services.run_supervision(
        now=timezone.make_aware(dt.datetime(2020, 12, 18, 9)), worker="t"
    )
    assert len(summary.failures) == 1 and "rsj_tianbao" in summary.failures[0]
    failed = Delivery.objects.get(ok=False)
    assert failed.digest.recipient == rsj_officer and "sign not match" in failed.detail
    assert len(smtp.messages) == 1
