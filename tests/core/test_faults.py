"""Faults a tester found with kill -9, a dead Redis and dropped connections: a worker killed
mid-send, an unreachable broker or cache. ``broker_unreachable`` is used by the apps' tests
of work saved while the broker is down."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.urls import reverse

from core.models import OutboundEmail
from core.outbox import email_queue, outbox_sweep
from lms.services.accounts import user_create_for_participant

CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens there: connections are refused
BASE_DIR = Path(django_settings.BASE_DIR)
Status = OutboundEmail.Status


@contextlib.contextmanager
def broker_unreachable():
    """Tasks are published (not run eagerly) to a broker that refuses connections."""
    from lms.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool)
    app.conf.broker_url = CLOSED_PORT_URL
    app.conf.task_always_eager = False
    app._pool = app.amqp._producer_pool = None
    try:
        yield
    finally:
        # The refused-connection pools stay in kombu's registry (they hold no socket) for the
        # next test that needs them; the app gets its own pools back.
        app.conf.broker_url, app.conf.task_always_eager = saved[0], saved[1]
        app._pool, app.amqp._producer_pool = saved[2], saved[3]


# Redis down: the cache is a miss -----------------------------------------------------------------


@pytest.mark.django_db
def test_with_redis_down_the_dashboard_and_a_failed_sign_in_answer(settings, client, participant):
    from lms.settings import redis_cache

    settings.CACHES = {"default": redis_cache(CLOSED_PORT_URL)}
    user = user_create_for_participant(participant=participant)
    user.set_password("Lurah-Cideng-2019!")
    user.save()

    failed = client.post(reverse("account_login"), {"login": user.email, "password": "wrong-1"})
    assert failed.status_code == 200  # the form again, with its error
    assert not failed.wsgi_request.user.is_authenticated
    signed_in = client.post(
        reverse("account_login"), {"login": user.email, "password": "Lurah-Cideng-2019!"}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("lms:dashboard")).status_code == 200


# A worker killed while sending ------------------------------------------------------------------


class RecordingBackend(BaseEmailBackend):
    """The crash test's email backend (in the worker subprocess): writes every message to a
    file in ``$SELARAS_TEST_MAIL_DIR`` — the SMTP server has it — then, for a subject with
    ``[block]``, blocks until the worker is killed."""

    def send_messages(self, messages):
        folder = Path(os.environ["SELARAS_TEST_MAIL_DIR"])
        for message in messages:
            path = folder / f"{time.time_ns()}-{os.getpid()}.eml"
            path.write_bytes(message.message().as_bytes())
            if "[block]" in message.subject:
                time.sleep(600)
        return len(messages)


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker_env(mail_dir):
    """The test session's database and broker (see ``tests/conftest.py::_test_broker``)."""
    from lms.celery import app

    options = app.conf.broker_transport_options
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings",
        "DATABASE_URL": _database_url(),
        "DJANGO_EMAIL_BACKEND": f"{__name__}.RecordingBackend",
        "SELARAS_TEST_MAIL_DIR": str(mail_dir),
        "PYTHONPATH": str(BASE_DIR),
    }
    env.pop("EMAIL_HOST", None)
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    if django_settings.REDIS_URL:
        env["REDIS_URL"] = django_settings.REDIS_URL  # this test process's database
        env["CELERY_KEY_PREFIX"] = options["global_keyprefix"]
    else:
        env["CELERY_FILESYSTEM_DIR"] = str(Path(options["data_folder_in"]).parent)
    return env


def _start_worker(env, queue, log):
    command = [sys.executable, "-m", "celery", "--app", "lms", "worker", "--pool", "solo"]
    command += ["--queues", queue, "--without-heartbeat", "--without-gossip", "--without-mingle"]
    return subprocess.Popen(
        [*command, "--loglevel", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait(predicate, what, log_path, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} after {seconds}s; worker log:\n{log_path.read_text()[-3000:]}")


def _status(email):
    return OutboundEmail.objects.values_list("status", flat=True).get(pk=email.pk)


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_worker_killed_mid_send_never_sends_twice(tmp_path, settings):
    from core.tasks import email_send_task
    from lms.celery import app

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log_path = tmp_path / "worker.log"
    queue = f"outbox-crash-{os.getpid()}"
    env = _worker_env(mail_dir)
    crash = email_queue(
        key="crash:1",
        recipient="lurah@example.go.id",
        subject="[Selaras] [block] Undangan",
        text="Halo",
        send=False,
    )
    app.conf.task_always_eager = False
    workers = []
    try:
        with open(log_path, "ab") as log:
            workers.append(_start_worker(env, queue, log))
            email_send_task.apply_async(args=[crash.pk], queue=queue)
            # the SMTP server has the message; the worker dies before it can say SENT
            _wait(lambda: any(mail_dir.iterdir()), "no message was recorded", log_path)
            assert _status(crash) == Status.SENDING
            os.kill(workers[0].pid, signal.SIGKILL)
            workers[0].wait(timeout=30)

            # a new worker gets the task again (a redelivery), then a later email
            workers.append(_start_worker(env, queue, log))
            email_send_task.apply_async(args=[crash.pk], queue=queue)
            after = email_queue(
                key="crash:after",
                recipient="camat@example.go.id",
                subject="[Selaras] Sesudahnya",
                text="Halo",
                send=False,
            )
            email_send_task.apply_async(args=[after.pk], queue=queue)
            _wait(lambda: _status(after) == Status.SENT, "the later email was not sent", log_path)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.wait()

    recorded = sorted(path.read_bytes() for path in mail_dir.iterdir())
    assert len(recorded) == 2
    assert sum(b"[block]" in message for message in recorded) == 1
    assert _status(crash) == Status.SENDING  # the redelivered task sent nothing

    settings.SELARAS_OUTBOX_SENDING_TIMEOUT = 0
    assert outbox_sweep()["uncertain"] == 1
    crash.refresh_from_db()
    assert (crash.status, crash.attempts) == (Status.UNCERTAIN, 1)
    assert outbox_sweep()["requeued"] == 0  # never sent again automatically
    assert len(list(mail_dir.iterdir())) == 2
