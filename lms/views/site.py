"""Health checks for load balancers and monitors."""

from django.http import HttpResponse


def healthz(request):
    """Liveness for load balancers and monitors: no database, no session, no template."""
    return HttpResponse("ok", content_type="text/plain")
