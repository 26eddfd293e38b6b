"""The rubric's arithmetic, apart from what loads and saves for it, in Decimal: levels 1–4 per
criterion, combined by the criteria's weights into a reviewer's score out of 100 (level × 25);
reviewers' scores combined per role as their mean, and the roles by their weights (percent,
summing to 100) into the final score.

A role with no complete score (nobody assigned, or not yet scored) is left out and the weights
of the roles that have one are rescaled to sum to 100: the final score is then provisional and
says which roles it lacks. With no complete score at all there is no final score."""

import dataclasses
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

LEVEL_POINTS = 25  # level 4 of 4 is 100
CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_score(levels: Mapping[int, int], weights: Mapping[int, int]) -> Decimal | None:
    """Σ(level × weight) / Σ weight × 25, over the criteria of ``weights``, to the cent; None
    unless every criterion has a level."""
    if not weights or any(criterion not in levels for criterion in weights):
        return None
    total = sum(weights.values())
    points = sum(levels[criterion] * weight for criterion, weight in weights.items())
    return _round(Decimal(points * LEVEL_POINTS) / Decimal(total))


def combined_score(scores: Iterable[Decimal | float | None]) -> Decimal | None:
    """The plain mean of the scores that are complete, to the cent; None when none is."""
    done = [Decimal(str(score)) for score in scores if score is not None]
    return _round(sum(done) / len(done)) if done else None


@dataclasses.dataclass(frozen=True)
class RolePart:
    role: str
    weight: int  # percent, as configured
    scores: tuple[Decimal, ...]  # the complete scores of its reviewers
    mean: Decimal | None  # to the cent
    applied_weight: Decimal | None  # percent after rescaling; None when left out
    points: Decimal | None  # applied weight × mean / 100, to the cent


@dataclasses.dataclass(frozen=True)
class FinalScore:
    score: Decimal | None
    parts: tuple[RolePart, ...]
    missing: tuple[str, ...]  # roles with a weight but no complete score

    @property
    def provisional(self) -> bool:
        return self.score is not None and bool(self.missing)


def final_score(
    role_scores: Mapping[str, Iterable[Decimal | None]], weights: Mapping[str, int]
) -> FinalScore:
    """Σ role weight × role mean over the roles of ``weights`` (percent) that have at least
    one complete score, their weights rescaled to sum to 100; the rounding happens once, at
    the end (each part is shown rounded). Roles weighted 0 count for nothing."""
    means = {}
    for role in weights:
        done = tuple(score for score in role_scores.get(role, ()) if score is not None)
        means[role] = (done, sum(done) / len(done) if done else None)
    present = {
        role: weight for role, weight in weights.items() if weight and means[role][1] is not None
    }
    total = sum(present.values())
    parts, score = [], Decimal(0)
    for role, weight in weights.items():
        done, mean = means[role]
        applied = points = None
        if role in present:
            applied = Decimal(weight * 100) / Decimal(total)
            exact = applied * mean / 100
            score += exact
            points = _round(exact)
            applied = _round(applied)
        shown = _round(mean) if mean is not None else None
        parts.append(RolePart(role, weight, done, shown, applied, points))
    missing = tuple(role for role, weight in weights.items() if weight and role not in present)
    return FinalScore(_round(score) if present else None, tuple(parts), missing)


def panel_mean(
    panel_levels: Iterable[Mapping[int, int]], weights: Mapping[int, int]
) -> Decimal | None:
    """The presentation panel's score: the plain mean of each panellist's weighted score (as a
    reviewer's, ``weighted_score``) over the panellists who scored every criterion, to the
    cent; None when none has. A separate component shown beside the review's final score,
    never part of it."""
    return combined_score(weighted_score(levels, weights) for levels in panel_levels)
