"""Themes (rawan banjir, kebakaran, ...): editable data that participants, cohorts and cohort
rules point at."""

from django.db import transaction
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Participant, Theme
from core.errors import DomainError


@transaction.atomic
def theme_save(*, theme: Theme) -> Theme:
    """Validate (ValidationError keyed by field: name and slug unique) and save ``theme``, new
    or changed. A rename shows everywhere at once: nothing copies the name. No side effect."""
    theme.full_clean()
    theme.save()
    return theme


def theme_delete_check(*, theme: Theme) -> None:
    """Refuse (DomainError saying who uses it) to delete a theme that participants, cohorts or
    cohort rules use: deleting it would silently clear participants' themes and drop cohort
    rules (and a cohort's own theme is protected). Reads only."""
    uses = []
    participants = Participant.objects.filter(theme=theme).count()
    if participants:
        uses.append(_("%(count)d participant(s)") % {"count": participants})
    cohorts = sorted(
        {
            *Cohort.objects.filter(theme=theme).values_list("name", flat=True),
            *Cohort.objects.filter(rule_themes=theme).values_list("name", flat=True),
        }
    )
    if cohorts:
        uses.append(_("cohort(s) %(names)s") % {"names": ", ".join(cohorts)})
    if uses:
        raise DomainError(
            _("The theme “%(theme)s” is in use by %(uses)s: it cannot be deleted.")
            % {"theme": theme.name, "uses": "; ".join(uses)}
        )


@transaction.atomic
def theme_delete(*, theme: Theme) -> None:
    """Delete an unused theme; refused as ``theme_delete_check`` says otherwise."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    theme_delete_check(theme=theme)
    theme.delete()
