"""Liveness (``/healthz/``) and readiness (``/readyz/``): the database, the broker and a
recent worker heartbeat."""

import datetime

import pytest
from django.db import connection
from django.db.utils import load_backend
from django.urls import reverse
from django.utils import timezone

from core import health
from core.models import WorkerHeartbeat
from core.tasks import heartbeat_task
from tests.core.test_faults import broker_unreachable

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_unreachable(monkeypatch, tmp_path):
    """The checks talk to a database that cannot be reached: a PostgreSQL port where nothing
    listens, or an SQLite file in a folder that does not exist."""
    settings_dict = {**connection.settings_dict}
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "missing" / "selaras.sqlite3")
    else:
        settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})
    unreachable = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "down")
    monkeypatch.setattr(health, "connection", unreachable)
    yield
    unreachable.close()


def ready(client):
    response = client.get(reverse("readyz"))
    return response.status_code, response.json()


def test_liveness_answers_while_the_database_does(client):
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (200, b"ok")


def test_liveness_is_503_when_the_database_is_unreachable(client, database_unreachable):
    assert client.get(reverse("healthz")).status_code == 503


def test_ready_when_database_broker_and_a_recent_heartbeat_answer(client):
    heartbeat_task.apply()
    status, body = ready(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "broker": True,
        "worker": True,
    }


def test_not_ready_without_a_recent_heartbeat(client, settings):
    settings.SELARAS_HEARTBEAT_MAX_AGE = 120
    status, body = ready(client)
    assert status == 503 and body["checks"]["worker"] == {"ok": False, "detail": "none"}
    heartbeat_task.apply()
    assert ready(client)[0] == 200
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - datetime.timedelta(seconds=121))
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_not_ready_when_the_database_is_unreachable(client, database_unreachable):
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["worker"]["ok"] is False


def test_not_ready_when_the_broker_is_unreachable(client):
    heartbeat_task.apply()
    with broker_unreachable():
        status, body = ready(client)
    assert status == 503
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True and body["checks"]["worker"]["ok"] is True
    assert ready(client)[0] == 200  # and back once it answers


def test_beat_sends_the_sweeps_and_the_heartbeat(settings):
    from lms.celery import app

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    expected = {
        "core.tasks.heartbeat_task",
        "core.tasks.outbox_sweep_task",
        "lms.tasks.lms_sweep_task",
        "cohorts.tasks.notices_sweep_task",
    }
    assert expected <= tasks
    app.loader.import_default_modules()
    assert expected <= set(app.tasks)
