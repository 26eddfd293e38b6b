"""Checking a whole roster file against the database, writing nothing: every row cleaned
(``roster_rows``), NIPs and emails unique within the file and against other participants,
and a preview of what applying would do — per row created, updated (with each changed field,
old → new) or unchanged, for the first ``PREVIEW_ROWS`` rows; counts for all of them.

Progress of a running check or apply lives in the cache (``roster_progress``): the apply step
keeps one transaction open until it is done, so progress written to its own row would not be
seen (and on SQLite a second connection could not write at all). Each report also leaves a
heartbeat (``roster_heartbeat``), by which a running job is told from a lost one.
"""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from cohorts.models import Participant, Region
from cohorts.services.roster_rows import (
    EMAIL,
    FIELDS,
    RegionLookup,
    ThemeLookup,
    roster_parse,
    row_changes,
    row_clean,
    row_stored,
)
from core.spreadsheets import SpreadsheetError, cell_text

MAX_STORED_ERRORS = 1000


PREVIEW_ROWS = 100


LOOKUP_BATCH = 900  # below SQLite's oldest limit of 999 parameters per query


PROGRESS_EVERY = 2000


PROGRESS_TIMEOUT = 6 * 3600


ACTION_CREATE, ACTION_UPDATE, ACTION_UNCHANGED, ACTION_ERROR = (
    "create",
    "update",
    "unchanged",
    "error",
)


def roster_progress(roster_import_id: int) -> tuple[int, int] | None:
    """(done, total) of the running step, or None when nothing is recorded."""
    return cache.get(f"roster-import-progress-{roster_import_id}")


def roster_heartbeats(roster_import_ids) -> dict:
    """{import id: time.time() of its last progress report} for those that reported."""
    keys = {f"roster-import-beat-{pk}": pk for pk in roster_import_ids}
    return {keys[key]: beat for key, beat in cache.get_many(list(keys)).items()}


def progress_set(roster_import_id: int, done: int, total: int) -> None:
    """Record the progress of a running step, and that it is alive now."""
    cache.set_many(
        {
            f"roster-import-progress-{roster_import_id}": (done, total),
            f"roster-import-beat-{roster_import_id}": time.time(),
        },
        PROGRESS_TIMEOUT,
    )


@dataclass
class RosterCheck:
    """What checking a roster found. ``rows`` holds (row number, fields) of the valid rows,
    fields in FIELDS order; ``existing`` the stored participants with those NIPs:
    nip → (pk, fields); ``columns`` the fields the file has a column for."""

    format: str = ""
    columns: list = field(default_factory=list)
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

    def current(self, fields: tuple) -> tuple | None:
        """The stored participant with the row's NIP, as a tuple in FIELDS order."""
        found = self.existing.get(fields[0])
        return None if found is None else found[1]

    def action(self, fields: tuple) -> str:
        current = self.current(fields)
        if current is None:
            return ACTION_CREATE
        return ACTION_UNCHANGED if row_stored(fields, current) == current else ACTION_UPDATE


def _existing(nips) -> dict:
    found = {}
    nips = list(nips)
    columns = ("pk", *(name if name not in ("unit", "theme") else f"{name}_id" for name in FIELDS))
    for start in range(0, len(nips), LOOKUP_BATCH):
        chunk = nips[start : start + LOOKUP_BATCH]
        for pk, *values in Participant.objects.filter(nip__in=chunk).values_list(*columns):
            found[values[0]] = (pk, tuple(values))
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
    row. The first MAX_STORED_ERRORS errors are kept, ``error_count`` counts them all. The
    preview shows a valid row's NIP as it will be stored, a wrong one exactly as written.
    """
    check = RosterCheck()
    try:
        roster = roster_parse(file)
    except SpreadsheetError as error:
        check.add_error(None, "", error)
        return check
    check.format = roster.format
    check.warnings = roster.warnings
    check.columns = [name for name in FIELDS if name in roster.columns]
    regions = RegionLookup.load()
    themes = ThemeLookup.load()
    first_row_of_nip, email_rows = {}, {}
    preview_rows = {}  # row number → (index in check.preview, fields)
    try:
        for number, values in roster:
            check.total_rows += 1
            fields, errors = row_clean(
                values, columns=check.columns, regions=regions, themes=themes
            )
            if fields is not None:
                nip, email = fields[0], fields[EMAIL]
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
                preview_rows[number] = (len(check.preview), None if errors else fields)
                check.preview.append(
                    {
                        "row": number,
                        "nip": cell_text(values.get("nip")) if errors else fields[0],
                        "name": cell_text(values.get("name")),
                        "unit": cell_text(values.get("unit")),
                        "action": ACTION_ERROR if errors else "",
                    }
                )
            if progress_id and check.total_rows % PROGRESS_EVERY == 0:
                progress_set(progress_id, check.total_rows, check.total_rows + PROGRESS_EVERY)
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
                check.preview[preview_rows[number][0]]["action"] = ACTION_ERROR
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
            check.preview[preview_rows[number][0]]["action"] = action
    _preview_changes(check, preview_rows.values(), themes)
    check.errors.sort(key=lambda error: error["row"] or 0)
    return check


def _preview_changes(check: RosterCheck, shown, themes: ThemeLookup) -> None:
    """Give each updated row of the preview its changes, ``[[field, old, new], ...]``, with
    values as people read them: a unit as its code and name, a theme by its name, a
    position as its value (translated when shown). One query for the units named."""
    updates = []
    for index, fields in shown:
        entry = check.preview[index]
        if entry["action"] != ACTION_UPDATE:
            continue
        current = check.current(fields)
        new = dict(zip(FIELDS, row_stored(fields, current), strict=True))
        old = dict(zip(FIELDS, current, strict=True))
        updates.append(
            (entry, [(name, old[name], new[name]) for name in row_changes(fields, current)])
        )
    unit_ids = set()
    for _entry, changes in updates:
        unit_ids.update(value for name, *values in changes if name == "unit" for value in values)
    units = {}
    if unit_ids:
        regions = Region.objects.filter(pk__in=unit_ids).values_list("pk", "code", "name")
        units = {pk: f"{code} {name}" for pk, code, name in regions}
    shown_as = {"unit": lambda pk: units.get(pk, ""), "theme": lambda pk: themes.names.get(pk, "")}
    for entry, changes in updates:
        entry["changes"] = [
            [name, *(shown_as[name](value) if name in shown_as else value for value in values)]
            for name, *values in changes
        ]
