"""Private files: uploads (rosters, evidence) and generated documents that name people
(certificates). They live in the ``private`` storage, outside MEDIA_ROOT and never served from
where they are stored: they reach people only through views that check who may have them.

Names are random (``RandomName``), so neither an upload's original name nor a guessable
pattern ever becomes a path.
"""

import secrets
from pathlib import PurePosixPath

from django.core.files.storage import storages
from django.utils import timezone
from django.utils.deconstruct import deconstructible


def private_storage():
    """The storage for private files (``STORAGES["private"]``), for ``FileField(storage=...)``."""
    return storages["private"]


@deconstructible
class RandomName:
    """``upload_to`` for private files: ``<folder>/<year>/<month>/<random><.ext>``; only the
    lower-cased extension of the given name is kept."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename or "").suffix.lower()
        if not suffix[1:].isalnum() or len(suffix) > 6:
            suffix = ""
        now = timezone.now()
        return f"{self.folder}/{now:%Y/%m}/{secrets.token_urlsafe(18)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder
