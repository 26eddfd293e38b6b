"""Conflicts of interest between a reviewer and a case study's authors, apart from what loads
them (``casestudies.selectors``): which relations block a reviewer in a role, each with an
explanation shown where it blocks (the candidates on the review page, an assignment refused,
the automatic allocation).

Two sources. Declared relations (``ConflictOfInterest``: kinship, former coach, chain of
command, ...) block while in force on the day asked about (``valid_from``/``valid_to``, each
open when empty). Derived relations are computed from the units (Kemendagri codes
``31.71.01.1001``: kota ``31.71``, kecamatan ``31.71.01``) of the authors and of the
reviewer's own participant profile, if he has one: one unit above the other is the chain of
command; otherwise the same kecamatan, or else the same kota.

The mentor is usually the author's superior by design: the chain of command does not block
him (his score is a separate, non-blind component of the final score)."""

import dataclasses
import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from casestudies.models.reviews import ConflictOfInterest, ReviewAssignment

Kind = ConflictOfInterest.Kind
Role = ReviewAssignment.Role
# Relations that do not block a role
EXEMPT = {Role.MENTOR: {Kind.CHAIN_OF_COMMAND}}
KOTA_LEVEL, KECAMATAN_LEVEL = 2, 3


@dataclasses.dataclass(frozen=True)
class Unit:
    code: str  # dotted Kemendagri code
    level: int  # Region.Level: 1 province … 4 kelurahan
    name: str

    def prefix(self, level: int) -> str | None:
        """The code of the unit above it (or itself) at ``level``; None above its level."""
        if self.level < level:
            return None
        return ".".join(self.code.split(".")[:level])


@dataclasses.dataclass(frozen=True)
class Author:
    participant_id: int
    name: str
    unit: Unit | None


@dataclasses.dataclass(frozen=True)
class Declared:
    participant_id: int
    kind: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    reason: str = ""
    declared_by: str = ""
    pinned: bool = False

    def in_force(self, on: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


@dataclasses.dataclass(frozen=True)
class Conflict:
    participant_id: int
    kind: str
    explanation: str
    derived: bool


def derived_relation(reviewer_unit: Unit | None, author_unit: Unit | None) -> str | None:
    """The relation the two units make, the narrowest first; None when they make none (or
    one of them is unknown). Units above a kota make none: a province reaches everyone."""
    if reviewer_unit is None or author_unit is None:
        return None
    if min(reviewer_unit.level, author_unit.level) < KOTA_LEVEL:
        return None
    if reviewer_unit.code != author_unit.code and (
        author_unit.code.startswith(reviewer_unit.code + ".")
        or reviewer_unit.code.startswith(author_unit.code + ".")
    ):
        return Kind.CHAIN_OF_COMMAND
    kecamatan = reviewer_unit.prefix(KECAMATAN_LEVEL)
    if kecamatan and kecamatan == author_unit.prefix(KECAMATAN_LEVEL):
        return Kind.SAME_KECAMATAN
    if reviewer_unit.prefix(KOTA_LEVEL) == author_unit.prefix(KOTA_LEVEL):
        return Kind.SAME_KOTA
    return None


def _derived_explanation(kind: str, reviewer_unit: Unit, author: Author) -> str:
    values = {"mine": reviewer_unit.name, "name": author.name, "theirs": author.unit.name}
    if kind == Kind.CHAIN_OF_COMMAND:
        return (
            _(
                "Chain of command: the reviewer's unit %(mine)s and %(name)s's unit %(theirs)s "
                "are one above the other."
            )
            % values
        )
    if kind == Kind.SAME_KECAMATAN:
        return (
            _("Same kecamatan: the reviewer's unit %(mine)s and %(name)s's unit %(theirs)s.")
            % values
        )
    return _("Same kota: the reviewer's unit %(mine)s and %(name)s's unit %(theirs)s.") % values


def _declared_explanation(declared: Declared, author: Author) -> str:
    label = Kind(declared.kind).label
    text = _("%(relation)s with %(name)s") % {"relation": label, "name": author.name}
    if declared.valid_from or declared.valid_to:
        start = date_format(declared.valid_from, "j M Y") if declared.valid_from else "…"
        end = date_format(declared.valid_to, "j M Y") if declared.valid_to else "…"
        text += f" ({start}–{end})"
    if declared.declared_by:
        text += ", " + _("declared by %(name)s") % {"name": declared.declared_by}
    if declared.pinned:
        text += ", " + _("pinned by the organiser")
    if declared.reason:
        text += f": {declared.reason}"
    return text + "."


def blocking_conflicts(
    *,
    role: str,
    authors: list[Author],
    reviewer_unit: Unit | None,
    declared: list[Declared],
    on: datetime.date,
) -> list[Conflict]:
    """The conflicts that keep the reviewer out of ``role`` on a case study written by
    ``authors``, on the day ``on``, each explained; empty when none does. ``declared`` are
    the reviewer's declared relations (with any participant: those with others are ignored).
    Derived ones come first, then declared ones in the order given."""
    exempt = EXEMPT.get(role, set())
    found = []
    for author in authors:
        kind = derived_relation(reviewer_unit, author.unit)
        if kind and kind not in exempt:
            found.append(
                Conflict(
                    author.participant_id,
                    kind,
                    _derived_explanation(kind, reviewer_unit, author),
                    derived=True,
                )
            )
    by_id = {author.participant_id: author for author in authors}
    for relation in declared:
        author = by_id.get(relation.participant_id)
        if author is None or relation.kind in exempt or not relation.in_force(on):
            continue
        found.append(
            Conflict(
                author.participant_id,
                relation.kind,
                _declared_explanation(relation, author),
                derived=False,
            )
        )
    return found
