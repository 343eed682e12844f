"""The landing page: each role goes where its work is."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from duban import access
from duban.accounts.models import User

# Where each role starts its day. Routes of apps that are not installed are skipped.
START_PAGE = {
    User.Role.SUPERVISOR: "plans:list",
    User.Role.LEADER: "cockpit:home",
    User.Role.OFFICER: "desk:inbox",
    User.Role.HEAD: "desk:inbox",
}


@login_required
def home(request):
    name = START_PAGE.get(access.role_of(request.user))
    if name:
        try:
            return redirect(reverse(name))
        except NoReverseMatch:
            pass
    return render(request, "home.html")


def bad_request(request, exception=None):
    """handler400. A body over DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig) is
    413 with a Chinese message — JSON under /api/, a bare message for htmx (the
    page keeps what was typed: htmx does not swap an error answer, and
    duban.js shows the message), else a page saying what to do. Any other bad
    request gets a Chinese 400 page instead of Django's English one."""
    too_big = isinstance(exception, RequestDataTooBig)
    status = 413 if too_big else 400
    if too_big:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        message = _(
            "提交的内容超过 %(limit)s MB,未能保存。请删减文字(附件请用“上传附件”),再保存。"
        ) % {"limit": limit}
    else:
        message = _("请求无效,请返回上一页重试。")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    if request.headers.get("HX-Request"):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return render(request, "core/bad_request.html", {"message": message}, status=status)
