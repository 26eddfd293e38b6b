"""Roster import: an uploaded CSV or XLSX of participants, from preview to applied.

Import runs in two steps on a ``RosterImport`` row. *Validate* reads the file (through
``core.spreadsheets``), checks every row with the same rules as ``participant_upsert``
(``participant_clean_fields``) and stores a preview: counts, the first rows' results and the
errors with their row and column. Nothing else is written. *Apply* validates again and, only
when no row has an error, upserts every row keyed on the NIP in one transaction: all rows or
none. A row equal to the stored participant is left alone, so importing the same file twice
changes nothing the second time.

Progress of a running job lives in the cache (``roster_progress``): the apply step keeps one
transaction open until it is done, so progress written to its own row would not be seen (and
on SQLite a second connection could not write at all).
"""

import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import Participant, Region, RosterImport, Theme
from cohorts.services.participants import participant_clean_fields
from cohorts.validators import nip_from_cell, normalize_nip
from core.errors import DomainError
from core.jobs import enqueue_on_commit
from core.spreadsheets import SpreadsheetError, Table, cell_text, detect_format, read_table

MAX_STORED_ERRORS = 1000


PREVIEW_ROWS = 100


WRITE_BATCH = 1000


LOOKUP_BATCH = 900  # below SQLite's oldest limit of 999 parameters per query


PROGRESS_EVERY = 2000


PROGRESS_TIMEOUT = 6 * 3600


# "theme" is optional: a blank (or no Tema column) keeps the participant's theme (None).
FIELDS = ("nip", "name", "position", "unit", "grade", "email", "phone", "theme")


REQUIRED = ("nip", "name", "position", "unit")


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


def _clean_position(value) -> str | None:
    text = " ".join(cell_text(value).lower().replace(".", "").split())
    text = text.replace(" / ", "/")
    if text in Participant.Position.values:
        return text
    return POSITION_ALIASES.get(text)


def _clean_grade(value) -> str:
    text = cell_text(value)
    if not text:
        return ""
    match = _GRADE.search(text)
    if match is None:
        return text
    roman = {"3": "III", "4": "IV"}.get(match.group(1), match.group(1).upper())
    return f"{roman}/{match.group(2).lower()}"


def _clean_phone(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and str(value).startswith("8"):
        return f"0{value}"  # Excel dropped the leading zero of 08…
    return cell_text(value)


@dataclass
class _Regions:
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
class _Themes:
    by_key: dict

    @classmethod
    def load(cls):
        by_key = {}
        for pk, name, slug in Theme.objects.values_list("pk", "name", "slug"):
            by_key[" ".join(name.lower().split())] = pk
            by_key[slug] = pk
        return cls(by_key=by_key)

    def find(self, value) -> int | None:
        text = " ".join(cell_text(value).lower().split())
        if not text:
            return None
        if text in self.by_key:
            return self.by_key[text]
        raise ValidationError(
            _("Unknown theme %(value)s: use one of %(themes)s.")
            % {
                "value": cell_text(value),
                "themes": ", ".join(Theme.objects.values_list("name", flat=True)),
            }
        )


def _clean_row(values: dict, regions: _Regions, themes: _Themes) -> tuple[tuple | None, dict]:
    """(cleaned fields as a tuple in FIELDS order, or None) and {field: [messages]}."""
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
    position = _clean_position(values.get("position"))
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
            grade=_clean_grade(values.get("grade")),
            email=cell_text(values.get("email")),
            phone=_clean_phone(values.get("phone")),
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
    return (*(cleaned[name] for name in FIELDS[:-1]), theme), {}


ACTION_CREATE, ACTION_UPDATE, ACTION_UNCHANGED, ACTION_ERROR = (
    "create",
    "update",
    "unchanged",
    "error",
)


@dataclass
class RosterCheck:
    """What validating a roster found. ``rows`` holds the valid rows as tuples in FIELDS
    order; ``existing`` the stored participants with those NIPs: nip → (pk, tuple)."""

    format: str = ""
    total_rows: int = 0
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    error_count: int = 0
    warnings: list = field(default_factory=list)
    preview: list = field(default_factory=list)
    existing: dict = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add_error(self, row, column, message):
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append({"row": row, "column": column, "message": str(message)})

    def action(self, fields: tuple) -> str:
        current = self.existing.get(fields[0])
        if current is None:
            return ACTION_CREATE
        return ACTION_UNCHANGED if current[1] == _keeping_theme(fields, current) else ACTION_UPDATE


def _keeping_theme(fields: tuple, current) -> tuple:
    """The row as it will be stored: a blank theme keeps the stored participant's."""
    if fields[-1] is None and current is not None:
        return (*fields[:-1], current[1][-1])
    return fields


def roster_progress(roster_import_id: int) -> tuple[int, int] | None:
    """(done, total) of the running step, or None when nothing is recorded."""
    return cache.get(f"roster-import-progress-{roster_import_id}")


def _set_progress(roster_import_id, done, total):
    cache.set(f"roster-import-progress-{roster_import_id}", (done, total), PROGRESS_TIMEOUT)


def _existing(nips) -> dict:
    found = {}
    nips = list(nips)
    columns = ("pk", "nip", "name", "position", "unit_id", "grade", "email", "phone", "theme_id")
    for start in range(0, len(nips), LOOKUP_BATCH):
        chunk = nips[start : start + LOOKUP_BATCH]
        for pk, nip, *rest in Participant.objects.filter(nip__in=chunk).values_list(*columns):
            found[nip] = (pk, (nip, *rest))
    return found


def _email_owners(emails) -> dict:
    owners = {}
    emails = list(emails)
    for start in range(0, len(emails), LOOKUP_BATCH):
        chunk = emails[start : start + LOOKUP_BATCH]
        rows = (
            Participant.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .values_list("email_lower", "nip")
        )
        owners.update(rows)
    return owners


def roster_check(file, *, progress_id: int | None = None) -> RosterCheck:
    """Read and validate every row of a roster without writing anything.

    Each error is ``{"row", "column", "message"}`` with the row as the spreadsheet numbers
    it and the column as its header reads; a file that is not a roster is one error on no
    row. The first MAX_STORED_ERRORS errors are kept, ``error_count`` counts them all.
    """
    check = RosterCheck()
    try:
        roster = roster_parse(file)
    except SpreadsheetError as error:
        check.add_error(None, "", error)
        return check
    check.format = roster.format
    check.warnings = roster.warnings
    regions = _Regions.load()
    themes = _Themes.load()
    first_row_of_nip, email_rows = {}, {}
    preview_rows = {}  # row number → index in check.preview
    try:
        for number, values in roster:
            check.total_rows += 1
            fields, errors = _clean_row(values, regions, themes)
            if fields is not None:
                nip, email = fields[0], fields[5]
                if nip in first_row_of_nip:
                    errors["nip"] = [
                        _("NIP %(nip)s is already on row %(row)d of this file.")
                        % {"nip": nip, "row": first_row_of_nip[nip]}
                    ]
                elif email and email in email_rows:
                    errors["email"] = [
                        _("The email %(email)s is already on row %(row)d of this file.")
                        % {"email": email, "row": email_rows[email][0]}
                    ]
                else:
                    first_row_of_nip[nip] = number
                    if email:
                        email_rows[email] = (number, nip)
                    check.rows.append((number, fields))
            for name, messages in errors.items():
                for message in messages:
                    check.add_error(number, roster.column(name), message)
            if len(check.preview) < PREVIEW_ROWS:
                preview_rows[number] = len(check.preview)
                check.preview.append(
                    {
                        "row": number,
                        "nip": normalize_nip(cell_text(values.get("nip"))),
                        "name": cell_text(values.get("name")),
                        "unit": cell_text(values.get("unit")),
                        "action": ACTION_ERROR if errors else "",
                    }
                )
            if progress_id and check.total_rows % PROGRESS_EVERY == 0:
                _set_progress(progress_id, check.total_rows, check.total_rows + PROGRESS_EVERY)
    except SpreadsheetError as error:
        check.add_error(None, "", error)
        return check
    if not check.total_rows:
        check.add_error(None, "", _("The file has a header but no rows."))
        return check

    owners = _email_owners(email_rows)
    clashes = set()
    for email, (number, nip) in email_rows.items():
        owner = owners.get(email)
        if owner is not None and owner != nip:
            clashes.add(number)
            check.add_error(
                number,
                roster.column("email"),
                _("Another participant already uses this email (NIP %(nip)s).") % {"nip": owner},
            )
            if number in preview_rows:
                check.preview[preview_rows[number]]["action"] = ACTION_ERROR
    if clashes:
        check.rows = [(number, fields) for number, fields in check.rows if number not in clashes]
    check.existing = _existing(first_row_of_nip)
    for number, fields in check.rows:
        action = check.action(fields)
        if action == ACTION_CREATE:
            check.created += 1
        elif action == ACTION_UPDATE:
            check.updated += 1
        else:
            check.unchanged += 1
        if number in preview_rows:
            check.preview[preview_rows[number]]["action"] = action
    check.errors.sort(key=lambda error: error["row"] or 0)
    return check


def _store_check(roster_import: RosterImport, check: RosterCheck):
    roster_import.format = check.format or roster_import.format
    roster_import.total_rows = check.total_rows
    roster_import.valid_rows = len(check.rows)
    roster_import.error_count = check.error_count
    roster_import.errors = check.errors
    roster_import.warnings = check.warnings
    roster_import.preview = check.preview
    roster_import.created = check.created
    roster_import.updated = check.updated
    roster_import.unchanged = check.unchanged
    roster_import.progress_done = roster_import.progress_total = check.total_rows


@transaction.atomic
def roster_import_create(*, file, uploaded_by) -> RosterImport:
    """Store an uploaded roster and queue its validation after commit.

    The content decides the format (SpreadsheetError when it is neither CSV nor XLSX); the
    name is kept only to show it.
    """
    file_format = detect_format(file)
    roster_import = RosterImport(
        original_name=str(getattr(file, "name", "") or "roster")[:255],
        format=file_format,
        uploaded_by=uploaded_by,
    )
    roster_import.file.save(f"roster.{file_format}", file, save=False)
    roster_import.save()
    enqueue_on_commit("cohorts.tasks.roster_import_validate_task", roster_import.pk)
    return roster_import


def roster_import_validate(*, roster_import_id: int) -> RosterImport:
    """Validate an UPLOADED import into a preview: VALIDATED, or INVALID with its errors.

    Writes nothing but the import row. An import already checked is returned as it is, so a
    redelivered task does nothing; one that FAILED before checking a row is checked again.
    The check runs outside a transaction (on SQLite an open write transaction would block
    every other writer meanwhile); a crash marks the import FAILED with the error, which is
    raised again.
    """
    roster_import = RosterImport.objects.get(pk=roster_import_id)
    if not _awaits_check(roster_import):
        return roster_import
    try:
        with roster_import.file.open("rb") as file:
            check = roster_check(file, progress_id=roster_import_id)
        with transaction.atomic():
            roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
            if not _awaits_check(roster_import):
                return roster_import
            _store_check(roster_import, check)
            ok = not check.error_count
            roster_import.set_status(
                RosterImport.Status.VALIDATED if ok else RosterImport.Status.INVALID
            )
            roster_import.save()
    except Exception as error:
        RosterImport.objects.filter(
            pk=roster_import_id, status=RosterImport.Status.UPLOADED
        ).update(status=RosterImport.Status.FAILED, message=repr(error))
        raise
    return roster_import


def _awaits_check(roster_import: RosterImport) -> bool:
    """UPLOADED, or FAILED before any row was checked (a retry of a crashed check)."""
    status = roster_import.status
    return status == RosterImport.Status.UPLOADED or (
        status == RosterImport.Status.FAILED and not roster_import.total_rows
    )


@transaction.atomic
def roster_import_queue_apply(*, roster_import: RosterImport) -> RosterImport:
    """Mark a previewed import without errors APPLYING and queue the apply after commit.
    DomainError when it has errors, is not validated yet, or was applied already."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if not roster_import.may_apply:
        raise DomainError(_("Only a checked roster without errors can be applied."))
    roster_import.set_status(RosterImport.Status.APPLYING)
    roster_import.message = ""
    roster_import.save(update_fields=["status", "message"])
    _set_progress(roster_import.pk, 0, roster_import.valid_rows)
    enqueue_on_commit("cohorts.tasks.roster_import_apply_task", roster_import.pk)
    return roster_import


def _write(check: RosterCheck, progress_id: int) -> None:
    now = timezone.now()
    creates, updates = [], []
    for _number, fields in check.rows:
        current = check.existing.get(fields[0])
        nip, name, position, unit_id, grade, email, phone, theme_id = _keeping_theme(
            fields, current
        )
        values = {
            "nip": nip,
            "name": name,
            "position": position,
            "unit_id": unit_id,
            "grade": grade,
            "email": email,
            "phone": phone,
            "theme_id": theme_id,
        }
        if current is None:
            creates.append(Participant(**values))
        elif current[1] != _keeping_theme(fields, current):
            updates.append(Participant(pk=current[0], updated_at=now, **values))
    total, done = len(creates) + len(updates), 0
    _set_progress(progress_id, 0, total)
    for start in range(0, len(creates), WRITE_BATCH):
        batch = creates[start : start + WRITE_BATCH]
        Participant.objects.bulk_create(batch)
        done += len(batch)
        _set_progress(progress_id, done, total)
    changed = ["name", "position", "unit", "grade", "email", "phone", "theme", "updated_at"]
    for start in range(0, len(updates), WRITE_BATCH):
        batch = updates[start : start + WRITE_BATCH]
        Participant.objects.bulk_update(batch, changed)
        done += len(batch)
        _set_progress(progress_id, done, total)


def roster_import_apply(*, roster_import_id: int) -> RosterImport:
    """Apply an import: validate the file again and, when no row has an error, create or
    update every participant in ONE transaction (all or nothing). Keyed on the NIP; rows
    equal to the stored participant are not written, so a second import of the same file
    creates and updates nothing. Participants absent from the file are left alone.

    An APPLIED import is returned as it is. Accepts VALIDATED (run directly), APPLYING (queued,
    or a worker died midway) and FAILED (a re-run). New errors found since the preview make
    it INVALID without writing. On a crash the transaction rolls back — nothing is half
    written — and the import is FAILED with the error (raised again); it can be re-run.
    The row is locked for the whole run, so a second worker waits and then finds it APPLIED.
    """
    try:
        with transaction.atomic():
            roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
            if roster_import.status == RosterImport.Status.APPLIED:
                return roster_import
            if roster_import.status != RosterImport.Status.APPLYING:
                if not roster_import.may_apply:
                    raise DomainError(_("Only a checked roster without errors can be applied."))
                roster_import.set_status(RosterImport.Status.APPLYING)
            with roster_import.file.open("rb") as file:
                check = roster_check(file, progress_id=roster_import_id)
            _store_check(roster_import, check)
            if check.error_count:
                roster_import.set_status(RosterImport.Status.INVALID)
                roster_import.save()
                return roster_import
            _write(check, roster_import_id)
            roster_import.set_status(RosterImport.Status.APPLIED)
            roster_import.message = ""
            roster_import.finished_at = timezone.now()
            roster_import.save()
    except DomainError:
        raise
    except Exception as error:
        RosterImport.objects.filter(pk=roster_import_id).exclude(
            status=RosterImport.Status.APPLIED
        ).update(status=RosterImport.Status.FAILED, message=repr(error))
        raise
    return roster_import
