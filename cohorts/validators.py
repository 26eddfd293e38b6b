"""NIP (Nomor Induk Pegawai) of an Indonesian civil servant: 18 digits.

    YYYYMMDD  birth date                 (digits 1–8)
    YYYYMM    appointment as CPNS (TMT)  (digits 9–14)
    G         gender: 1 male, 2 female   (digit 15)
    NNN       sequence number            (digits 16–18)

Source: Peraturan Kepala BKN No. 22 Tahun 2007 on the NIP format.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NIP_LENGTH = 18
# A civil servant is appointed at 18 at the earliest (UU ASN: minimum age for a CPNS applicant).
MIN_APPOINTMENT_AGE = 18
_SEPARATORS = re.compile(r"[\s.\-']")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$")


def normalize_nip(value):
    """Strip the spaces, dots, dashes and apostrophes people and spreadsheets put in NIPs."""
    return _SEPARATORS.sub("", str(value or ""))


def nip_from_cell(value) -> str:
    """A NIP as a spreadsheet cell holds it, as text; ValidationError when Excel already
    turned it into a number and lost its last digits (a float, or scientific notation)."""
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int):
        return str(value)
    mangled = isinstance(value, float)
    text = "" if mangled else str(value or "").strip().lstrip("'").strip()
    if mangled or _SCIENTIFIC.match(text.replace(" ", "")):
        raise ValidationError(
            _(
                "Excel turned this NIP into a number (%(shown)s) and lost its last digits: "
                "an 18-digit NIP does not survive as a number. Format the NIP column as Text, "
                "type the NIPs again (or start each with an apostrophe) and upload again."
            )
            % {"shown": value if mangled else text}
        )
    return text


def validate_nip(value, *, today=None):
    """Raise ValidationError saying which part of the NIP is wrong."""
    nip = normalize_nip(value)
    if not nip.isdigit() or len(nip) != NIP_LENGTH:
        raise ValidationError(
            _("NIP must be exactly 18 digits (found %(count)d characters)."),
            code="nip_length",
            params={"count": len(nip)},
        )
    today = today or datetime.date.today()
    try:
        birth = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("The birth date in the NIP (digits 1–8, %(part)s) is not a real date."),
            code="nip_birth_date",
            params={"part": nip[0:8]},
        ) from None
    if birth > today or birth.year < 1900:
        raise ValidationError(
            _("The birth date in the NIP (digits 1–8, %(part)s) is not possible."),
            code="nip_birth_date",
            params={"part": nip[0:8]},
        )
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("The appointment month in the NIP (digits 13–14, %(part)s) must be 01–12."),
            code="nip_appointment",
            params={"part": nip[12:14]},
        )
    appointed = datetime.date(year, month, 1)
    if appointed > today:
        raise ValidationError(
            _("The appointment date in the NIP (digits 9–14, %(part)s) is in the future."),
            code="nip_appointment",
            params={"part": nip[8:14]},
        )
    if (year - birth.year) * 12 + (month - birth.month) < MIN_APPOINTMENT_AGE * 12:
        raise ValidationError(
            _(
                "The appointment date in the NIP (digits 9–14, %(part)s) is before the holder "
                "turned %(age)d."
            ),
            code="nip_appointment",
            params={"part": nip[8:14], "age": MIN_APPOINTMENT_AGE},
        )
    if nip[14] not in "12":
        raise ValidationError(
            _("The gender digit of the NIP (digit 15) must be 1 or 2, not %(part)s."),
            code="nip_gender",
            params={"part": nip[14]},
        )
    if nip[15:18] == "000":
        raise ValidationError(
            _("The sequence number of the NIP (digits 16–18) cannot be 000."),
            code="nip_sequence",
        )
    return nip


def normalize_phone(value):
    """Return an Indonesian phone number in E.164 form (+62…), or raise ValidationError."""
    from lokal.phone import parse_phone

    if not value:
        return ""
    info = parse_phone(str(value))
    if not info.valid:
        raise ValidationError(
            _("%(value)s is not a valid Indonesian phone number."),
            code="phone",
            params={"value": value},
        )
    return info.e164


def validate_phone(value):
    normalize_phone(value)
