"""The digital collection in the admin (organisers): per programme, its PDF book — built in
the background with its progress (``CollectionBook``), kept privately, downloaded through a
view that checks who asks — and a ZIP of its accepted outputs (papers and original photos).

The ZIP is streamed as it is written rather than built by a job: it only copies files that
are already compressed (stored entries, no deflating), so it costs I/O, not CPU; the first
bytes leave at once, memory stays flat (1 MiB chunks), and no second copy of every original
photo waits on disk for a retention sweep. The book needs a job: reportlab lays out every
photo (twice, for the contents' page numbers) before the first byte exists."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from casestudies.documents.collection_zip import collection_zip_stream
from casestudies.models import CollectionBook
from casestudies.permissions import may_build_collection
from casestudies.selectors import collection_book_case_studies
from casestudies.services.collection import (
    collection_authors,
    collection_book_queue,
    collection_book_stale,
)
from cms.models import ProgrammePage

BOOKS_SHOWN = 3


class _OrganisersOnly:
    def dispatch(self, request, *args, **kwargs):
        if not may_build_collection(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CollectionIndexView(_OrganisersOnly, WagtailAdminTemplateMixin, TemplateView):
    """Every programme with its latest books and the buttons to build one and export a ZIP."""

    template_name = "casestudies/admin/collection.html"
    page_title = gettext_lazy("Digital collection")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        programmes = list(ProgrammePage.objects.order_by("title"))
        books: dict[int, list] = {}
        for book in CollectionBook.objects.select_related("requested_by").order_by(
            "-created_at", "-pk"
        ):
            shown = books.setdefault(book.programme_id, [])
            if len(shown) < BOOKS_SHOWN:
                book.stale = collection_book_stale(book)
                shown.append(book)
        for programme in programmes:
            programme.books = books.get(programme.pk, [])
        return super().get_context_data(
            programmes=programmes,
            running=any(b.running and not b.stale for bs in books.values() for b in bs),
            **kwargs,
        )


class CollectionBookCreateView(_OrganisersOnly, View):
    """POST: queue the book of a programme, then back to the list, which follows its
    progress."""

    def post(self, request, pk):
        programme = get_object_or_404(ProgrammePage, pk=pk)
        collection_book_queue(programme=programme, by=request.user)
        messages.success(
            request, _("The book is being built; it can be downloaded here once it is ready.")
        )
        return redirect("casestudies_collection:index")


class CollectionBookStatusView(_OrganisersOnly, View):
    """A book's progress as JSON for ``static/js/progress.js``."""

    def get(self, request, pk):
        book = get_object_or_404(CollectionBook, pk=pk)
        return JsonResponse(
            {
                "done": not book.running,
                "value": book.progress_done,
                "max": book.progress_total,
                "text": _("%(done)s of %(total)s steps")
                % {"done": book.progress_done, "total": book.progress_total},
            }
        )


class CollectionBookDownloadView(_OrganisersOnly, View):
    def get(self, request, pk):
        book = get_object_or_404(CollectionBook, pk=pk, status=CollectionBook.Status.READY)
        if not book.file:
            raise Http404
        try:
            file = book.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        stamp = timezone.localtime(book.finished_at or book.created_at).strftime("%Y%m%d")
        response = FileResponse(
            file,
            as_attachment=True,
            filename=f"koleksi-{book.programme_id}-{stamp}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "no-store"
        return response


class CollectionZipView(_OrganisersOnly, View):
    """A programme's accepted outputs as a ZIP, streamed as it is written."""

    def get(self, request, pk):
        programme = get_object_or_404(ProgrammePage, pk=pk)
        case_studies = collection_book_case_studies(programme=programme)
        response = StreamingHttpResponse(
            collection_zip_stream(case_studies, authors_of=collection_authors),
            content_type="application/zip",
        )
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="koleksi-{programme.pk}-{stamp}.zip"'
        )
        response["Cache-Control"] = "no-store"
        return response


class CollectionMenuItem(MenuItem):
    def is_shown(self, request):
        return may_build_collection(request.user)


class CollectionViewSet(ViewSet):
    """The collection's book and ZIP per programme. Lives under Case studies."""

    name = "collection"
    icon = "doc-full"
    menu_label = gettext_lazy("Digital collection")
    menu_order = 400
    url_prefix = "koleksi-studi-kasus"
    url_namespace = "casestudies_collection"

    @property
    def menu_item_class(self):
        return CollectionMenuItem

    def get_urlpatterns(self):
        return [
            path("", CollectionIndexView.as_view(), name="index"),
            path("<int:pk>/buku/", CollectionBookCreateView.as_view(), name="book_create"),
            path("buku/<int:pk>/status/", CollectionBookStatusView.as_view(), name="status"),
            path("buku/<int:pk>/unduh/", CollectionBookDownloadView.as_view(), name="download"),
            path("<int:pk>/zip/", CollectionZipView.as_view(), name="zip"),
        ]
