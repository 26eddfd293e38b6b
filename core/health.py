"""What the health endpoints check (``lms.views.site``): the database, the broker and a
recent worker heartbeat. Each check answers ``(ok, detail)`` and never raises."""

import datetime
import logging
import socket

from celery import current_app
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def heartbeat_record(*, name: str | None = None) -> WorkerHeartbeat:
    """Record that worker ``name`` (default: this host and process) is alive, now."""
    name = name or f"{socket.gethostname()}"
    beat, _created = WorkerHeartbeat.objects.update_or_create(
        name=name[:200], defaults={"beat_at": timezone.now()}
    )
    return beat


def database_check() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health: the database does not answer: %r", error)
        return False, type(error).__name__
    return True, "ok"


def broker_check() -> tuple[bool, str]:
    """Open a connection to the broker (bounded by ``CELERY_BROKER_CONNECTION_TIMEOUT``)."""
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.1)
    except Exception as error:  # any failure means "not ready"
        logger.warning("Health: the broker does not answer: %r", error)
        return False, type(error).__name__
    return True, "ok"


def heartbeat_check(*, now: datetime.datetime | None = None) -> tuple[bool, str]:
    """A worker heartbeat younger than ``SELARAS_HEARTBEAT_MAX_AGE`` seconds exists."""
    try:
        latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
        beat_at = latest.first()
    except DatabaseError:
        return False, "database"
    if beat_at is None:
        return False, "none"
    age = ((now or timezone.now()) - beat_at).total_seconds()
    if age > settings.SELARAS_HEARTBEAT_MAX_AGE:
        return False, f"{int(age)} s old"
    return True, f"{int(age)} s old"
