"""Private files: uploads (rosters, evidence) and generated documents that name people
(certificates). They live in the ``private`` storage, outside MEDIA_ROOT and never served from
where they are stored: they reach people only through views that check who may have them.

``PrivateStorage`` has no URL at all, so no template or serializer can link to a private file
by mistake. Names are random (``RandomName``), so neither an upload's original name nor a
guessable pattern ever becomes a path.
"""

import secrets
from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    """``STORAGES["private"]`` looked up when first used and again after the setting changes
    (as Django's ``default_storage``): a FileField evaluates its storage once, at import."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """The storage for private files (``STORAGES["private"]``), for ``FileField(storage=...)``."""
    return _private


class PrivateStorage(FileSystemStorage):
    """Files on disk (``location``, outside MEDIA_ROOT) without a public address: ``url()``
    raises, where ``FileSystemStorage`` would answer a MEDIA_URL address."""

    def url(self, name):
        raise ValueError("A private file has no public URL: serve it through a view that checks.")


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
