"""`/healthz`: for nginx, systemd and monitoring (see duban.ops.health)."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from duban.ops import health


@never_cache
@require_safe
def healthz(request):
    status, body = health.check()
    return JsonResponse(body, status=status)
