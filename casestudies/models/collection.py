"""The digital collection's printable book of a programme, built in the background.

A ``CollectionBook`` is the PDF of one programme's accepted (and presented) case studies —
cover, contents, each paper's summary and its photos by category — requested by an organiser,
built by ``casestudies.tasks.collection_book_build_task`` with its progress in
``progress_done`` / ``progress_total``, stored privately and downloaded through a view that
checks who asks (``casestudies.admin.collection``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle
from core.storage import RandomName, private_storage


class CollectionBook(Lifecycle, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    TRANSITIONS = {
        Status.PENDING: {Status.RUNNING, Status.FAILED},
        # RUNNING → RUNNING: a build whose worker was lost is taken over (see the service)
        Status.RUNNING: {Status.RUNNING, Status.READY, Status.FAILED},
        Status.READY: set(),
        Status.FAILED: set(),
    }
    transition_error = _("A collection book cannot go from %(old)s to %(new)s.")

    programme = models.ForeignKey(
        "cms.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="collection_books",
    )
    status = models.CharField(
        _("status"), max_length=7, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=RandomName("koleksi"), blank=True
    )
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("collection book")
        verbose_name_plural = _("collection books")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.programme_id}: {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)
