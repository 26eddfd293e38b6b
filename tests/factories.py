"""Small factories for tests. Writes go through services where those enforce rules."""

import itertools

from cohorts.models import Participant, Region
from cohorts.services import participant_upsert

_sequence = itertools.count(1)


def make_region_tree():
    """A tiny province → kota → kecamatan → kelurahan chain with real DKI codes."""
    province, _ = Region.objects.get_or_create(
        code="31",
        defaults={"name": "Daerah Khusus Ibukota Jakarta", "level": 1, "kind": "provinsi"},
    )
    kota, _ = Region.objects.get_or_create(
        code="31.71",
        defaults={
            "name": "Kota Administrasi Jakarta Pusat",
            "level": 2,
            "kind": "kota",
            "parent": province,
        },
    )
    kecamatan, _ = Region.objects.get_or_create(
        code="31.71.01",
        defaults={"name": "Gambir", "level": 3, "kind": "kecamatan", "parent": kota},
    )
    kelurahan, _ = Region.objects.get_or_create(
        code="31.71.01.1002",
        defaults={
            "name": "Cideng",
            "level": 4,
            "kind": "kelurahan",
            "parent": kecamatan,
            "postal_code": "10150",
        },
    )
    return {"province": province, "kota": kota, "kecamatan": kecamatan, "kelurahan": kelurahan}


def make_nip(n=None):
    n = next(_sequence) if n is None else n
    return f"19800101200501{1 + n % 2}{n % 999 + 1:03d}"


def make_participant(*, unit, nip=None, email=None, position=Participant.Position.LURAH, name=None):
    n = next(_sequence)
    participant, _ = participant_upsert(
        nip=nip or make_nip(n),
        name=name or f"Peserta Uji {n}",
        position=position,
        unit=unit,
        grade="III/c",
        email=email if email is not None else f"peserta{n}@example.go.id",
        phone="0812-3456-7890",
    )
    return participant
