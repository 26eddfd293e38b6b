"""Background jobs sent from services: after commit, by the task's registered name.

Tasks take primary keys and call a service; a service that starts work in the background names
the task instead of importing its module (the task module imports the services, so the other
way round would be an import circle), exactly as Celery addresses tasks between processes.
``tests/core/test_jobs.py`` checks that every name sent is a registered task.

Sending happens after the transaction commits, so a rolled-back transaction sends nothing. A
broker that cannot be reached is logged, not raised: the request that saved the work succeeds,
the work stays pending in its status row, and the periodic sweep (``core.tasks``) sends it
again later. That holds for every job with a status row: outbox emails, session notices,
certificates, imports.
"""

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, ConnectionError, TimeoutError)


def task_named(name: str):
    """The registered task ``name``; task modules are loaded the first time one is asked for."""
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()
    return tasks[name]


def enqueue(name: str, *args) -> bool:
    """Send task ``name`` with ``args`` now. Returns False when the broker could not be
    reached (logged; the sweep will send the work again)."""
    task = task_named(name)
    if current_app.conf.task_always_eager:
        task.delay(*args)  # runs here and now; its errors are the caller's to see
        return True
    try:
        task.delay(*args)
    except BROKER_ERRORS:
        logger.warning("Broker unreachable: %s%r left for the sweep", name, args, exc_info=True)
        return False
    return True


def enqueue_on_commit(name: str, *args) -> None:
    """Send task ``name`` with ``args`` once the current transaction commits (at once outside
    one); nothing is sent when it rolls back."""
    transaction.on_commit(lambda: enqueue(name, *args))


def enqueue_each(name: str, args_list) -> int:
    """Send task ``name`` once for each item of ``args_list`` (a pk or a tuple of args), now;
    stops at the first broker failure (the next sweep tries again). Returns how many went."""
    sent = 0
    for args in args_list:
        if not enqueue(name, *(args if isinstance(args, tuple) else (args,))):
            break
        sent += 1
    return sent
