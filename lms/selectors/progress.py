"""Reads for organisers and leaders about many participants at once: a cohort's progress
(members × modules, a page of members at a time) and the learning gain between pre- and
post-tests (over every member, computed in the database)."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Max, Q

from cohorts.models import Participant
from lms.models import (
    Certificate,
    Enrolment,
    LessonProgress,
    ModuleCompletion,
    ScoreCorrection,
    TestAttempt,
)
from lms.selectors.learning import module_states, programme_modules

MEMBERS_PER_PAGE = 50


def learning_gain(*, modules, participants):
    """Learning gain per participant and module, only where both tests were taken: the raw
    gain (best post − pre) and the normalised gain (post − pre) / (100 − pre)."""
    return [
        row
        for row in learning_gain_rows(participants=participants, modules=modules)
        if row["gain"] is not None
    ]


def learning_gain_summary(rows, *, key):
    """Average the gains of ``learning_gain`` rows grouped by ``key`` (e.g. "module_id")."""
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    summary = {}
    for group, items in groups.items():
        count = len(items)
        normalised = [
            item["normalised_gain"] for item in items if item["normalised_gain"] is not None
        ]
        summary[group] = {
            "count": count,
            "pre": sum(item["pre"] for item in items) / count,
            "post": sum(item["post"] for item in items) / count,
            "gain": sum(item["gain"] for item in items) / count,
            "normalised_gain": sum(normalised) / len(normalised) if normalised else None,
        }
    return summary


@dataclass
class CohortProgressRow:
    participant: Participant
    cells: list  # one dict per module: done, total, completed, pre, post
    completed_modules: int
    enrolled: bool
    certificate: Certificate | None


def cohort_members(cohort):
    """The cohort's current members by name, with their unit."""
    return (
        Participant.objects.filter(memberships__cohort=cohort, memberships__left_at__isnull=True)
        .select_related("unit")
        .order_by("name", "pk")
    )


def cohort_progress(*, cohort, page_number=None, per_page=MEMBERS_PER_PAGE):
    """One page of the cohort's members × the modules of its programme, with lesson counts,
    completion and test scores, and the per-module learning gain over every member (not
    only the page's). A fixed number of queries whatever the cohort's size."""
    programme = cohort.programme
    modules = programme_modules(programme)
    module_ids = [module.pk for module in modules]
    page = Paginator(cohort_members(cohort), per_page).get_page(page_number)
    members = list(page)
    member_ids = [member.pk for member in members]
    lesson_totals = {state.module.pk: state.lesson_count for state in module_states(None, modules)}
    done = {
        (row["participant_id"], row["module_id"]): row["n"]
        for row in LessonProgress.objects.filter(
            participant_id__in=member_ids, module_id__in=module_ids, completed_at__isnull=False
        )
        .values("participant_id", "module_id")
        .annotate(n=Count("pk"))
    }
    completed = set(
        ModuleCompletion.objects.filter(
            participant_id__in=member_ids, module_id__in=module_ids
        ).values_list("participant_id", "module_id")
    )
    scores = {
        (row["participant_id"], row["module_id"]): row
        for row in learning_gain_rows(participants=member_ids, modules=module_ids)
    }
    enrolled = set(
        Enrolment.objects.filter(programme=programme, participant_id__in=member_ids).values_list(
            "participant_id", flat=True
        )
    )
    certificates = {
        certificate.participant_id: certificate
        for certificate in Certificate.objects.filter(
            programme=programme, participant_id__in=member_ids
        )
    }
    rows = []
    for member in members:
        cells = []
        for module in modules:
            key = (member.pk, module.pk)
            score = scores.get(key, {})
            cells.append(
                {
                    "module": module,
                    "done": done.get(key, 0),
                    "total": lesson_totals[module.pk],
                    "completed": key in completed,
                    "pre": score.get("pre"),
                    "post": score.get("post"),
                }
            )
        rows.append(
            CohortProgressRow(
                participant=member,
                cells=cells,
                completed_modules=sum(1 for cell in cells if cell["completed"]),
                enrolled=member.pk in enrolled,
                certificate=certificates.get(member.pk),
            )
        )
    gains = cohort_learning_gain(cohort=cohort, modules=module_ids)
    module_gains = [{"module": module, "summary": gains.get(module.pk)} for module in modules]
    return {
        "modules": modules,
        "rows": rows,
        "page": page,
        "member_count": page.paginator.count,
        "module_gains": module_gains,
    }


def cohort_learning_gain(*, cohort, modules) -> dict:
    """{module id: {count, pre, post, gain, normalised_gain}} over the cohort's current
    members who took both tests of the module — what ``learning_gain_summary`` makes of
    ``learning_gain``, computed in the database in one query: the pre-test and best post-test
    per member and module (``learning_gain_rows``), averaged per module."""
    if not modules:
        return {}
    members = cohort.memberships.filter(left_at__isnull=True).values("participant_id")
    pairs = (
        TestAttempt.objects.filter(
            submitted_at__isnull=False, participant_id__in=members, module_id__in=list(modules)
        )
        .values("participant_id", "module_id")
        .annotate(
            pre=Max("score", filter=Q(kind=TestAttempt.Kind.PRE)),
            post=Max("score", filter=Q(kind=TestAttempt.Kind.POST)),
        )
        .order_by()
    )
    sql, params = pairs.query.sql_with_params()
    # Two levels of aggregation (per member and module, then per module): the ORM cannot
    # aggregate over an aggregate, so the outer level is written out around the ORM's own
    # SQL (its values stay parameters). "* 1.0" keeps SQLite from dividing integers.
    outer = (
        "SELECT pairs.module_id, COUNT(*), AVG(pairs.pre), AVG(pairs.post), "
        "AVG(pairs.post - pairs.pre), "
        "AVG(CASE WHEN pairs.pre < 100"
        " THEN (pairs.post - pairs.pre) * 1.0 / (100 - pairs.pre) END) "
        "FROM (%s) pairs "
        "WHERE pairs.pre IS NOT NULL AND pairs.post IS NOT NULL GROUP BY pairs.module_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(outer % sql, params)
        return {
            module_id: {
                "count": count,
                "pre": pre,
                "post": post,
                "gain": gain,
                "normalised_gain": normalised,
            }
            for module_id, count, pre, post, gain, normalised in cursor.fetchall()
        }


def learning_gain_rows(*, participants, modules):
    """Pre and best post score per participant and module, with the gain where both exist."""
    rows = (
        TestAttempt.objects.filter(
            submitted_at__isnull=False, participant_id__in=participants, module_id__in=modules
        )
        .values("participant_id", "module_id")
        .annotate(
            pre=Max("score", filter=Q(kind=TestAttempt.Kind.PRE)),
            post=Max("score", filter=Q(kind=TestAttempt.Kind.POST)),
        )
    )
    result = []
    for row in rows:
        gain = normalised = None
        if row["pre"] is not None and row["post"] is not None:
            gain = row["post"] - row["pre"]
            normalised = None if row["pre"] >= 100 else gain / (100 - row["pre"])
        result.append({**row, "gain": gain, "normalised_gain": normalised})
    return result


def attempt_corrections(*, attempt):
    """The recorded corrections of an attempt's score, newest first, with who made them."""
    return ScoreCorrection.objects.filter(attempt=attempt).select_related("corrected_by")
