"""What the content app listens to, to keep its cached reads true: a page view restriction
added, changed or removed makes ``cms.models.view_restrictions_exist`` ask the database again;
a lesson published, unpublished, moved or deleted drops its module's cached lesson list."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.models import VIEW_RESTRICTIONS_KEY, LessonPage, ModulePage
from cms.selectors import module_lessons_key


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="cms.view_restrictions_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="cms.view_restrictions_deleted")
def forget_view_restrictions(sender, **kwargs):
    cache.delete(VIEW_RESTRICTIONS_KEY)


@receiver(page_published, sender=LessonPage, dispatch_uid="cms.lesson_published")
@receiver(page_unpublished, sender=LessonPage, dispatch_uid="cms.lesson_unpublished")
@receiver(post_delete, sender=LessonPage, dispatch_uid="cms.lesson_deleted")
@receiver(post_page_move, sender=LessonPage, dispatch_uid="cms.lesson_moved")
def forget_module_lessons(sender, instance, **kwargs):
    """A lesson changed: its module's cached list of lessons (``cms.selectors``) is dropped;
    after a move, its old module's too."""
    parent_before = kwargs.get("parent_page_before")
    modules = [instance.path[: -instance.steplen]]
    if parent_before is not None:
        modules.append(parent_before.path)
    ids = ModulePage.objects.filter(path__in=modules).values_list("pk", flat=True)
    cache.delete_many([module_lessons_key(pk) for pk in ids])
