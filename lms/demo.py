"""Demo data: DKI Jakarta's real units and its 317 leaders as participants, one account per role.

Everything is derived deterministically from the official region codes, so a second run finds
the same NIPs and changes nothing.
"""

import datetime
import random
import zlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify
from faker import Faker

from cms.demo import programme_demo_load
from cohorts.demo import scheduling_demo_load
from cohorts.models import Participant, Region
from cohorts.services.participants import participant_upsert
from cohorts.services.regions import region_import
from core.roles import Role
from lms.demo_learning import learning_demo_load
from lms.models import User

DEMO_PROVINCE = "31"
DEMO_PARTICIPANT_UNIT = "31.71.01.1001"  # Kelurahan Gambir: its lurah is peserta@selaras.test
DEMO_DOMAIN = "selaras.test"
STAFF_ACCOUNTS = [
    ("penyelenggara", "Rina Wulandari, S.E., M.M.", Role.PENYELENGGARA),
    ("fasilitator", "Dr. Hendra Gunawan, M.Si.", Role.FASILITATOR),
    ("pimpinan", "Ir. Bambang Sutrisno, M.T.", Role.PIMPINAN),
    ("penilai", "Sri Rahayu, S.Sos., M.AP.", Role.PENILAI),
]
PREFIX_TITLES = ["", "", "", "Drs. ", "Ir. ", "Dr. "]
SUFFIX_TITLES = ["S.Sos.", "S.IP.", "S.H.", "S.E.", "S.STP.", "S.T.", "S.Kom."]
MASTER_TITLES = ["", "M.Si.", "M.AP.", "M.M.", "M.H."]
GRADES = {
    Participant.Position.HEAD: ["IV/c", "IV/d"],
    Participant.Position.CAMAT: ["III/d", "IV/a", "IV/b"],
    Participant.Position.LURAH: ["III/c", "III/d", "IV/a"],
}
POSITION_BY_LEVEL = {
    Region.Level.REGENCY: Participant.Position.HEAD,
    Region.Level.DISTRICT: Participant.Position.CAMAT,
    Region.Level.VILLAGE: Participant.Position.LURAH,
}


@dataclass
class DemoResult:
    participants_created: int
    participants_total: int
    accounts: list


def _rng_for(code):
    return random.Random(zlib.crc32(code.encode()))  # noqa: S311 — demo data, not security


def demo_person(unit, position, used_nips):
    """A plausible, valid and stable person for the head position of ``unit``."""
    rng = _rng_for(unit.code)
    fake = Faker("id_ID")
    fake.seed_instance(zlib.crc32(unit.code.encode()))
    female = rng.random() < 0.35
    base_name = fake.name_female() if female else fake.name_male()
    # Faker sometimes adds its own titles; keep the bare name and add civil-service degrees.
    words = [w for w in base_name.split() if "." not in w and "," not in w]
    name = " ".join(words[:3])
    prefix = rng.choice(PREFIX_TITLES)
    degrees = [d for d in (rng.choice(SUFFIX_TITLES), rng.choice(MASTER_TITLES)) if d]
    if prefix.strip() in {"Drs.", "Ir."}:
        degrees = degrees[1:]
    full_name = f"{prefix}{name}" + (", " + ", ".join(degrees) if degrees else "")
    if female and prefix.strip() == "Drs.":
        full_name = full_name.replace("Drs.", "Dra.", 1)

    age_years = {"head": rng.randint(48, 58), "camat": rng.randint(40, 52)}.get(
        position, rng.randint(32, 48)
    )
    birth = datetime.date(2019 - age_years, rng.randint(1, 12), rng.randint(1, 28))
    appointed_year = birth.year + rng.randint(22, 28)
    sequence = rng.randint(1, 999)
    while True:
        nip = (
            f"{birth:%Y%m%d}{appointed_year}{rng.randint(1, 12):02d}"
            f"{2 if female else 1}{sequence:03d}"
        )
        if nip not in used_nips:
            used_nips.add(nip)
            return (
                full_name,
                nip,
                rng.choice(GRADES[position]),
                f"08{rng.randint(11, 59)}{rng.randint(10_000_000, 99_999_999)}",
            )
        sequence = sequence % 999 + 1


def _demo_email(position, unit, used):
    if unit.code == DEMO_PARTICIPANT_UNIT and position == Participant.Position.LURAH:
        return f"peserta@{DEMO_DOMAIN}"
    local = f"{position}.{slugify(unit.name).replace('-', '')}"
    if local in used:
        local = f"{local}.{unit.code.replace('.', '')}"
    used.add(local)
    return f"{local}@{DEMO_DOMAIN}"


def _demo_account(*, username, email, name, role, participant=None):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=username, email=email, first_name=name[:150])
        user.set_password(settings.SELARAS_DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name=role))
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if participant is not None and participant.user_id != user.pk:
        participant.user = user
        participant.save(update_fields=["user", "updated_at"])
    return user


@transaction.atomic
def demo_load(*, learning: bool = True) -> DemoResult:
    """Load (or refresh) the demo. Idempotent; never to be run in production."""
    if settings.PRODUCTION:
        raise RuntimeError("The demo data is never loaded in production mode.")
    region_import(province_codes=[DEMO_PROVINCE])
    units = Region.objects.filter(
        code__startswith=DEMO_PROVINCE + ".", level__in=list(POSITION_BY_LEVEL)
    ).order_by("level", "code")
    used_nips = set(Participant.objects.values_list("nip", flat=True))
    existing = {(p.unit_id, p.position): p for p in Participant.objects.all()}
    used_locals = set()
    created = 0
    for unit in units:
        position = POSITION_BY_LEVEL[unit.level]
        email = _demo_email(position, unit, used_locals)
        current = existing.get((unit.pk, position))
        if current is not None:
            continue
        name, nip, grade, phone = demo_person(unit, position, used_nips)
        _, was_created = participant_upsert(
            nip=nip, name=name, position=position, unit=unit, grade=grade, email=email, phone=phone
        )
        created += was_created

    accounts = []
    peserta = Participant.objects.get(
        unit__code=DEMO_PARTICIPANT_UNIT, position=Participant.Position.LURAH
    )
    _demo_account(
        username=peserta.nip,
        email=peserta.email,
        name=peserta.name,
        role=Role.PESERTA,
        participant=peserta,
    )
    accounts.append((peserta.email, Role.PESERTA.label, peserta.name))
    for username, name, role in STAFF_ACCOUNTS:
        email = f"{username}@{DEMO_DOMAIN}"
        _demo_account(username=username, email=email, name=name, role=role)
        accounts.append((email, role.label, name))
    if learning:
        programme = programme_demo_load()
        learning_demo_load(programme=programme, demo_participant=peserta)
        scheduling_demo_load(programme=programme)
    return DemoResult(
        participants_created=created,
        participants_total=Participant.objects.count(),
        accounts=accounts,
    )
