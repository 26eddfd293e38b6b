"""The Celery application.

House rules for tasks (see STYLE.md): tasks take primary keys, load the row and call one service;
they are enqueued with ``transaction.on_commit``; every side-effecting task keeps a status row,
locks it and returns early when the work is already done, so ``acks_late`` redelivery is safe.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

app = Celery("selaras")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_time_limit=600,
    task_soft_time_limit=540,
    broker_connection_retry_on_startup=True,
    timezone="Asia/Jakarta",
    enable_utc=True,
)
app.autodiscover_tasks()
