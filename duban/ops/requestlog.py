"""Request ids and structured (JSON) logs.

`RequestIdMiddleware` (first in MIDDLEWARE) gives every request an id: nginx's
`X-Request-ID` when it sends a sane one (so the proxy's log and ours agree), else
a new one; the id goes back in the response's `X-Request-ID` header, into every
log record written while the request runs (`RequestIdFilter`), and into one
access record per request on the `duban.request` logger (method, path, status,
milliseconds, the account's id; never the query string, which may carry
personal data)."""

import contextvars
import logging
import re
import time
import uuid

_request_id = contextvars.ContextVar("request_id", default="-")
SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"
access_log = logging.getLogger("duban.request")


def current_request_id():
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if SANE_ID.match(given) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            user = getattr(request, "user", None)
            access_log.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            _request_id.reset(token)
