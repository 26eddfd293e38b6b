"""Health checks for load balancers and monitors.

``/healthz/`` is liveness: the process answers and its database does (503 otherwise).
``/readyz/`` is readiness: the database, the Celery broker and a worker heartbeat younger
than ``SELARAS_HEARTBEAT_MAX_AGE`` seconds (beat sends ``core.tasks.heartbeat_task`` every
minute), as JSON, 200 when all answer and 503 otherwise. Neither uses the session, the cache
or a template.
"""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from core.health import broker_check, database_check, heartbeat_check


@never_cache
def healthz(request):
    ok, _detail = database_check()
    return HttpResponse(
        "ok" if ok else "database unavailable", content_type="text/plain", status=200 if ok else 503
    )


@never_cache
def readyz(request):
    checks = {"database": database_check(), "broker": broker_check()}
    checks["worker"] = heartbeat_check() if checks["database"][0] else (False, "database")
    ready = all(ok for ok, _detail in checks.values())
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
    }
    return JsonResponse(body, status=200 if ready else 503)
