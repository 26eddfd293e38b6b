"""Reads of shared practices: the feed (published posts, featured first, then newest), a
participant's own posts, one post with its photos."""

from django.db.models import F, QuerySet

from cohorts.selectors import units_under_q
from lms.models import PracticePost


def _with_related(posts: QuerySet) -> QuerySet:
    return posts.select_related("author", "unit", "theme").prefetch_related("photos")


def practice_list_feed(*, theme_slug: str = "", region_code: str = "") -> QuerySet[PracticePost]:
    """Published posts, featured first (most recently featured first), then newest; narrowed
    to a theme and to a region (a region takes every unit under it)."""
    posts = PracticePost.objects.filter(status=PracticePost.Status.PUBLISHED)
    if theme_slug:
        posts = posts.filter(theme__slug=theme_slug)
    if region_code:
        posts = posts.filter(units_under_q([region_code]))
    return _with_related(posts).order_by(
        F("featured_at").desc(nulls_last=True), "-created_at", "-pk"
    )


def practice_list_for_author(*, participant) -> QuerySet[PracticePost]:
    return _with_related(PracticePost.objects.filter(author=participant)).order_by(
        "-created_at", "-pk"
    )


def practice_list_for_moderation(*, status: str = "") -> QuerySet[PracticePost]:
    posts = PracticePost.objects.all()
    if status:
        posts = posts.filter(status=status)
    return _with_related(posts).select_related("moderated_by", "featured_by")


def practice_get(*, pk: int) -> PracticePost | None:
    return (
        _with_related(PracticePost.objects.filter(pk=pk))
        .select_related("moderated_by", "featured_by")
        .first()
    )
