from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from greenplan.ops.health import DOWN, health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """No login: a load balancer or monitor asks. 503 only when the database is down."""
    status, checks = health()
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == DOWN else 200)
