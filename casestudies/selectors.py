"""Reads of case studies across tables, each in a fixed number of queries."""

import dataclasses

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from casestudies.conflicts import Author, Conflict, Declared, Unit, blocking_conflicts
from casestudies.models import (
    CaseStudy,
    CaseStudyTransition,
    ConflictOfInterest,
    EvidencePhoto,
    FeedbackRelease,
    PanelMember,
    PanelScore,
    PhotoCategory,
    PresentationSlot,
    ReviewAssignment,
    ReviewWeights,
    RubricCriterion,
    RubricScore,
)
from casestudies.scoring import final_score, panel_mean, weighted_score
from cohorts.models import Cohort, CohortMembership, Participant


def _authored_by(participant) -> Q:
    """Case studies ``participant`` writes: alone, or as a current member of the group."""
    member = CohortMembership.objects.active().filter(
        cohort=OuterRef("group_id"), participant=participant
    )
    return Q(author=participant) | Q(Exists(member))


def case_study_list_for_participant(participant) -> QuerySet[CaseStudy]:
    """The case studies ``participant`` is an author of, newest first, with what the list
    shows (theme, author, group, photo count): one query."""
    if participant is None:
        return CaseStudy.objects.none()
    return (
        CaseStudy.objects.filter(_authored_by(participant))
        .select_related("theme", "author", "group")
        .annotate(photo_count=Count("photos"))
        .order_by("-updated_at", "-pk")
    )


def case_study_is_author(*, case_study: CaseStudy, participant) -> bool:
    if participant is None:
        return False
    if case_study.author_id is not None:
        return case_study.author_id == participant.pk
    return (
        CohortMembership.objects.active()
        .filter(cohort_id=case_study.group_id, participant=participant)
        .exists()
    )


def case_study_list_for_review() -> QuerySet[CaseStudy]:
    """Every case study handed in at least once (drafts are their authors' alone), for the
    organisers' review list: one query with the author, group, theme and photo count."""
    return (
        CaseStudy.objects.exclude(status=CaseStudy.Status.DRAFT)
        .select_related("theme", "author", "group")
        .annotate(photo_count=Count("photos"))
    )


def case_study_get(*, pk) -> CaseStudy | None:
    return CaseStudy.objects.select_related("theme", "author__unit", "group").filter(pk=pk).first()


def case_study_detail(case_study: CaseStudy) -> dict:
    """The photos (with categories), the history (with who) and the authors of one case
    study: a fixed number of queries whatever their number."""
    photos = list(
        EvidencePhoto.objects.filter(case_study=case_study)
        .select_related("category")
        .order_by("category__sort_order", "uploaded_at", "pk")
    )
    for photo in photos:
        photo.case_study = case_study  # exif_outside_visit reads the visit's dates
    history = list(
        CaseStudyTransition.objects.filter(case_study=case_study)
        .select_related("by")
        .order_by("at", "pk")
    )
    return {"photos": photos, "history": history, "authors": case_study_authors(case_study)}


def case_study_authors(case_study: CaseStudy) -> list[Participant]:
    if case_study.author_id is not None:
        return [case_study.author]
    return list(
        Participant.objects.filter(
            memberships__cohort_id=case_study.group_id, memberships__left_at__isnull=True
        ).order_by("name")
    )


def groups_of_participant(participant) -> QuerySet[Cohort]:
    """The groups (cohorts) ``participant`` is a current member of: who he may write with."""
    if participant is None:
        return Cohort.objects.none()
    return Cohort.objects.filter(
        memberships__participant=participant, memberships__left_at__isnull=True
    ).order_by("name")


def photo_categories() -> QuerySet[PhotoCategory]:
    return PhotoCategory.objects.order_by("sort_order", "name")


def photo_get(*, pk) -> EvidencePhoto | None:
    return EvidencePhoto.objects.select_related("case_study", "category").filter(pk=pk).first()


def reviewers() -> QuerySet:
    """Who may be assigned as a reviewer: active users whose role may review
    (``casestudies.view_reviewassignment``: facilitators)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__permissions__codename="view_reviewassignment",
            groups__permissions__content_type__app_label="casestudies",
        )
        .distinct()
    )


def rubric() -> list[RubricCriterion]:
    return list(RubricCriterion.objects.order_by("sort_order", "name"))


def case_study_reviews(case_study: CaseStudy) -> dict:
    """The reviewers of one case study with their levels, feedback and score, and the final
    score with its breakdown by role (``casestudies.scoring.final_score``): four queries
    whatever their number."""
    criteria = rubric()
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    assignments = list(
        ReviewAssignment.objects.filter(case_study=case_study)
        .select_related("reviewer")
        .prefetch_related(Prefetch("scores", queryset=RubricScore.objects.all()))
        .order_by("assigned_at", "pk")
    )
    for assignment in assignments:
        levels = {score.criterion_id: score.level for score in assignment.scores.all()}
        assignment.levels = [levels.get(criterion.pk) for criterion in criteria]
        assignment.score = weighted_score(levels, weights)
    by_role = {role: [] for role in ReviewAssignment.Role.values}
    for assignment in assignments:
        by_role[assignment.role].append(assignment.score)
    final = final_score(by_role, review_weights_get().as_dict())
    role_labels = dict(ReviewAssignment.Role.choices)
    return {
        "criteria": criteria,
        "assignments": assignments,
        "final": final,
        "final_parts": [(role_labels[part.role], part) for part in final.parts],
        "final_missing": [role_labels[role] for role in final.missing],
        "final_score": final.score,
    }


def assignments_for_reviewer(user) -> QuerySet[ReviewAssignment]:
    """The case studies assigned to ``user``, newest first, with what his list shows."""
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .exclude(case_study__status=CaseStudy.Status.DRAFT)
        .select_related("case_study__author", "case_study__group", "case_study__theme")
        .order_by("-assigned_at", "-pk")
    )


def case_study_is_reviewer(*, case_study: CaseStudy, user) -> bool:
    return ReviewAssignment.objects.filter(case_study=case_study, reviewer=user).exists()


# The digital collection ------------------------------------------------------------------------

# What the collection shows: accepted (and presented) outputs; drafts and work in review never.
COLLECTED = (CaseStudy.Status.ACCEPTED, CaseStudy.Status.PRESENTED)


def _in_cohorts(cohorts: QuerySet) -> Q:
    """Written by one of ``cohorts`` (a group), or by a participant who is (or was) a member of
    one of them: a case study written alone belongs to its author's cohorts."""
    member = CohortMembership.objects.filter(participant=OuterRef("author_id"), cohort__in=cohorts)
    return Q(group__in=cohorts) | Q(Exists(member))


def _cover(field: str):
    first = EvidencePhoto.objects.filter(case_study=OuterRef("pk")).order_by("uploaded_at", "pk")
    return Subquery(first.values(field)[:1])


def _photo_count():
    # a subquery, not Count("photos"): no GROUP BY, so the paginator's count() drops it
    photos = EvidencePhoto.objects.filter(case_study=OuterRef("pk")).order_by()
    return Subquery(photos.values("case_study").annotate(n=Count("pk")).values("n"))


def collection_list(
    *, cohort=None, programme=None, theme=None, kind: str = "", category=None, query: str = ""
) -> QuerySet[CaseStudy]:
    """Accepted and presented case studies, newest first, filtered by cohort, programme, theme,
    kind, photo category (holding at least one such photo) and ``query`` (in the title, the
    summary, the author's or the group's name or a group member's name). One query, with the
    theme, author, group, photo count and the first photo (``cover_id`` and its size)."""
    case_studies = CaseStudy.objects.filter(status__in=COLLECTED)
    if cohort is not None:
        case_studies = case_studies.filter(_in_cohorts(Cohort.objects.filter(pk=cohort.pk)))
    if programme is not None:
        case_studies = case_studies.filter(
            _in_cohorts(Cohort.objects.filter(programme_id=programme.pk))
        )
    if theme is not None:
        case_studies = case_studies.filter(theme=theme)
    if kind:
        case_studies = case_studies.filter(kind=kind)
    if category is not None:
        photos = EvidencePhoto.objects.filter(case_study=OuterRef("pk"), category=category)
        case_studies = case_studies.filter(Exists(photos))
    query = query.strip()
    if query:
        members = CohortMembership.objects.active().filter(
            cohort=OuterRef("group_id"), participant__name__icontains=query
        )
        case_studies = case_studies.filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Q(author__name__icontains=query)
            | Q(group__name__icontains=query)
            | Q(Exists(members))
        )
    return (
        case_studies.select_related("theme", "author", "group")
        .annotate(
            photo_count=Coalesce(_photo_count(), 0),
            cover_id=_cover("pk"),
            cover_width=_cover("width"),
            cover_height=_cover("height"),
        )
        .order_by("-submitted_at", "-pk")
    )


def collection_photo_list(*, category=None, cohort=None) -> QuerySet[EvidencePhoto]:
    """The photos of accepted and presented case studies (the photo wall), newest first, with
    their case study and category: one query."""
    photos = EvidencePhoto.objects.filter(case_study__status__in=COLLECTED)
    if category is not None:
        photos = photos.filter(category=category)
    if cohort is not None:
        collected = CaseStudy.objects.filter(_in_cohorts(Cohort.objects.filter(pk=cohort.pk)))
        photos = photos.filter(case_study__in=collected)
    return photos.select_related("case_study", "category").order_by("-uploaded_at", "-pk")


def collection_cohorts() -> QuerySet[Cohort]:
    """Cohorts to filter the collection by, with their programme."""
    return Cohort.objects.select_related("programme").order_by("name")


def collection_book_case_studies(*, programme) -> list[CaseStudy]:
    """A programme's accepted and presented case studies for its book and ZIP, by title, with
    their photos (and categories) and the current members of their groups: four queries
    whatever their number."""
    members = CohortMembership.objects.active().select_related("participant")
    return list(
        collection_list(programme=programme)
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=EvidencePhoto.objects.select_related("category").order_by(
                    "category__sort_order", "uploaded_at", "pk"
                ),
            ),
            Prefetch("group__memberships", queryset=members, to_attr="current_memberships"),
        )
        .order_by("title", "pk")
    )


# Reviews: weights, conflicts of interest, candidates, allocation ---------------------------------

# Case studies whose assignments count toward a reviewer's current load
OPEN_REVIEW = (
    CaseStudy.Status.SUBMITTED,
    CaseStudy.Status.IN_REVIEW,
    CaseStudy.Status.REVISION_REQUESTED,
)


def review_weights_get() -> ReviewWeights:
    """The roles' weights (the row migration 0005 made; its defaults if it is gone)."""
    return ReviewWeights.objects.filter(pk=1).first() or ReviewWeights(pk=1)


def _unit(participant) -> Unit | None:
    unit = participant.unit
    return Unit(unit.code, unit.level, unit.name) if unit is not None else None


def _authors_of(case_studies) -> dict[int, list[tuple[Participant, Author]]]:
    """Each case study's authors (the one author, or the group's current members) with their
    units: two queries for any number."""
    alone = {cs.author_id for cs in case_studies if cs.author_id}
    groups = {cs.group_id for cs in case_studies if cs.group_id}
    people = {p.pk: p for p in Participant.objects.filter(pk__in=alone).select_related("unit")}
    members: dict[int, list[Participant]] = {}
    for membership in (
        CohortMembership.objects.active()
        .filter(cohort_id__in=groups)
        .select_related("participant__unit")
        .order_by("participant__name", "pk")
    ):
        members.setdefault(membership.cohort_id, []).append(membership.participant)
    out = {}
    for cs in case_studies:
        found = [people[cs.author_id]] if cs.author_id else members.get(cs.group_id, [])
        out[cs.pk] = [(p, Author(p.pk, p.name, _unit(p))) for p in found]
    return out


def _reviewer_units(reviewer_ids) -> dict[int, Unit]:
    return {
        p.user_id: _unit(p)
        for p in Participant.objects.filter(user_id__in=reviewer_ids).select_related("unit")
    }


def _declared(reviewer_ids, participant_ids) -> dict[int, list[Declared]]:
    out: dict[int, list[Declared]] = {}
    for conflict in (
        ConflictOfInterest.objects.filter(
            reviewer_id__in=reviewer_ids, participant_id__in=participant_ids
        )
        .select_related("declared_by")
        .order_by("declared_at", "pk")
    ):
        by = conflict.declared_by
        out.setdefault(conflict.reviewer_id, []).append(
            Declared(
                participant_id=conflict.participant_id,
                kind=conflict.kind,
                valid_from=conflict.valid_from,
                valid_to=conflict.valid_to,
                reason=conflict.reason,
                declared_by=(by.get_full_name() or by.email) if by else "",
                pinned=conflict.pinned,
            )
        )
    return out


def review_loads(reviewer_ids) -> dict[int, int]:
    """Each reviewer's current assignments (on case studies still in review): one query."""
    rows = (
        ReviewAssignment.objects.filter(
            reviewer_id__in=reviewer_ids, case_study__status__in=OPEN_REVIEW
        )
        .values("reviewer_id")
        .annotate(n=Count("pk"))
    )
    loads = dict.fromkeys(reviewer_ids, 0)
    loads.update({row["reviewer_id"]: row["n"] for row in rows})
    return loads


class ConflictFacts:
    """What deciding conflicts needs for some case studies and reviewers, loaded at once
    (four queries): the authors with their units, the reviewers' own units, the relations
    declared between them."""

    def __init__(self, case_studies, reviewer_ids, *, on=None):
        self.on = on or timezone.localdate()
        self.authors = _authors_of(case_studies)
        author_ids = {a.participant_id for rows in self.authors.values() for _p, a in rows}
        self.author_users = {
            cs: {p.user_id for p, _a in rows if p.user_id} for cs, rows in self.authors.items()
        }
        self.units = _reviewer_units(reviewer_ids)
        self.declared = _declared(reviewer_ids, author_ids)

    def is_author(self, case_study_id: int, reviewer_id: int) -> bool:
        return reviewer_id in self.author_users.get(case_study_id, set())

    def conflicts(self, case_study_id: int, reviewer_id: int, role: str) -> list[Conflict]:
        return blocking_conflicts(
            role=role,
            authors=[a for _p, a in self.authors.get(case_study_id, [])],
            reviewer_unit=self.units.get(reviewer_id),
            declared=self.declared.get(reviewer_id, []),
            on=self.on,
        )


def review_conflicts(*, case_study: CaseStudy, reviewer, role: str) -> list[Conflict]:
    """The conflicts that keep ``reviewer`` out of ``role`` on ``case_study`` today."""
    return ConflictFacts([case_study], [reviewer.pk]).conflicts(case_study.pk, reviewer.pk, role)


@dataclasses.dataclass
class Candidate:
    reviewer: object
    load: int
    assigned_role: str | None
    author: bool
    # role value → its label and the conflicts that block it (empty: free in that role)
    roles: list[tuple[str, str, list[Conflict]]]

    @property
    def assigned_conflicts(self) -> list[Conflict]:
        """Conflicts in the role he already holds (declared since he was assigned)."""
        return next((found for role, _l, found in self.roles if role == self.assigned_role), [])


def reviewer_candidates(case_study: CaseStudy) -> list[Candidate]:
    """Every facilitator who might be invited to review ``case_study``, with his current load
    and, per role, what blocks him (an author, a conflict, explained): seven queries for any
    number of reviewers and authors."""
    people = list(reviewers().order_by("first_name", "email", "pk"))
    ids = [user.pk for user in people]
    facts = ConflictFacts([case_study], ids)
    loads = review_loads(ids)
    assigned = dict(
        ReviewAssignment.objects.filter(case_study=case_study).values_list("reviewer_id", "role")
    )
    out = []
    for user in people:
        author = facts.is_author(case_study.pk, user.pk)
        roles = [
            (role, label, facts.conflicts(case_study.pk, user.pk, role))
            for role, label in ReviewAssignment.Role.choices
        ]
        out.append(Candidate(user, loads[user.pk], assigned.get(user.pk), author, roles))
    return out


def case_study_list_for_allocation() -> QuerySet[CaseStudy]:
    """The case studies an automatic allocation serves: handed in and not yet decided."""
    return (
        CaseStudy.objects.filter(status__in=OPEN_REVIEW)
        .select_related("author", "group")
        .order_by("pk")
    )


def allocation_inputs(case_studies, roles) -> dict:
    """The arguments of ``casestudies.allocation.allocate`` for ``case_studies`` (without
    ``per_role``), with the reviewers by id to name them: a fixed number of queries."""
    people = {user.pk: user for user in reviewers()}
    ids = sorted(people)
    facts = ConflictFacts(case_studies, ids)
    existing = set(
        ReviewAssignment.objects.filter(case_study__in=[cs.pk for cs in case_studies]).values_list(
            "case_study_id", "reviewer_id", "role"
        )
    )
    blocked = {
        (cs.pk, reviewer, role)
        for cs in case_studies
        for reviewer in ids
        for role in roles
        if facts.is_author(cs.pk, reviewer) or facts.conflicts(cs.pk, reviewer, role)
    }
    return {
        "case_study_ids": [cs.pk for cs in case_studies],
        "reviewer_ids": ids,
        "load": review_loads(ids),
        "existing": existing,
        "blocked": blocked,
        "reviewers": people,
    }


def conflict_list() -> QuerySet[ConflictOfInterest]:
    """Declared conflicts for the organisers' list, with who and by whom: one query."""
    return ConflictOfInterest.objects.select_related(
        "reviewer", "participant", "declared_by", "pinned_by"
    ).order_by("-declared_at", "-pk")


def feedback_release_get(case_study: CaseStudy) -> FeedbackRelease | None:
    return (
        FeedbackRelease.objects.filter(case_study=case_study).select_related("released_by").first()
    )


def case_study_feedback_for_authors(case_study: CaseStudy) -> dict | None:
    """What the authors see once the organiser released it: each reviewer's role and
    feedback (the mentor, non-blind, by name), the final score and its parts; None before
    the release. A fixed number of queries."""
    release = feedback_release_get(case_study)
    if release is None:
        return None
    reviews = case_study_reviews(case_study)
    return {"release": release, **reviews}


# Presentations -----------------------------------------------------------------------------------


def presentation_slot_list(*, date=None, status=None, session=None) -> QuerySet[PresentationSlot]:
    """Slots by day and time with their case study, day, room and panel: two queries."""
    slots = PresentationSlot.objects.select_related(
        "case_study", "day__session", "room"
    ).prefetch_related(Prefetch("panel", queryset=PanelMember.objects.select_related("panellist")))
    if date:
        slots = slots.filter(day__date=date)
    if status:
        slots = slots.filter(status=status)
    if session:
        slots = slots.filter(day__session=session)
    return slots.order_by("day__date", "starts", "room__name", "pk")


def panel_list_for_user(user) -> QuerySet[PanelMember]:
    """The panels ``user`` sits on, soonest first, with their slot and case study."""
    return (
        PanelMember.objects.filter(panellist=user)
        .exclude(slot__status=PresentationSlot.Status.CANCELLED)
        .select_related("slot__case_study", "slot__day__session", "slot__room")
        .order_by("slot__day__date", "slot__starts", "pk")
    )


def panel_scores(slot: PresentationSlot) -> dict:
    """One slot's panellists with their levels, feedback and score, and the panel's mean
    (``casestudies.scoring.panel_mean``): three queries whatever their number."""
    criteria = rubric()
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    members = list(
        PanelMember.objects.filter(slot=slot)
        .select_related("panellist")
        .prefetch_related(Prefetch("scores", queryset=PanelScore.objects.all()))
        .order_by("pk")
    )
    all_levels = []
    for member in members:
        levels = {score.criterion_id: score.level for score in member.scores.all()}
        member.level_map = levels
        member.levels = [levels.get(criterion.pk) for criterion in criteria]
        member.score = weighted_score(levels, weights)
        all_levels.append(levels)
    return {"criteria": criteria, "members": members, "mean": panel_mean(all_levels, weights)}


def case_study_presentation(case_study: CaseStudy) -> PresentationSlot | None:
    """The live (scheduled or held) slot of a case study, for its authors' page: one query,
    none before it is accepted."""
    if case_study.status not in COLLECTED:
        return None
    return (
        PresentationSlot.objects.filter(case_study=case_study, status__in=PresentationSlot.LIVE)
        .select_related("day__session", "room")
        .first()
    )
