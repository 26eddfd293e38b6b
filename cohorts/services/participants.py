"""Participants: the fields cleaned as they are stored, creating or updating one by NIP (the
roster import, the demo), and saving one from the admin form."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts.models import Participant, Region, Theme
from cohorts.validators import normalize_nip, normalize_phone


def participant_clean_fields(*, nip, name, position, unit, grade, email, phone) -> dict:
    """The participant's fields cleaned as they will be stored, or ValidationError keyed by
    field with every problem found. Shared by every writer (the admin form through
    ``participant_save``, ``participant_upsert``, the roster import).

    ``unit`` may be a Region or its primary key; only its presence is checked here.
    """
    errors = {}
    nip = normalize_nip(nip)
    try:
        Participant._meta.get_field("nip").run_validators(nip)
    except ValidationError as error:
        errors["nip"] = error.messages
    name = " ".join(str(name or "").split())
    if not name:
        errors["name"] = [_("The name is required.")]
    if position not in Participant.Position.values:
        errors["position"] = [_("Unknown position: %(value)s.") % {"value": position}]
    if grade and grade not in Participant.Grade.values:
        errors["grade"] = [_("Unknown grade: %(value)s.") % {"value": grade}]
    email = (email or "").strip().lower()
    if email:
        try:
            Participant._meta.get_field("email").run_validators(email)
            Participant._meta.get_field("email").formfield().clean(email)
        except ValidationError as error:
            errors["email"] = error.messages
    try:
        phone = normalize_phone(phone)
    except ValidationError as error:
        errors["phone"] = error.messages
    if unit is None:
        errors["unit"] = [_("The unit is required.")]
    if errors:
        raise ValidationError(errors)
    return {
        "nip": nip,
        "name": name,
        "position": position,
        "unit": unit,
        "grade": grade or "",
        "email": email,
        "phone": phone,
    }


@transaction.atomic
def participant_upsert(
    *,
    nip: str,
    name: str,
    position: str,
    unit: Region,
    grade: str = "",
    email: str = "",
    phone: str = "",
) -> tuple[Participant, bool]:
    """Create or update the participant with this NIP. Returns (participant, created).

    Validates every field first (ValidationError keyed by field); the NIP is normalised.
    """
    fields = participant_clean_fields(
        nip=nip, name=name, position=position, unit=unit, grade=grade, email=email, phone=phone
    )
    participant = Participant.objects.select_for_update().filter(nip=fields["nip"]).first()
    _email_clash_check(fields["email"], Participant.objects.exclude(nip=fields["nip"]))
    if participant is None:
        return Participant.objects.create(**fields), True
    changed = [name for name, value in fields.items() if getattr(participant, name) != value]
    if changed:
        for name in changed:
            setattr(participant, name, fields[name])
        participant.save(update_fields=[*changed, "updated_at"])
    return participant, False


def _email_clash_check(email: str, others) -> None:
    if email and others.filter(email__iexact=email).exists():
        raise ValidationError({"email": [_("Another participant already uses this email.")]})


def participant_unique_check(*, participant: Participant, nip: str, email: str) -> None:
    """Refuse (ValidationError keyed by field) a cleaned NIP or email (ignoring case) that a
    participant other than ``participant`` already has. Reads only."""
    others = Participant.objects.exclude(pk=participant.pk)
    if others.filter(nip=nip).exists():
        raise ValidationError({"nip": [_("Another participant already has this NIP.")]})
    _email_clash_check(email, others)


@transaction.atomic
def participant_save(
    *,
    participant: Participant,
    nip: str,
    name: str,
    position: str,
    unit: Region | None,
    grade: str = "",
    email: str = "",
    phone: str = "",
    theme: Theme | None = None,
) -> Participant:
    """Save ``participant`` (a new, unsaved one or an existing one) with these fields: the
    admin form's writer. Returns the same object, saved.

    Cleaned exactly as ``participant_upsert`` cleans them (``participant_clean_fields``);
    the NIP and the email (ignoring case) stay unique. Refusals are ValidationError keyed by
    field, every problem at once. Unlike the upsert, the NIP itself may be corrected here:
    the row is the one given, not the one the NIP finds. No other side effect.
    """
    fields = participant_clean_fields(
        nip=nip, name=name, position=position, unit=unit, grade=grade, email=email, phone=phone
    )
    participant_unique_check(participant=participant, nip=fields["nip"], email=fields["email"])
    if participant.pk:
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
    for field, value in fields.items():
        setattr(participant, field, value)
    participant.theme = theme
    participant.save()
    return participant
