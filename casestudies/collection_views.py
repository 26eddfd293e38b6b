"""The digital collection on the site: the gallery of accepted (and presented) case studies
with filters and search, the photo wall, one output's page, and their files. Shared with the
programmes' participants and staff (``may_view_collection``); a draft or a case study in
review answers "not found", so an id reveals nothing.

Only web versions are shown: re-encoded JPEGs without any metadata, so no position leaves
the reviewers (the originals, EXIF and all, stay behind ``casestudies.views``)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache

from casestudies.forms import CollectionFilterForm
from casestudies.permissions import may_view_collected, may_view_collection
from casestudies.selectors import (
    case_study_authors,
    case_study_get,
    collection_cohorts,
    collection_list,
    collection_photo_list,
    photo_categories,
    photo_get,
)
from casestudies.services.photos import LARGE, THUMBNAIL
from cohorts.models import Theme
from core.files import CONTENT_TYPES, stored_file_response, web_photo_response

GALLERY_PAGE_SIZE = 24
WALL_PAGE_SIZE = 48
SIZES = {"besar": LARGE, "kecil": THUMBNAIL}


def _refused(request):
    return render(request, "casestudies/collection/refused.html", status=403)


def web_size(width: int, height: int, size: int) -> tuple[int, int]:
    """The size of a web version fitting ``size`` × ``size`` of a ``width`` × ``height``
    photo (for the ``<img>``'s width and height, so the page does not jump as it loads)."""
    if not width or not height:
        return size, size * 3 // 4
    scale = min(1, size / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


class _Urls:
    """The addresses of many photos and outputs on one page, from one ``reverse`` each (a
    reverse per photo was a fifth of the photo wall's time): they differ only by the pk."""

    def __init__(self):
        self.image = reverse("casestudies:collection_image", args=[0, "kecil"]).replace(
            "/0/kecil.jpg", "/{pk}/{size}.jpg"
        )
        self.detail = reverse("casestudies:collection_detail", args=[0]).replace("/0/", "/{pk}/")

    def img(self, pk, width, height, size: str) -> dict:
        """What an ``<img>`` of a web version needs: its address, width and height."""
        shown = web_size(width, height, SIZES[size])
        return {"src": self.image.format(pk=pk, size=size), "width": shown[0], "height": shown[1]}


def _page(request, items, size):
    return Paginator(items, size).get_page(request.GET.get("halaman"))


def _query_string(request) -> str:
    """The filters of this request, for the pager's links."""
    query = request.GET.copy()
    query.pop("halaman", None)
    return query.urlencode()


@never_cache
@login_required
def collection_index(request):
    if not may_view_collection(request.user):
        return _refused(request)
    form = CollectionFilterForm(
        request.GET or None,
        cohorts=collection_cohorts(),
        themes=Theme.objects.order_by("sort_order", "name"),
        categories=photo_categories(),
    )
    filters = form.filters()
    if "q" in filters:
        filters["query"] = filters.pop("q")
    page = _page(request, collection_list(**filters), GALLERY_PAGE_SIZE)
    urls = _Urls()
    for case_study in page:
        if case_study.cover_id:
            case_study.cover = urls.img(
                case_study.cover_id, case_study.cover_width, case_study.cover_height, "kecil"
            )
    return render(
        request,
        "casestudies/collection/index.html",
        {"form": form, "page": page, "query_string": _query_string(request)},
    )


@never_cache
@login_required
def collection_photos(request):
    if not may_view_collection(request.user):
        return _refused(request)
    form = CollectionFilterForm(
        request.GET or None,
        cohorts=collection_cohorts(),
        themes=Theme.objects.none(),
        categories=photo_categories(),
        fields=("category", "cohort"),
    )
    page = _page(request, collection_photo_list(**form.filters()), WALL_PAGE_SIZE)
    urls = _Urls()
    for photo in page:
        photo.img = urls.img(photo.pk, photo.width, photo.height, "kecil")
        photo.detail_url = urls.detail.format(pk=photo.case_study_id)
    return render(
        request,
        "casestudies/collection/photos.html",
        {"form": form, "page": page, "query_string": _query_string(request)},
    )


def _collected(request, pk):
    case_study = case_study_get(pk=pk)
    if case_study is None or not may_view_collected(request.user, case_study):
        raise Http404
    return case_study


@never_cache
@login_required
def collection_detail(request, pk):
    case_study = _collected(request, pk)
    photos = list(
        collection_photo_list()
        .filter(case_study=case_study)
        .order_by("category__sort_order", "uploaded_at", "pk")
    )
    urls = _Urls()
    for photo in photos:
        photo.img = urls.img(photo.pk, photo.width, photo.height, "besar")
    return render(
        request,
        "casestudies/collection/detail.html",
        {"case_study": case_study, "photos": photos, "authors": case_study_authors(case_study)},
    )


@never_cache
@login_required
def collection_paper(request, pk):
    """The paper of an output of the collection, as an attachment."""
    case_study = _collected(request, pk)
    if not case_study.paper:
        raise Http404
    return stored_file_response(
        case_study.paper,
        content_type=CONTENT_TYPES[case_study.paper_format],
        filename=f"makalah-{case_study.pk}.{case_study.paper_format}",
    )


@cache_control(private=True, max_age=86400)
@login_required
def collection_image(request, pk, size):
    """A web version of a photo of the collection (no metadata), inline. Kept a day in the
    browser's private cache: a collected case study's photos no longer change."""
    if size not in SIZES:
        raise Http404
    photo = photo_get(pk=pk)
    if photo is None or not may_view_collected(request.user, photo.case_study):
        raise Http404
    return web_photo_response(photo, size)
