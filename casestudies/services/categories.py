"""Editable lists: photo categories (trotoar, perlakuan pohon, sungai, ...) that photos point
at, and the criteria of the rubric that scores point at."""

from django.db import transaction
from django.utils.translation import gettext as _

from casestudies.models import EvidencePhoto, PhotoCategory, RubricCriterion
from core.errors import DomainError


@transaction.atomic
def photo_category_save(*, category: PhotoCategory) -> PhotoCategory:
    """Validate (ValidationError keyed by field: name and slug unique) and save. A rename
    shows everywhere at once: nothing copies the name."""
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def photo_category_delete(*, category: PhotoCategory) -> None:
    """Delete a category no photo uses; refused (DomainError) otherwise."""
    category = PhotoCategory.objects.select_for_update().get(pk=category.pk)
    used = EvidencePhoto.objects.filter(category=category).count()
    if used:
        raise DomainError(
            _("The category “%(name)s” is used by %(count)d photo(s): it cannot be deleted.")
            % {"name": category.name, "count": used}
        )
    category.delete()


@transaction.atomic
def rubric_criterion_save(*, criterion: RubricCriterion) -> RubricCriterion:
    """Validate (ValidationError keyed by field: a unique name, a weight of 1–100) and save.
    Scores already given keep their levels; a changed weight changes the scores computed from
    them, and a new criterion leaves earlier scores incomplete until their reviewers score it.
    Criteria are never deleted (scores point at them)."""
    criterion.full_clean()
    criterion.save()
    return criterion
