"""Automatic allocation of reviewers, apart from what loads and saves for it
(``casestudies.selectors.allocation_inputs``, ``casestudies.services.reviews``): for each case
study and role, the reviewers still needed, chosen among those not blocked (an author, a
conflict of interest, already reviewing it) with the fewest current assignments first — ties
broken by the smaller id, so the same inputs give the same proposal. Each proposal counts at
once toward its reviewer's load, which balances the counts across the set. Where too few
reviewers are free, the shortfall is reported, never raised."""

import dataclasses
from collections.abc import Collection, Mapping, Sequence


@dataclasses.dataclass(frozen=True)
class Proposal:
    case_study_id: int
    reviewer_id: int
    role: str


@dataclasses.dataclass(frozen=True)
class Shortfall:
    case_study_id: int
    role: str
    missing: int


@dataclasses.dataclass
class Allocation:
    proposals: list[Proposal]
    shortfalls: list[Shortfall]

    @property
    def complete(self) -> bool:
        return not self.shortfalls


def allocate(
    *,
    case_study_ids: Sequence[int],
    per_role: Mapping[str, int],
    reviewer_ids: Sequence[int],
    load: Mapping[int, int],
    existing: Collection[tuple[int, int, str]] = (),
    blocked: Collection[tuple[int, int, str]] = (),
) -> Allocation:
    """Propose reviewers so that each case study has ``per_role[role]`` reviewers in each
    role. ``existing`` are its current assignments (case study, reviewer, role): they count
    toward the role and the reviewer is not proposed again for that case study. ``blocked``
    are the (case study, reviewer, role) that may not be — authors in every role, conflicts
    in the roles they block. ``load`` is each reviewer's current number of assignments.
    Case studies go by id, roles in ``per_role``'s order."""
    load = {reviewer: load.get(reviewer, 0) for reviewer in reviewer_ids}
    blocked = set(blocked)
    taken: dict[int, set[int]] = {}
    filled: dict[tuple[int, str], int] = {}
    for case_study, reviewer, role in existing:
        taken.setdefault(case_study, set()).add(reviewer)
        filled[case_study, role] = filled.get((case_study, role), 0) + 1
    proposals, shortfalls = [], []
    for case_study in sorted(set(case_study_ids)):
        busy = taken.setdefault(case_study, set())
        for role, wanted in per_role.items():
            need = wanted - filled.get((case_study, role), 0)
            if need <= 0:
                continue
            free = sorted(
                (
                    reviewer
                    for reviewer in load
                    if reviewer not in busy and (case_study, reviewer, role) not in blocked
                ),
                key=lambda reviewer: (load[reviewer], reviewer),
            )
            for reviewer in free[:need]:
                proposals.append(Proposal(case_study, reviewer, role))
                busy.add(reviewer)
                load[reviewer] += 1
            if len(free) < need:
                shortfalls.append(Shortfall(case_study, role, need - len(free)))
    return Allocation(proposals, shortfalls)
