"""A cohort's progress at national size: a page of members at a time in a fixed number of
queries, with the learning gain per module over every member (computed in the database), the
same figures as ``learning_gain_summary`` makes in Python."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Cohort, CohortMembership
from cohorts.services.cohorts import cohort_member_add, cohort_member_remove
from lms.selectors.progress import (
    cohort_learning_gain,
    learning_gain,
    learning_gain_summary,
)
from lms.services import learning
from tests.factories import answer_all, lessons_of, make_participant, make_programme, modules_of

pytestmark = pytest.mark.django_db


def take(participant, module, kind, right):
    attempt = learning.attempt_start(participant=participant, module=module, kind=kind)
    return learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=right))


@pytest.fixture
def cohort_with_scores(region_tree):
    """A cohort of 60 (names sort the test takers onto the second page) and one former member
    whose scores must not count."""
    programme = make_programme(modules=2, lessons=1, questions=4)
    first, second = modules_of(programme)
    cohort = Cohort.objects.create(name="Angkatan Nasional", programme=programme)
    people = [
        make_participant(unit=region_tree["kelurahan"], name=f"Ahmad {n:02d}") for n in range(56)
    ]
    takers = [
        make_participant(unit=region_tree["kelurahan"], name=f"Zulkifli {n}") for n in range(4)
    ]
    CohortMembership.objects.bulk_create(
        CohortMembership(cohort=cohort, participant=person) for person in [*people, *takers]
    )
    for taker, (pre, post) in zip(takers, [(1, 3), (2, 4), (4, 4), (0, 2)], strict=True):
        take(taker, first, "pre", pre)
        for lesson in lessons_of(first):
            learning.lesson_complete(participant=taker, lesson=lesson)
        take(taker, first, "post", post)
    take(takers[0], second, "pre", 1)  # a pre-test alone makes no pair
    former = make_participant(unit=region_tree["kelurahan"], name="Zainal Keluar")
    cohort_member_add(cohort=cohort, participant=former)
    take(former, first, "pre", 0)
    for lesson in lessons_of(first):
        learning.lesson_complete(participant=former, lesson=lesson)
    take(former, first, "post", 4)
    cohort_member_remove(cohort=cohort, participant=former)
    return cohort, takers


def test_the_gain_over_every_member_matches_the_python_summary(cohort_with_scores):
    cohort, takers = cohort_with_scores
    modules = [module.pk for module in modules_of(cohort.programme)]
    expected = learning_gain_summary(
        learning_gain(modules=modules, participants=[t.pk for t in takers]), key="module_id"
    )
    computed = cohort_learning_gain(cohort=cohort, modules=modules)
    assert set(computed) == set(expected) == {modules[0]}
    for key in ("count", "pre", "post", "gain", "normalised_gain"):
        assert round(float(computed[modules[0]][key]), 6) == round(
            float(expected[modules[0]][key]), 6
        ), key
    # pre 25 → 75, 50 → 100, 100 → 100 (no normalised gain), 0 → 50
    assert computed[modules[0]]["count"] == 4
    assert float(computed[modules[0]]["gain"]) == 37.5
    assert round(float(computed[modules[0]]["normalised_gain"]), 4) == round(
        (50 / 75 + 50 / 50 + 50 / 100) / 3, 4
    )


def test_the_progress_page_shows_a_page_of_members_and_the_gain_of_all(
    staff_client, cohort_with_scores
):
    cohort, takers = cohort_with_scores
    client = staff_client("Penyelenggara")
    url = reverse("lms_cohort_progress", args=[cohort.pk])
    first = client.get(url)
    assert first.status_code == 200
    assert first.context["member_count"] == 60
    assert len(first.context["rows"]) == 50
    assert not any(row.participant in takers for row in first.context["rows"])
    gain = first.context["module_gains"][0]["summary"]
    assert gain["count"] == 4 and float(gain["gain"]) == 37.5  # takers are on page 2
    second = client.get(url, {"p": 2})
    rows = {row.participant.pk: row for row in second.context["rows"]}
    assert len(rows) == 10
    assert rows[takers[0].pk].cells[0]["pre"] == 25 and rows[takers[0].pk].cells[0]["done"] == 1
    assert "60" in first.content.decode()


def test_the_progress_page_costs_the_same_queries_for_5_or_60_members(
    staff_client, region_tree, cohort_with_scores
):
    cohort, _takers = cohort_with_scores
    small = Cohort.objects.create(name="Kecil", programme=cohort.programme)
    for person in [make_participant(unit=region_tree["kelurahan"]) for _ in range(5)]:
        cohort_member_add(cohort=small, participant=person)
    client = staff_client("Penyelenggara")
    client.get(reverse("lms_cohort_progress", args=[small.pk]))

    def queries(target, **params):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("lms_cohort_progress", args=[target.pk]), params)
        assert response.status_code == 200
        return len(captured.captured_queries)

    assert queries(small) == queries(cohort) == queries(cohort, p=2)
