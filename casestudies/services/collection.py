"""The digital collection's book of a programme (``CollectionBook``): queued by an organiser,
built by ``casestudies.tasks.collection_book_build_task`` with its progress, stored privately
and downloaded through a view that checks who asks.

A build is safe to run twice (a redelivered task, a retry): it locks the row and returns
early when the book is ready or failed, or is being built by a worker that shows progress
(its row changed within ``SELARAS_IMPORT_STALE_MINUTES``); a build whose worker was lost is
taken over, and of two builds that both finish, the second discards its file. Queuing while
a live build of the same programme is waiting or running returns that one instead of a
second. A book once ready deletes the files of the programme's older books."""

import datetime
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from casestudies.documents.collection_book import BookData, BookPaper, BookPhoto, render_book
from casestudies.models import CaseStudy, CollectionBook
from casestudies.selectors import collection_book_case_studies, collection_list
from cms.models import ProgrammePage
from core.formatting import date_range
from core.images import image_web_version
from core.jobs import enqueue_on_commit

logger = logging.getLogger(__name__)
BUILD_TASK = "casestudies.tasks.collection_book_build_task"
# Photos in the book: 1000 px on the longer side (≈ 280 dpi at the book's half-page width),
# made from the 1600 px web version (no metadata), so the PDF stays a few times smaller
BOOK_PHOTO_SIZE = 1000
Status = CollectionBook.Status


def collection_book_stale(book: CollectionBook, *, now=None) -> bool:
    """Whether a book still waiting or being built has shown no sign of life for
    ``SELARAS_IMPORT_STALE_MINUTES`` (its job was probably lost)."""
    before = (now or timezone.now()) - datetime.timedelta(
        minutes=settings.SELARAS_IMPORT_STALE_MINUTES
    )
    return book.running and book.updated_at < before


@transaction.atomic
def collection_book_queue(*, programme: ProgrammePage, by=None) -> CollectionBook:
    """A new book of ``programme``'s accepted and presented case studies; its build is sent
    after commit. While a live build of the programme waits or runs, that one is returned
    and nothing is written."""
    ProgrammePage.objects.select_for_update().filter(pk=programme.pk).exists()
    live = [
        book
        for book in CollectionBook.objects.filter(
            programme=programme, status__in=(Status.PENDING, Status.RUNNING)
        )
        if not collection_book_stale(book)
    ]
    if live:
        return live[0]
    book = CollectionBook.objects.create(
        programme=programme,
        requested_by=by,
        progress_total=collection_list(programme=programme).count(),
    )
    enqueue_on_commit(BUILD_TASK, book.pk)
    return book


def collection_authors(case_study: CaseStudy) -> str:
    """The authors of a case study loaded by ``collection_book_case_studies``, as one line
    (a group: its name and its current members)."""
    if case_study.group_id is None:
        return case_study.author.name if case_study.author else ""
    names = sorted(m.participant.name for m in case_study.group.current_memberships)
    return f"{case_study.group.name}: " + ", ".join(names)


def _book_paper(case_study: CaseStudy, folder: Path) -> BookPaper:
    sections: dict[str, list[BookPhoto]] = {}
    for photo in case_study.photos.all():
        path = folder / f"{photo.pk}.jpg"
        try:
            with photo.large.open("rb") as source:
                path.write_bytes(image_web_version(source, size=BOOK_PHOTO_SIZE))
        except FileNotFoundError:
            logger.warning("Web version of photo %s missing: left out of the book", photo.pk)
            continue
        with Image.open(path) as image:
            width, height = image.size
        sections.setdefault(photo.category.name, []).append(
            BookPhoto(path=str(path), width=width, height=height, caption=photo.caption)
        )
    visit = ""
    if case_study.visit_starts:
        dates = date_range(case_study.visit_starts, case_study.visit_ends)
        visit = f"{case_study.visit_place} {dates}"
    return BookPaper(
        title=case_study.title,
        kind=str(case_study.get_kind_display()),
        theme=case_study.theme.name if case_study.theme else "",
        authors=collection_authors(case_study),
        visit=visit.strip(),
        summary=case_study.summary,
        sections=list(sections.items()),
    )


def collection_book_build(*, collection_book_id: int) -> CollectionBook:
    """Build the book's PDF into the private storage and mark it READY; on an error, FAILED
    with a message (and the error raised again). Progress (papers prepared) is committed as it
    goes, so this runs outside one transaction: the row is locked only to start and to
    finish. Returns the book as it ends."""
    with transaction.atomic():
        book = (
            CollectionBook.objects.select_for_update()
            .select_related("programme")
            .get(pk=collection_book_id)
        )
        if book.status == Status.RUNNING and not collection_book_stale(book):
            return book  # another worker is on it
        if not book.may_become(Status.RUNNING):
            return book  # ready or failed: done
        book.set_status(Status.RUNNING)
        book.progress_done = 0
        book.save(update_fields=["status", "progress_done", "updated_at"])

    def progress(done, total):
        CollectionBook.objects.filter(pk=book.pk, status=Status.RUNNING).update(
            progress_done=done, progress_total=total, updated_at=timezone.now()
        )

    programme = book.programme
    try:
        case_studies = collection_book_case_studies(programme=programme)
        total = len(case_studies) + 1  # the last step: laying the book out
        progress(0, total)
        with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as out:
            data = BookData(
                programme_title=programme.title,
                organiser=programme.organiser,
                generated_on=timezone.localdate(),
            )
            for done, case_study in enumerate(case_studies, start=1):
                data.papers.append(_book_paper(case_study, Path(folder)))
                progress(done, total)
            render_book(out, data)
            out.seek(0)
            book.file.save("koleksi.pdf", File(out, name="koleksi.pdf"), save=False)
    except Exception as error:
        _finish(
            book.pk,
            Status.FAILED,
            message=_("The book could not be built: %(error)s")
            % {"error": error.__class__.__name__},
        )
        raise
    return _finish(book.pk, Status.READY, name=book.file.name, total=total)


@transaction.atomic
def _finish(pk, status, *, name="", total=0, message="") -> CollectionBook:
    book = CollectionBook.objects.select_for_update().get(pk=pk)
    storage = CollectionBook._meta.get_field("file").storage
    if book.status != Status.RUNNING:  # another build finished first: keep its file
        if name:
            transaction.on_commit(lambda: storage.delete(name))
        return book
    book.set_status(status)
    book.file.name = name
    book.message = message
    book.finished_at = timezone.now()
    if status == Status.READY:
        book.progress_done = book.progress_total = total
        # one book per programme is kept: the older ones' files go once this one is ready
        older = (
            CollectionBook.objects.filter(
                programme_id=book.programme_id, created_at__lte=book.created_at
            )
            .exclude(pk=book.pk)
            .exclude(file="")
        )
        replaced = list(older.values_list("file", flat=True))
        older.update(file="")
        transaction.on_commit(lambda: [storage.delete(old) for old in replaced])
    book.save()
    return book
