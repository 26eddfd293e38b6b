"""Cohort membership: rule-based filling with manual additions and removals; every stay is
kept as history."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort, CohortMembership, CohortOverride, Participant, Region, Theme
from cohorts.selectors import units_under_q


def cohort_rule_queryset(cohort: Cohort) -> QuerySet[Participant] | None:
    """The participants the cohort's rules select, or None when it has no rule.

    Rules combine with AND; within one rule any listed value matches. A region matches the
    units in or under it, by its Kemendagri code prefix.
    """
    positions = list(cohort.rule_positions or [])
    region_codes = list(cohort.rule_regions.values_list("code", flat=True))
    theme_ids = list(cohort.rule_themes.values_list("pk", flat=True))
    if not (positions or region_codes or theme_ids):
        return None
    queryset = Participant.objects.all()
    if positions:
        queryset = queryset.filter(position__in=positions)
    if region_codes:
        queryset = queryset.filter(units_under_q(region_codes))
    if theme_ids:
        queryset = queryset.filter(theme_id__in=theme_ids)
    return queryset


def _close(memberships, *, by, reason):
    memberships.update(left_at=timezone.now(), removed_by=by, leave_reason=reason[:255])


def _open(cohort, participant_ids, *, source, by):
    CohortMembership.objects.bulk_create(
        [
            CohortMembership(cohort=cohort, participant_id=pk, source=source, added_by=by)
            for pk in sorted(participant_ids)
        ]
    )


@transaction.atomic
def cohort_apply_rules(*, cohort: Cohort, by: AbstractBaseUser | None = None) -> dict:
    """Bring the cohort's members in line with its rules and overrides.

    Members = rule matches ∪ manual inclusions − manual exclusions. Leavers' memberships are
    closed (kept, with the date and reason) rather than deleted; newcomers get a new stay.
    Without a rule only the manual members remain. Returns {"added": n, "removed": n}.
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    overrides = dict(cohort.overrides.values_list("participant_id", "action"))
    included = {pk for pk, action in overrides.items() if action == CohortOverride.Action.INCLUDE}
    excluded = {pk for pk, action in overrides.items() if action == CohortOverride.Action.EXCLUDE}
    active = cohort.memberships.active()
    current = dict(active.values_list("participant_id", "source"))
    rule = cohort_rule_queryset(cohort)
    if rule is None:
        # no rule: manual members stay, rule-made ones go
        matched = {pk for pk, source in current.items() if source == CohortMembership.Source.MANUAL}
    else:
        matched = set(rule.values_list("pk", flat=True))
    wanted = (matched | included) - excluded
    leaving = set(current) - wanted
    _close(
        active.filter(participant_id__in=leaving),
        by=by,
        reason=_("No longer matches the cohort's rules."),
    )
    _open(cohort, (matched - excluded) - set(current) - included, source="rule", by=by)
    _open(cohort, included - set(current), source="manual", by=by)
    cohort.rules_applied_at = timezone.now()
    cohort.save(update_fields=["rules_applied_at"])
    return {"added": len(wanted - set(current)), "removed": len(leaving)}


@transaction.atomic
def cohort_member_add(
    *,
    cohort: Cohort,
    participant: Participant,
    by: AbstractBaseUser | None = None,
    reason: str = "",
) -> CohortMembership:
    """Add a participant by hand; the addition survives re-applying the rules."""
    CohortOverride.objects.update_or_create(
        cohort=cohort,
        participant=participant,
        defaults={"action": CohortOverride.Action.INCLUDE, "reason": reason, "created_by": by},
    )
    membership = cohort.memberships.active().filter(participant=participant).first()
    if membership:
        return membership
    return CohortMembership.objects.create(
        cohort=cohort, participant=participant, source=CohortMembership.Source.MANUAL, added_by=by
    )


@transaction.atomic
def cohort_member_remove(
    *,
    cohort: Cohort,
    participant: Participant,
    by: AbstractBaseUser | None = None,
    reason: str = "",
) -> bool:
    """Remove a participant by hand: the stay is closed (history kept) and the rules will not
    bring them back. Returns False when they were not a member."""
    CohortOverride.objects.update_or_create(
        cohort=cohort,
        participant=participant,
        defaults={"action": CohortOverride.Action.EXCLUDE, "reason": reason, "created_by": by},
    )
    stays = cohort.memberships.active().filter(participant=participant)
    found = stays.exists()
    _close(stays, by=by, reason=reason or _("Removed by an organiser."))
    return found


@transaction.atomic
def cohort_override_clear(
    *, cohort: Cohort, participant: Participant, by: AbstractBaseUser | None = None
):
    """Forget a manual addition or removal, then let the rules decide again."""
    cohort.overrides.filter(participant=participant).delete()
    cohort_apply_rules(cohort=cohort, by=by)


@transaction.atomic
def cohort_set_members(
    *, cohort: Cohort, participants: Iterable[Participant], by: AbstractBaseUser | None = None
) -> dict:
    """Make the cohort's members exactly ``participants`` (the admin's member list).

    Differences from the current members become manual additions and removals, so the next
    rule run keeps them; stayers keep their joined date. Returns {"added", "removed"}.
    """
    wanted = {participant.pk for participant in participants}
    current = set(cohort.memberships.active().values_list("participant_id", flat=True))
    adding, removing = wanted - current, current - wanted
    for pks, action in ((adding, CohortOverride.Action.INCLUDE), (removing, "exclude")):
        cohort.overrides.filter(participant_id__in=pks).delete()
        CohortOverride.objects.bulk_create(
            [
                CohortOverride(cohort=cohort, participant_id=pk, action=action, created_by=by)
                for pk in sorted(pks)
            ]
        )
    _close(
        cohort.memberships.active().filter(participant_id__in=removing),
        by=by,
        reason=_("Removed by an organiser."),
    )
    _open(cohort, adding, source=CohortMembership.Source.MANUAL, by=by)
    return {"added": len(adding), "removed": len(removing)}


@transaction.atomic
def cohort_save(
    *,
    cohort: Cohort,
    rule_regions: Iterable[Region] | None = None,
    rule_themes: Iterable[Theme] | None = None,
    members: Iterable[Participant] | None = None,
    by: AbstractBaseUser | None = None,
) -> Cohort:
    """Save a cohort (new or changed) with its rules, its hand-picked members, and apply the
    rules — in one transaction, so a failure anywhere leaves the cohort as it was.

    ``cohort`` carries its fields and ``rule_positions``; ``rule_regions`` and ``rule_themes``
    replace the stored ones (None: unchanged). ``members``, when given, becomes the member
    list as ``cohort_set_members`` makes it (differences are manual decisions the rules keep).
    Refuses unknown positions and invalid fields (ValidationError keyed by field).
    Side effects: memberships opened and closed (by ``by``), ``rules_applied_at`` set.
    """
    positions = list(cohort.rule_positions or [])
    unknown = sorted(set(positions) - set(Participant.Position.values))
    if unknown:
        raise ValidationError(
            {"rule_positions": [_("Unknown position: %(value)s.") % {"value": ", ".join(unknown)}]}
        )
    cohort.rule_positions = positions
    cohort.full_clean()
    if cohort.pk is not None:
        Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    cohort.save()
    if rule_regions is not None:
        cohort.rule_regions.set(rule_regions)
    if rule_themes is not None:
        cohort.rule_themes.set(rule_themes)
    if members is not None:
        cohort_set_members(cohort=cohort, participants=members, by=by)
    cohort_apply_rules(cohort=cohort, by=by)
    cohort.refresh_from_db(fields=["rules_applied_at"])
    return cohort
