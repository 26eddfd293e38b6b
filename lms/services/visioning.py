"""Writes of visioning acknowledgements: a participant's response to the current version of a
material, its amendments (each earlier wording kept), one recorded on a participant's behalf
by an organiser, and a coach's rating of the understanding it shows.

Rules: only live materials, only participants of the audience, once per participant and
version (a new version asks again), given and amended until the deadline (an organiser may
still record one on paper's behalf after it, with a note), commitments dated today or later.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cms.visioning import VisioningMaterialPage
from cohorts.models import Participant
from core.errors import DomainError
from core.jobs import enqueue_on_commit
from core.outbox import email_queue
from lms.models import (
    User,
    VisioningAcknowledgement,
    VisioningAcknowledgementChange,
    VisioningRating,
    VisioningReminderRound,
)
from lms.selectors.visioning import material_in_audience, missing_participants


def acknowledgement_check(
    *,
    material: VisioningMaterialPage,
    participant: Participant,
    late_allowed: bool = False,
    today: datetime.date | None = None,
) -> None:
    """Refuse (DomainError) unless ``participant`` may acknowledge ``material`` now: it is
    live, he is in its audience and its deadline has not passed. Writes nothing."""
    if not material.live:
        raise DomainError(_("This material is not published."))
    if not material_in_audience(material=material, participant=participant):
        raise DomainError(_("This material is not addressed to this participant."))
    if not late_allowed and not material.is_open(today):
        raise DomainError(_("The deadline for this material has passed."))


def _response_check(material, *, application, key_message_ids, commitment, commitment_date):
    known = {block_id for block_id, _title, _text in material.key_message_list}
    ids = list(dict.fromkeys(key_message_ids))
    if not ids:
        raise DomainError(_("Choose at least one key message your response answers."))
    if not set(ids) <= known:
        raise DomainError(_("A chosen key message is not one of this material's."))
    if not application.strip() or not commitment.strip():
        raise DomainError(_("Write how the vision applies to your unit and one commitment."))
    if commitment_date < timezone.localdate():
        raise DomainError(_("The commitment's date is in the past."))
    return ids


@transaction.atomic
def acknowledgement_record(
    *,
    material: VisioningMaterialPage,
    participant: Participant,
    application: str,
    key_message_ids: list[str],
    commitment: str,
    commitment_date: datetime.date,
    by: User | None,
    on_behalf_note: str = "",
) -> VisioningAcknowledgement:
    """Record ``participant``'s acknowledgement of the material's current version.

    By the participant himself, or by an organiser on his behalf (``on_behalf_note`` says
    why, e.g. signed on paper; allowed after the deadline too). Refuses (DomainError) outside
    the audience, after the deadline, a second one for the same version, key messages not of
    the material, an empty response and a commitment dated in the past."""
    on_behalf = bool(on_behalf_note.strip())
    acknowledgement_check(material=material, participant=participant, late_allowed=on_behalf)
    ids = _response_check(
        material,
        application=application,
        key_message_ids=key_message_ids,
        commitment=commitment,
        commitment_date=commitment_date,
    )
    duplicate = VisioningAcknowledgement.objects.filter(
        material=material, version=material.version, participant=participant
    )
    if duplicate.exists():
        raise DomainError(_("This version is already acknowledged: amend the response instead."))
    try:
        with transaction.atomic():
            return VisioningAcknowledgement.objects.create(
                material=material,
                version=material.version,
                participant=participant,
                application=application.strip(),
                key_message_ids=ids,
                commitment=commitment.strip(),
                commitment_date=commitment_date,
                source=(
                    VisioningAcknowledgement.Source.ON_BEHALF
                    if on_behalf
                    else VisioningAcknowledgement.Source.SELF
                ),
                note=on_behalf_note.strip(),
                recorded_by=by,
            )
    except IntegrityError as error:  # a second request of the same person at the same time
        raise DomainError(
            _("This version is already acknowledged: amend the response instead.")
        ) from error


@transaction.atomic
def acknowledgement_amend(
    *,
    acknowledgement: VisioningAcknowledgement,
    application: str,
    key_message_ids: list[str],
    commitment: str,
    commitment_date: datetime.date,
    by: User | None,
) -> VisioningAcknowledgement:
    """Amend a response until the deadline: the wording it replaces is kept (who, when).
    Refuses (DomainError) after the deadline, for an earlier version of the material, and
    what ``acknowledgement_record`` refuses of a response."""
    ack = VisioningAcknowledgement.objects.select_for_update().get(pk=acknowledgement.pk)
    material = VisioningMaterialPage.objects.get(pk=ack.material_id)
    if ack.version != material.version:
        raise DomainError(_("This response answers an earlier version: it is kept as it is."))
    acknowledgement_check(material=material, participant=ack.participant)
    ids = _response_check(
        material,
        application=application,
        key_message_ids=key_message_ids,
        commitment=commitment,
        commitment_date=commitment_date,
    )
    VisioningAcknowledgementChange.objects.create(
        acknowledgement=ack,
        application=ack.application,
        key_message_ids=ack.key_message_ids,
        commitment=ack.commitment,
        commitment_date=ack.commitment_date,
        changed_by=by,
    )
    ack.application = application.strip()
    ack.key_message_ids = ids
    ack.commitment = commitment.strip()
    ack.commitment_date = commitment_date
    ack.save(
        update_fields=[
            "application",
            "key_message_ids",
            "commitment",
            "commitment_date",
            "updated_at",
        ]
    )
    return ack


@transaction.atomic
def acknowledgement_rate(
    *,
    acknowledgement: VisioningAcknowledgement,
    score: int,
    comment: str,
    by: User,
) -> VisioningRating:
    """A coach's rating of the understanding a response shows (1–4, with a comment); rating
    again replaces his earlier rating. Refuses (DomainError) a score outside the scale."""
    if score not in VisioningRating.Score.values:
        raise DomainError(_("Rate understanding from 1 to 4."))
    rating, _created = VisioningRating.objects.update_or_create(
        acknowledgement=acknowledgement,
        rated_by=by,
        defaults={"score": score, "comment": comment.strip()},
    )
    return rating


# Reminders ---------------------------------------------------------------------------------

REMINDER_TASK = "lms.tasks.visioning_reminder_send_task"


def reminder_email_key(reminder: VisioningReminderRound, participant_id: int) -> str:
    return f"visioning-reminder:{reminder.pk}:{participant_id}"


@transaction.atomic
def reminder_round_create(
    *, material: VisioningMaterialPage, by: User | None, within: str | None = None
) -> VisioningReminderRound:
    """A reminder to those of the material's audience (in or under ``within``, a region
    code: the sender's units) who have not acknowledged its current version; the emails are
    queued by ``visioning_reminder_send_task`` after commit. Refuses (DomainError) a material
    that is not live or whose deadline has passed."""
    if not material.live:
        raise DomainError(_("This material is not published."))
    if not material.is_open():
        raise DomainError(_("The deadline for this material has passed."))
    reminder = VisioningReminderRound.objects.create(
        material=material, version=material.version, within=within or "", requested_by=by
    )
    enqueue_on_commit(REMINDER_TASK, reminder.pk)
    return reminder


def reminder_round_send(*, reminder_id: int) -> VisioningReminderRound:
    """Queue one email to each participant still missing in the round (its material,
    version and units) who has an email address, read when it runs: a person who
    acknowledged meanwhile is not reminded, and nobody outside the audience ever is. Each
    email's key names the round and the person, so a task run twice (a retry, a redelivery)
    queues each email once. Counts the round's missing, queued and without-email."""
    reminder = VisioningReminderRound.objects.select_related("material").get(pk=reminder_id)
    material = reminder.material
    missing = queued = without_email = 0
    context = {
        "material": material,
        "url": f"{settings.SELARAS_BASE_URL}{material.url}",
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Selaras] Waiting for your response: %(title)s") % {"title": material.title}
        for participant in missing_participants(
            material=material, version=reminder.version, within=reminder.within
        ).iterator(chunk_size=500):
            missing += 1
            address = participant.email or (participant.user.email if participant.user else "")
            if not address:
                without_email += 1
                continue
            email_queue(
                key=reminder_email_key(reminder, participant.pk),
                recipient=address,
                subject=subject,
                text=render_to_string(
                    "lms/email/visioning_reminder.txt", {**context, "participant": participant}
                ),
            )
            queued += 1
    VisioningReminderRound.objects.filter(pk=reminder.pk).update(
        missing=missing, queued=queued, without_email=without_email, finished_at=timezone.now()
    )
    reminder.refresh_from_db()
    return reminder
