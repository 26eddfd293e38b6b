"""Background jobs of case studies: each takes a primary key and calls one service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from casestudies.services.collection import collection_book_build

TRANSIENT_ERRORS = (OperationalError, InterfaceError, TimeoutError, ConnectionError)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def collection_book_build_task(self, collection_book_id):
    """Build a programme's collection book; does nothing once it is built or while a live
    worker builds it."""
    collection_book_build(collection_book_id=collection_book_id)
