"""Reads of the content tree that many pages repeat, kept in the cache: the live lessons of a
module (title, URL, duration). ``cms.receivers`` forgets a module's list whenever one of its
lessons is published, unpublished, moved or deleted, so an editor's change shows at once."""

from django.core.cache import cache
from django.db.models import Q

from cms.models import LessonPage

LESSON_FIELDS = ("pk", "title", "path", "depth", "url_path", "duration_minutes", "summary")
TIMEOUT = 24 * 3600


def module_lessons_key(module_id: int) -> str:
    return f"cms:module-lessons:{module_id}"


def module_lessons(module) -> list:
    """The module's live lessons in order (LessonPage objects with ``LESSON_FIELDS`` only)."""
    return modules_lessons([module])[module.pk]


def modules_lessons(modules) -> dict:
    """{module pk: its live lessons} for many modules: one cache read, and one query for the
    modules whose lists are not cached."""
    keys = {module_lessons_key(module.pk): module for module in modules}
    found = cache.get_many(list(keys))
    result = {keys[key].pk: lessons for key, lessons in found.items()}
    missing = [module for key, module in keys.items() if key not in found]
    if missing:
        fetched = {module.pk: [] for module in missing}
        by_path = {module.path: module for module in missing}
        under = Q(pk__in=[])
        for module in missing:
            under |= Q(path__startswith=module.path, depth=module.depth + 1)
        lessons = LessonPage.objects.live().filter(under).only(*LESSON_FIELDS).order_by("path")
        for lesson in lessons:
            fetched[by_path[lesson.path[: -lesson.steplen]].pk].append(lesson)
        cache.set_many({module_lessons_key(pk): items for pk, items in fetched.items()}, TIMEOUT)
        result.update(fetched)
    return result
