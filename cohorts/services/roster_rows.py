"""Roster rows: the columns a roster may have and how one row's cells become a participant's
fields, with the same rules as ``participant_upsert`` (``participant_clean_fields``).

A cleaned row is a tuple in ``FIELDS`` order. An optional field (grade, email, phone, theme)
is ``None`` when the row says nothing about it — the file has no such column, or, for the
theme, a blank cell — and then the stored value is kept (``row_stored``). A column that is
there and blank clears grade, email or phone: the export writes them blank the same way.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import Participant, Region, Theme
from cohorts.services.participants import participant_clean_fields
from cohorts.validators import nip_from_cell
from core.spreadsheets import Table, cell_text, read_table

FIELDS = ("nip", "name", "position", "unit", "grade", "email", "phone", "theme")


REQUIRED = ("nip", "name", "position", "unit")


OPTIONAL = ("grade", "email", "phone", "theme")


# What a new participant gets for an optional field the file says nothing about.
NEW_DEFAULTS = {"grade": "", "email": "", "phone": "", "theme": None}


EMAIL = FIELDS.index("email")


# Normalised header (lower case, letters and digits only) → (field, priority). When two
# columns name the same field, the lower priority wins (the code beats the unit's name).
HEADER_ALIASES = {
    **dict.fromkeys(["nip", "nipbaru", "nomorindukpegawai", "nipnrp"], ("nip", 0)),
    **dict.fromkeys(
        ["nama", "namalengkap", "namapeserta", "namapegawai", "name", "fullname", "namagelar"],
        ("name", 0),
    ),
    **dict.fromkeys(["jabatan", "namajabatan", "posisi", "position"], ("position", 0)),
    **dict.fromkeys(
        ["kodewilayah", "kodekemendagri", "kode", "kodeunit", "kodeunitkerja", "regioncode"],
        ("unit", 0),
    ),
    **dict.fromkeys(["unit", "unitkerja", "wilayah", "region", "satuankerja"], ("unit", 1)),
    **dict.fromkeys(
        [
            "pangkat",
            "golongan",
            "pangkatgolongan",
            "golonganruang",
            "pangkatgolonganruang",
            "gol",
            "golru",
            "golruang",
            "grade",
            "rank",
        ],
        ("grade", 0),
    ),
    **dict.fromkeys(["email", "surel", "alamatemail", "emailaddress"], ("email", 0)),
    **dict.fromkeys(["tema", "temawilayah", "kelompoktema", "theme"], ("theme", 0)),
    **dict.fromkeys(
        [
            "telepon",
            "telp",
            "notelp",
            "nomortelepon",
            "hp",
            "nohp",
            "nomorhp",
            "teleponhp",
            "telphp",
            "whatsapp",
            "wa",
            "phone",
            "mobile",
            "phonenumber",
        ],
        ("phone", 0),
    ),
}


POSITION_ALIASES = {
    **dict.fromkeys(
        [
            "wali kota",
            "walikota",
            "bupati",
            "wali kota/bupati",
            "walikota/bupati",
            "bupati/wali kota",
            "bupati/walikota",
            "kepala daerah",
            "head",
            "mayor",
            "regent",
            "mayor/regent",
        ],
        Participant.Position.HEAD,
    ),
    **dict.fromkeys(["camat", "district head"], Participant.Position.CAMAT),
    **dict.fromkeys(["lurah", "kepala kelurahan", "village head"], Participant.Position.LURAH),
    **dict.fromkeys(["lainnya", "lain-lain", "lain lain", "other"], Participant.Position.OTHER),
}


_REGION_CODE = re.compile(r"^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$")


_GRADE = re.compile(r"\b(III|IV|3|4)\s*[/\-]?\s*([A-E])\b", re.IGNORECASE)


REQUIRED_LABELS = {"nip": "NIP", "name": "Nama", "position": "Jabatan", "unit": "Kode Wilayah"}
COLUMNS_HINT = gettext_lazy(
    "The header row names the columns: NIP, Nama, Jabatan, Kode Wilayah, Pangkat/Golongan, "
    "Email, Telepon and, optionally, Tema."
)


def roster_parse(file) -> Table:
    """Open a roster (an open binary file) by its content and find its header row (within
    the first rows, so a title above the table is fine). SpreadsheetError when the file is
    not a roster, is too large or misses a required column."""
    return read_table(
        file,
        aliases=HEADER_ALIASES,
        required=REQUIRED_LABELS,
        key="nip",
        columns_hint=str(COLUMNS_HINT),
    )


def clean_position(value) -> str | None:
    """A position as written in a roster ("Wali Kota", "lurah", "Lain-lain") → its value."""
    text = " ".join(cell_text(value).lower().replace(".", "").split())
    text = text.replace(" / ", "/")
    if text in Participant.Position.values:
        return text
    return POSITION_ALIASES.get(text)


def clean_grade(value) -> str:
    """A grade as written ("iii / d", "Gol. IV-a") → "III/d"; anything else as it is."""
    text = cell_text(value)
    if not text:
        return ""
    match = _GRADE.search(text)
    if match is None:
        return text
    roman = {"3": "III", "4": "IV"}.get(match.group(1), match.group(1).upper())
    return f"{roman}/{match.group(2).lower()}"


def clean_phone(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and str(value).startswith("8"):
        return f"0{value}"  # Excel dropped the leading zero of 08…
    return cell_text(value)


@dataclass
class RegionLookup:
    """Every region by Kemendagri code and by name, loaded in one query."""

    by_code: dict
    by_name: dict

    @classmethod
    def load(cls):
        by_code, by_name = {}, {}
        for pk, code, name in Region.objects.values_list("pk", "code", "name").iterator(5000):
            by_code[code] = pk
            by_name.setdefault(" ".join(name.lower().split()), []).append(pk)
        return cls(by_code=by_code, by_name=by_name)

    def find(self, value) -> int | None:
        text = cell_text(value)
        if not text:
            return None
        if _REGION_CODE.match(text):
            if text in self.by_code:
                return self.by_code[text]
            raise ValidationError(_("No region has the Kemendagri code %(code)s.") % {"code": text})
        matches = self.by_name.get(" ".join(text.lower().split()), [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError(
                _("%(count)d regions are named %(name)s: give the Kemendagri code instead.")
                % {"count": len(matches), "name": text}
            )
        raise ValidationError(
            _(
                "Unknown unit %(name)s: give its Kemendagri code (such as 31.71.01.1001) or "
                "its exact name."
            )
            % {"name": text}
        )


@dataclass
class ThemeLookup:
    """Every theme by name and slug (``by_key``), and each one's name (``names``)."""

    by_key: dict
    names: dict

    @classmethod
    def load(cls):
        by_key, names = {}, {}
        for pk, name, slug in Theme.objects.values_list("pk", "name", "slug"):
            by_key[" ".join(name.lower().split())] = pk
            by_key[slug] = pk
            names[pk] = name
        return cls(by_key=by_key, names=names)

    def find(self, value) -> int | None:
        text = " ".join(cell_text(value).lower().split())
        if not text:
            return None
        if text in self.by_key:
            return self.by_key[text]
        raise ValidationError(
            _("Unknown theme %(value)s: use one of %(themes)s.")
            % {"value": cell_text(value), "themes": ", ".join(self.names.values())}
        )


def row_clean(
    values: dict, *, columns, regions: RegionLookup, themes: ThemeLookup
) -> tuple[tuple | None, dict]:
    """(the row's fields as a tuple in FIELDS order, or None) and {field: [messages]}.

    ``columns`` holds the fields the file has a column for; an optional field without one
    is None (kept as stored), and so is a blank theme.
    """
    errors = {}
    theme = None
    try:
        theme = themes.find(values.get("theme"))
    except ValidationError as error:
        errors["theme"] = error.messages
    try:
        nip = nip_from_cell(values.get("nip"))
    except ValidationError as error:
        errors["nip"] = error.messages
        nip = "0"
    position = clean_position(values.get("position"))
    try:
        unit = regions.find(values.get("unit"))
    except ValidationError as error:
        errors["unit"] = error.messages
        unit = 0
    try:
        cleaned = participant_clean_fields(
            nip=nip,
            name=cell_text(values.get("name")),
            position=position or "",
            unit=unit,
            grade=clean_grade(values.get("grade")),
            email=cell_text(values.get("email")),
            phone=clean_phone(values.get("phone")),
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
        cleaned = None
    if position is None:
        raw = cell_text(values.get("position"))
        errors["position"] = [
            _("Unknown position %(value)s: use Wali Kota, Bupati, Camat, Lurah or Lainnya.")
            % {"value": raw}
            if raw
            else _("The position is required.")
        ]
    if errors:
        return None, errors
    cleaned["theme"] = theme
    return tuple(
        None if name in OPTIONAL and name not in columns else cleaned[name] for name in FIELDS
    ), {}


def row_stored(fields: tuple, current: tuple | None) -> tuple:
    """The row as it will be stored: each None (the file says nothing) takes the stored
    participant's value (``current``, in FIELDS order), or a new participant's default."""
    if current is None:
        return tuple(
            NEW_DEFAULTS[name] if value is None else value
            for name, value in zip(FIELDS, fields, strict=True)
        )
    return tuple(
        stored if value is None else value for value, stored in zip(fields, current, strict=True)
    )


def row_changes(fields: tuple, current: tuple) -> list[str]:
    """The fields that storing the row would change on the stored participant."""
    stored = row_stored(fields, current)
    return [name for name, new, old in zip(FIELDS, stored, current, strict=True) if new != old]
