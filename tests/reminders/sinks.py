"""Real local receivers: an aiosmtpd SMTP server and an HTTP webhook receiver
that checks DingTalk/Feishu signatures with the vendors' documented code."""

import base64
import email
import email.header
import email.policy
import hashlib
import hmac
import json
import socket
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailSink:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "raw_subject": email.message_from_bytes(envelope.content)["Subject"],
                    "subject": str(parsed["Subject"]),
                    "body": parsed.get_content(),
                }
            )
        return "250 OK"


@pytest.fixture
def smtp_sink(settings):
    handler = MailSink()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    yield handler
    controller.stop()


def documented_dingtalk_sign(timestamp, secret):
    """DingTalk's 加签 sample code, verbatim in substance."""
    secret_enc = secret.encode("utf-8")
    string_to_sign = f"{timestamp}\n{secret}"
    hmac_code = hmac.new(secret_enc, string_to_sign.encode("utf-8"), digestmod=hashlib.sha256)
    return urllib.parse.quote_plus(base64.b64encode(hmac_code.digest()))


def documented_feishu_sign(timestamp, secret):
    """Feishu's 签名校验 sample code, verbatim in substance."""
    string_to_sign = f"{timestamp}\n{secret}"
    hmac_code = hmac.new(string_to_sign.encode("utf-8"), digestmod=hashlib.sha256).digest()
    return base64.b64encode(hmac_code).decode("utf-8")


class Receiver:
    """Records every POST: path, query, JSON body, and whether its signature verified."""

    def __init__(self, secret=""):
        self.secret = secret
        self.requests = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                raw_query = dict(part.split("=", 1) for part in url.query.split("&") if "=" in part)
                verified = None
                if url.path.startswith("/dingtalk") and "sign" in raw_query:
                    verified = raw_query["sign"] == documented_dingtalk_sign(
                        raw_query["timestamp"], receiver.secret
                    )
                if url.path.startswith("/feishu") and "sign" in body:
                    verified = body["sign"] == documented_feishu_sign(
                        body["timestamp"], receiver.secret
                    )
                with receiver.lock:
                    receiver.requests.append(
                        {"path": url.path, "query": query, "body": body, "verified": verified}
                    )
                answer = b'{"errcode":0,"errmsg":"ok"}'
                if url.path.startswith("/refuse"):
                    answer = b'{"errcode":310000,"errmsg":"sign not match"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    with Receiver(secret="SEC-test-secret-0123") as r:
        yield r


def decoded_subject(raw):
    return str(email.header.make_header(email.header.decode_header(raw)))
