"""Indonesian formatting shared by pages, documents and emails: dates and times as official
letters write them (``Selasa, 5 Maret 2019``, ``08.00 WIB``), decimals with a comma (``93,56``),
and the names of administrative units and positions (``Kelurahan Cideng, Kecamatan Gambir``,
``Wali Kota``).

Documents (certificates, attendance sheets, rapor) are Indonesian official forms whatever the
reader's language, so the names here are Indonesian rather than gettext; ``day_label`` and
``time_label`` follow the active language's formats (``lms/formats``). The unit and position
helpers work on any object with the fields of ``cohorts.Region`` and ``cohorts.Participant``.
"""

import datetime
from decimal import Decimal

from django.utils import formats, timezone

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


# Region kinds whose names do not already say what they are (kota/kabupaten names do).
KIND_PREFIX = {
    "provinsi": "Provinsi",
    "kecamatan": "Kecamatan",
    "distrik": "Distrik",
    "kelurahan": "Kelurahan",
    "desa": "Desa",
    "desa_adat": "Desa Adat",
}


def long_date(value: datetime.date | None) -> str:
    """``date(2019, 3, 4)`` → ``"4 Maret 2019"`` (Indonesian long date, no locale needed)."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """``4 Maret 2019 sampai dengan 5 Maret 2019`` (one date when both are the same)."""
    if start and end and start != end:
        return f"{long_date(start)} sampai dengan {long_date(end)}"
    return long_date(start or end)


def decimal_id(value: Decimal) -> str:
    """``Decimal("87.5")`` → ``"87,50"``: Indonesian decimal comma."""
    return f"{Decimal(value):.2f}".replace(".", ",")


def position_text(participant) -> str:
    """The position as the certificate names it (Wali Kota, Bupati, Camat, Lurah, ...)."""
    position = participant.position
    kind = participant.unit.kind if participant.unit_id else ""
    if position == "head":
        return {"kota": "Wali Kota", "kabupaten": "Bupati"}.get(kind, "Wali Kota/Bupati")
    if position == "camat":
        return "Camat" if kind != "distrik" else "Kepala Distrik"
    if position == "lurah":
        return "Lurah" if kind == "kelurahan" else "Kepala Desa"
    return ""


def unit_text(region) -> str:
    """The unit and its ancestors down to the regency, e.g. "Kelurahan Cideng, Kecamatan
    Gambir, Kota Administrasi Jakarta Pusat". Expects the parents to be select_related."""
    parts = []
    while region is not None:
        prefix = KIND_PREFIX.get(region.kind, "")
        name = region.name
        if prefix and not name.lower().startswith((prefix.lower(), "daerah")):
            name = f"{prefix} {name}"
        parts.append(name)
        if region.level <= 2:
            break
        region = region.parent
    return ", ".join(parts)


WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def weekday_date(value: datetime.date | None) -> str:
    """``date(2019, 3, 5)`` → ``"Selasa, 5 Maret 2019"``."""
    if value is None:
        return ""
    return f"{WEEKDAYS[value.weekday()]}, {value.day} {MONTHS[value.month - 1]} {value.year}"


def hours(starts: datetime.time, ends: datetime.time) -> str:
    """``08.00–16.00 WIB``."""
    return f"{starts:%H.%M}–{ends:%H.%M} WIB"


def unit_short(region) -> str:
    """ "Kelurahan Cideng, Kecamatan Gambir" (a kelurahan with its kecamatan), "Kecamatan
    Gambir", "Kota Administrasi Jakarta Pusat". Expects the parent select_related."""
    if region is None:
        return ""
    parts = []
    for index, unit in enumerate((region, region.parent if region.level >= 4 else None)):
        if unit is None or (index and unit.level < 3):
            continue
        prefix = KIND_PREFIX.get(unit.kind, "")
        name = unit.name
        if prefix and not name.lower().startswith((prefix.lower(), "daerah")):
            name = f"{prefix} {name}"
        parts.append(name)
    return ", ".join(parts)


def day_label(day) -> str:
    """A session day's date as ``Selasa, 5 Maret 2019`` in the active language's format."""
    return formats.date_format(day.date, "DATE_FORMAT")


def time_label(value: datetime.datetime | datetime.time) -> str:
    """``08.00 WIB`` (local time with the zone's Indonesian abbreviation)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).time()
    return f"{formats.time_format(value, 'TIME_FORMAT')} WIB"
