"""Presentations: scheduling a slot for an accepted case study, its panel, marking it held
(the case study becomes presented) or cancelled, and the panellists' rubric scores. The only
code that saves a ``PresentationSlot``, ``PanelMember`` or ``PanelScore``.

Lock order: the slot's room, then the case study, so two organisers booking the same room
wait for each other before the overlap is checked."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies.models import CaseStudy, PanelMember, PanelScore, PresentationSlot, RubricCriterion
from casestudies.models.reviews import LEVELS, ReviewAssignment
from casestudies.permissions import may_panel_score
from casestudies.selectors import case_study_is_author, review_conflicts, reviewers
from casestudies.services.case_studies import case_study_set_status
from cohorts.models import Room, SessionDay
from cohorts.selectors import participant_get_for_user
from core.errors import DomainError

Slot = PresentationSlot.Status
# The panel is held to the strictest rule: no relation exempts a panellist.
PANEL_ROLE = ReviewAssignment.Role.PENGUJI


def _overlapping(*, day: SessionDay, starts: datetime.time, ends: datetime.time):
    return PresentationSlot.objects.filter(
        day__date=day.date, status__in=PresentationSlot.LIVE, starts__lt=ends, ends__gt=starts
    )


def presentation_slot_check(
    *,
    case_study: CaseStudy,
    day: SessionDay,
    room: Room,
    starts: datetime.time,
    ends: datetime.time,
    panel: list,
) -> None:
    """Refuse (DomainError, saying why) a case study that is not accepted or already has a
    live slot; a room not of the session's venue or not a classroom; times out of order or
    outside the day's hours; a room already taken at that time; an empty panel, a panellist
    who is no facilitator, one of the authors, conflicted (explained), or on another slot at
    that time. Reads only."""
    if case_study.status != CaseStudy.Status.ACCEPTED:
        raise DomainError(
            _("Only an accepted case study is presented; this one is “%(status)s”.")
            % {"status": case_study.get_status_display()}
        )
    if PresentationSlot.objects.filter(
        case_study=case_study, status__in=PresentationSlot.LIVE
    ).exists():
        raise DomainError(_("This case study already has a presentation slot."))
    if room.venue_id != day.session.venue_id or room.kind != Room.Kind.CLASSROOM:
        raise DomainError(
            _("The room %(room)s is not a classroom of the session's venue.") % {"room": room}
        )
    if starts >= ends:
        raise DomainError(_("The presentation must end after it starts."))
    if starts < day.starts or ends > day.ends:
        raise DomainError(
            _("The presentation must fit within the day's hours, %(starts)s–%(ends)s.")
            % {"starts": f"{day.starts:%H:%M}", "ends": f"{day.ends:%H:%M}"}
        )
    overlapping = _overlapping(day=day, starts=starts, ends=ends)
    if overlapping.filter(room=room).exists():
        raise DomainError(_("The room %(room)s is already taken at that time.") % {"room": room})
    if not panel:
        raise DomainError(_("Choose at least one panellist."))
    facilitators = set(
        reviewers().filter(pk__in=[u.pk for u in panel]).values_list("pk", flat=True)
    )
    busy = set(
        PanelMember.objects.filter(slot__in=overlapping, panellist__in=panel).values_list(
            "panellist_id", flat=True
        )
    )
    for user in panel:
        if user.pk not in facilitators:
            raise DomainError(
                _("%(name)s is not a facilitator and cannot sit on a panel.") % {"name": user}
            )
        if case_study_is_author(case_study=case_study, participant=participant_get_for_user(user)):
            raise DomainError(
                _("%(name)s is one of its authors: a conflict of interest.") % {"name": user}
            )
        conflicts = review_conflicts(case_study=case_study, reviewer=user, role=PANEL_ROLE)
        if conflicts:
            raise DomainError(
                _("%(name)s has a conflict of interest: %(why)s")
                % {"name": user, "why": " ".join(c.explanation for c in conflicts)}
            )
        if user.pk in busy:
            raise DomainError(
                _("%(name)s is already on another panel at that time.") % {"name": user}
            )


@transaction.atomic
def presentation_slot_schedule(
    *,
    case_study: CaseStudy,
    day: SessionDay,
    room: Room,
    starts: datetime.time,
    ends: datetime.time,
    panel: list,
    by,
) -> PresentationSlot:
    """Schedule the presentation of an accepted case study; refused as
    ``presentation_slot_check`` says. The case study stays accepted until the slot is held."""
    Room.objects.select_for_update().get(pk=room.pk)
    locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    day = SessionDay.objects.select_related("session").get(pk=day.pk)
    panel = list({user.pk: user for user in panel}.values())
    presentation_slot_check(
        case_study=locked, day=day, room=room, starts=starts, ends=ends, panel=panel
    )
    slot = PresentationSlot.objects.create(
        case_study=locked, day=day, room=room, starts=starts, ends=ends, created_by=by
    )
    PanelMember.objects.bulk_create(PanelMember(slot=slot, panellist=user) for user in panel)
    return slot


def _decide(slot: PresentationSlot, target: str, by) -> PresentationSlot:
    locked = PresentationSlot.objects.select_for_update().get(pk=slot.pk)
    locked.set_status(target)
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def presentation_slot_hold(*, slot: PresentationSlot, by, comment: str = "") -> PresentationSlot:
    """Mark the slot held and move its case study from accepted to presented through its
    lifecycle (a transition recorded with who and when). Refused unless scheduled, and before
    its day."""
    day = SessionDay.objects.filter(pk=slot.day_id).values_list("date", flat=True).get()
    if day > timezone.localdate():
        raise DomainError(_("A presentation is marked held on its day or later."))
    slot = _decide(slot, Slot.HELD, by)
    case_study_set_status(
        case_study=slot.case_study,
        status=CaseStudy.Status.PRESENTED,
        by=by,
        comment=comment or _("Presented on %(date)s.") % {"date": f"{slot.day.date:%Y-%m-%d}"},
    )
    return slot


@transaction.atomic
def presentation_slot_cancel(*, slot: PresentationSlot, by) -> PresentationSlot:
    """Cancel a scheduled slot; the case study stays accepted and may be scheduled again."""
    return _decide(slot, Slot.CANCELLED, by)


@transaction.atomic
def panel_score(*, member: PanelMember, levels: dict[int, int], feedback: str, by) -> PanelMember:
    """Record the panellist's level (1–4) on every rubric criterion and his feedback,
    replacing what he recorded before. Only the panellist himself, once the slot is held
    (or while it is scheduled, on its day or later); every criterion must have a level."""
    member = PanelMember.objects.select_for_update().select_related("slot__day").get(pk=member.pk)
    if by is None or member.panellist_id != by.pk:
        raise DomainError(_("Only the panellist himself records his panel score."))
    if not may_panel_score(by, member):
        raise DomainError(_("The panel scores a presentation on its day or once it is held."))
    criteria = list(RubricCriterion.objects.values_list("pk", flat=True))
    if any(pk not in levels for pk in criteria):
        raise DomainError(_("Give a level for every criterion of the rubric."))
    if any(not (LEVELS[0] <= levels[pk] <= LEVELS[1]) for pk in criteria):
        raise DomainError(_("Levels go from 1 to 4."))
    PanelScore.objects.filter(member=member).delete()
    PanelScore.objects.bulk_create(
        PanelScore(member=member, criterion_id=pk, level=levels[pk]) for pk in criteria
    )
    member.feedback = feedback.strip()
    member.scored_at = timezone.now()
    member.save(update_fields=["feedback", "scored_at"])
    return member
