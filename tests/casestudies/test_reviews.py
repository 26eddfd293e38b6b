"""Reviewers and the rubric: assignment and its refusals (not a facilitator, an author of the
case study, twice, a draft), scoring by the assigned reviewer only and only in review, the
weighted score, the reviewer's pages and their query counts; the final score by the roles'
weights (hand-worked examples and edges), the weights' screen, and the release of feedback
to the authors (nothing shown before)."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from casestudies.models import CaseStudy, FeedbackRelease, ReviewAssignment, RubricCriterion
from casestudies.scoring import combined_score, final_score, weighted_score
from casestudies.selectors import review_weights_get
from casestudies.services.reviews import (
    feedback_release,
    review_assign,
    review_score,
    review_weights_save,
)
from core.errors import DomainError
from core.roles import Role
from tests.casestudies.factories import (
    make_author,
    make_case_study,
    make_group,
    make_ready,
    make_submitted,
    move,
)

Status = CaseStudy.Status
pytestmark = pytest.mark.django_db


def make_staff(role, name):
    user = get_user_model().objects.create_user(
        username=name, email=f"{name}@example.go.id", password="x", first_name=name
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def people(region_tree):
    participant, user = make_author(region_tree["kelurahan"])
    return {
        "participant": participant,
        "author": user,
        "organiser": make_staff(Role.PENYELENGGARA, "org"),
        "coach": make_staff(Role.FASILITATOR, "coach"),
        "penguji": make_staff(Role.FASILITATOR, "penguji"),
    }


def levels(value):
    return dict.fromkeys(RubricCriterion.objects.values_list("pk", flat=True), value)


def test_the_rubric_arithmetic():
    assert weighted_score({1: 4, 2: 2}, {1: 1, 2: 1}) == 75.0
    assert weighted_score({1: 4, 2: 1}, {1: 3, 2: 1}) == 81.25
    assert weighted_score({1: 4}, {1: 1, 2: 1}) is None
    assert combined_score([80.0, None, 60.0]) == 70.0
    assert combined_score([None]) is None


def test_a_reviewer_is_assigned_and_scores_in_review(people):
    case_study = make_submitted(people["participant"], people["author"])
    coach = review_assign(
        case_study=case_study, reviewer=people["coach"], role="coach", by=people["organiser"]
    )
    with pytest.raises(DomainError, match="in review"):
        review_score(assignment=coach, levels=levels(3), feedback="", by=people["coach"])
    move(case_study, Status.IN_REVIEW, by=people["organiser"])
    with pytest.raises(DomainError, match="Only the assigned reviewer"):
        review_score(assignment=coach, levels=levels(3), feedback="", by=people["penguji"])
    with pytest.raises(DomainError, match="every criterion"):
        review_score(assignment=coach, levels={}, feedback="", by=people["coach"])
    with pytest.raises(DomainError, match="1 to 4"):
        review_score(assignment=coach, levels=levels(5), feedback="", by=people["coach"])
    review_score(assignment=coach, levels=levels(4), feedback="Bagus", by=people["coach"])
    review_score(assignment=coach, levels=levels(3), feedback="Cukup", by=people["coach"])
    coach.refresh_from_db()
    assert coach.feedback == "Cukup" and coach.scores.count() == RubricCriterion.objects.count()


def test_assignment_refusals(people, region_tree):
    draft = make_ready(make_case_study(people["participant"], people["author"]), people["author"])
    with pytest.raises(DomainError, match="gets no new reviewer"):
        review_assign(case_study=draft, reviewer=people["coach"], role="coach", by=None)
    case_study = make_submitted(people["participant"], people["author"], title="Kirim")
    with pytest.raises(DomainError, match="not a facilitator"):
        review_assign(case_study=case_study, reviewer=people["organiser"], role="coach", by=None)
    with pytest.raises(DomainError, match="role"):
        review_assign(case_study=case_study, reviewer=people["coach"], role="juri", by=None)
    review_assign(case_study=case_study, reviewer=people["coach"], role="mentor", by=None)
    with pytest.raises(DomainError, match="already reviews"):
        review_assign(case_study=case_study, reviewer=people["coach"], role="coach", by=None)


def test_an_author_cannot_review_his_own_work(people, region_tree):
    # a facilitator who is also a participant in the group that wrote it
    other, other_user = make_author(region_tree["kelurahan"])
    other_user.groups.add(Group.objects.get(name=Role.FASILITATOR))
    group = make_group([people["participant"], other])
    case_study = make_submitted(people["participant"], people["author"], group=group)
    with pytest.raises(DomainError, match="conflict of interest"):
        review_assign(case_study=case_study, reviewer=other_user, role="penguji", by=None)


def test_the_review_page_assigns_and_shows_scores(client, people):
    case_study = make_submitted(people["participant"], people["author"])
    client.force_login(people["organiser"])
    url = reverse("casestudies_casestudy:review", args=[case_study.pk])
    client.post(url, {"action": "assign", "reviewer": people["coach"].pk, "role": "coach"})
    assignment = ReviewAssignment.objects.get()
    move(case_study, Status.IN_REVIEW, by=people["organiser"])
    review_score(assignment=assignment, levels=levels(4), feedback="Rapi", by=people["coach"])
    page = client.get(url).content.decode()
    assert "Rapi" in page and "100" in page


def test_the_reviewer_scores_from_his_pages(client, people, django_assert_max_num_queries):
    case_study = make_submitted(people["participant"], people["author"])
    assignment = review_assign(
        case_study=case_study, reviewer=people["coach"], role="coach", by=people["organiser"]
    )
    move(case_study, Status.IN_REVIEW, by=people["organiser"])
    client.force_login(people["coach"])
    index = reverse("casestudies_review:index")
    client.get(index)
    with django_assert_max_num_queries(40) as few:
        assert case_study.title in client.get(index).content.decode()
    for n in range(4):
        other = make_submitted(people["participant"], people["author"], title=f"Lain {n}")
        review_assign(case_study=other, reviewer=people["coach"], role="coach", by=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(index).content.decode().count("Lain ") == 4
    # he opens the case study and its photos, scores it
    assert client.get(reverse("casestudies:detail", args=[case_study.pk])).status_code == 200
    url = reverse("casestudies_review:score", args=[assignment.pk])
    assert client.get(url).status_code == 200
    data = {f"criterion_{pk}": "3" for pk in RubricCriterion.objects.values_list("pk", flat=True)}
    response = client.post(url, {**data, "feedback": "Lengkapi peta"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.scored_at and assignment.feedback == "Lengkapi peta"
    # another facilitator opens neither the score page nor the case study
    client.force_login(people["penguji"])
    refused = client.get(url)  # Wagtail's refusal: back to the admin home with a message
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("casestudies:detail", args=[case_study.pk])).status_code == 404


def test_the_rubric_is_edited_in_the_admin_and_never_deleted(client, people):
    client.force_login(people["organiser"])
    response = client.post(
        reverse("casestudies_rubriccriterion:add"),
        {"name": "Kreativitas", "description": "", "weight": 1, "sort_order": 9},
    )
    assert response.status_code == 302
    criterion = RubricCriterion.objects.get(name="Kreativitas")
    refused = client.get(reverse("casestudies_rubriccriterion:delete", args=[criterion.pk]))
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert RubricCriterion.objects.filter(pk=criterion.pk).exists()


# The final score: roles combined by their weights ----------------------------------------------

WEIGHTS = {"penguji": 50, "coach": 30, "mentor": 20}


def D(value):
    return Decimal(value)


def test_a_reviewers_score_is_exact_to_the_cent():
    # (3 + 4 + 4) / 3 × 25 = 91.666… → 91.67 (half up); 1.5 × 25 / 1 = 37.50
    assert weighted_score({1: 3, 2: 4, 3: 4}, {1: 1, 2: 1, 3: 1}) == D("91.67")
    assert weighted_score({1: 1, 2: 2}, {1: 1, 2: 1}) == D("37.50")
    assert isinstance(weighted_score({1: 4}, {1: 1}), Decimal)


def test_the_final_score_by_hand():
    """penguji 80 and 70 → mean 75; coach 90; mentor 60:
    0.5 × 75 + 0.3 × 90 + 0.2 × 60 = 37.5 + 27 + 12 = 76.50."""
    final = final_score(
        {"penguji": [D("80"), D("70")], "coach": [D("90")], "mentor": [D("60")]}, WEIGHTS
    )
    assert final.score == D("76.50") and not final.provisional and final.missing == ()
    assert [(p.role, p.mean, p.applied_weight, p.points) for p in final.parts] == [
        ("penguji", D("75.00"), D("50.00"), D("37.50")),
        ("coach", D("90.00"), D("30.00"), D("27.00")),
        ("mentor", D("60.00"), D("20.00"), D("12.00")),
    ]


def test_a_role_without_a_score_is_left_out_and_the_others_rescaled():
    """No mentor score: penguji 50 and coach 30 of 80 → 62.5 % and 37.5 %:
    0.625 × 75 + 0.375 × 90 = 46.875 + 33.75 = 80.625 → 80.63, provisional."""
    final = final_score(
        {"penguji": [D("80"), D("70")], "coach": [D("90")], "mentor": [None]}, WEIGHTS
    )
    assert final.score == D("80.63") and final.provisional and final.missing == ("mentor",)
    penguji, coach, mentor = final.parts
    assert (penguji.applied_weight, penguji.points) == (D("62.50"), D("46.88"))
    assert (coach.applied_weight, coach.points) == (D("37.50"), D("33.75"))
    assert mentor.mean is None and mentor.applied_weight is None and mentor.points is None


def test_final_score_edges():
    # nobody scored: no final score, every weighted role missing
    empty = final_score({"penguji": [None, None]}, WEIGHTS)
    assert empty.score is None and not empty.provisional
    assert empty.missing == ("penguji", "coach", "mentor")
    # one role only: its mean is the final score
    assert final_score({"coach": [D("81.25")]}, WEIGHTS).score == D("81.25")
    # a role weighted 0 counts for nothing and is not missing
    zero = final_score(
        {"penguji": [D("60")], "mentor": [D("100")]}, {"penguji": 100, "coach": 0, "mentor": 0}
    )
    assert zero.score == D("60.00") and zero.missing == ()
    # rounding happens once, at the end: thirds that would drift if rounded per part
    thirds = final_score(
        {"penguji": [D("70"), D("70"), D("71")], "coach": [D("100")]},
        {"penguji": 50, "coach": 50, "mentor": 0},
    )
    # mean 70.333… × 0.5 + 50 = 85.1666… → 85.17
    assert thirds.score == D("85.17")
    # the extremes
    top = final_score({r: [D("100")] for r in WEIGHTS}, WEIGHTS)
    low = final_score({r: [D("25")] for r in WEIGHTS}, WEIGHTS)
    assert (top.score, low.score) == (D("100.00"), D("25.00"))


@pytest.mark.parametrize(
    ("weights", "error"),
    [
        ({"penguji": 50, "coach": 30, "mentor": 30}, "110"),
        ({"penguji": 50, "coach": 30, "mentor": 10}, "90"),
        ({"penguji": 101, "coach": 0, "mentor": 0}, "0 to 100"),
    ],
)
def test_weights_must_add_up_to_100(people, weights, error):
    with pytest.raises(ValidationError, match=error):
        review_weights_save(**weights, by=people["organiser"])


def test_weights_are_edited_by_organisers_and_change_the_final_score(client, people):
    assert review_weights_get().as_dict() == WEIGHTS  # the migration's row
    client.force_login(people["coach"])
    url = reverse("casestudies_weights:edit")
    assert client.get(url).status_code in (302, 403)
    client.force_login(people["organiser"])
    refused = client.post(url, {"penguji": "60", "coach": "30", "mentor": "20"})
    assert refused.status_code == 400 and "110" in refused.content.decode()
    assert client.post(url, {"penguji": "70", "coach": "30", "mentor": "0"}).status_code == 302
    saved = review_weights_get()
    assert saved.as_dict() == {"penguji": 70, "coach": 30, "mentor": 0}
    assert saved.updated_by == people["organiser"]


def _scored_in_review(people):
    case_study = make_submitted(people["participant"], people["author"])
    coach = review_assign(
        case_study=case_study, reviewer=people["coach"], role="coach", by=people["organiser"]
    )
    penguji = review_assign(
        case_study=case_study, reviewer=people["penguji"], role="penguji", by=people["organiser"]
    )
    case_study = move(case_study, Status.IN_REVIEW, by=people["organiser"])
    review_score(assignment=coach, levels=levels(4), feedback="Peta jelas", by=people["coach"])
    review_score(
        assignment=penguji, levels=levels(2), feedback="Analisis dangkal", by=people["penguji"]
    )
    return case_study


def test_the_review_page_explains_the_final_score(client, people):
    case_study = _scored_in_review(people)
    client.force_login(people["organiser"])
    page = client.get(reverse("casestudies_casestudy:review", args=[case_study.pk]))
    text = page.content.decode()
    # coach 100 and penguji 50, weights 30 and 50 of 80 → 37.5 % × 100 + 62.5 % × 50 = 68.75
    assert "68,75" in text or "68.75" in text
    assert "provisional" in text and "left out" in text


def test_feedback_is_released_to_the_authors_not_before(client, people):
    case_study = _scored_in_review(people)
    detail = reverse("casestudies:detail", args=[case_study.pk])
    client.force_login(people["author"])
    before = client.get(detail).content.decode()
    assert "Peta jelas" not in before and "Analisis dangkal" not in before
    assert "68,75" not in before and "68.75" not in before
    # a reviewer's page and the site's page never show it to the author; the organiser
    # releases it from the review page
    client.force_login(people["organiser"])
    review = reverse("casestudies_casestudy:review", args=[case_study.pk])
    assert client.post(review, {"action": "release"}).status_code == 302
    release = FeedbackRelease.objects.get(case_study=case_study)
    assert release.released_by == people["organiser"] and release.released_at
    client.force_login(people["author"])
    after = client.get(detail).content.decode()
    assert "Peta jelas" in after and "Analisis dangkal" in after
    assert "68,75" in after or "68.75" in after
    # coach and penguji stay blind: their names are not shown to the authors
    assert "penguji@example.go.id" not in after and ">penguji<" not in after
    with pytest.raises(DomainError, match="already been released"):
        feedback_release(case_study=case_study, by=people["organiser"])


def test_release_refusals(people):
    case_study = make_submitted(people["participant"], people["author"])
    with pytest.raises(DomainError, match="review has started"):
        feedback_release(case_study=case_study, by=people["organiser"])
    review_assign(case_study=case_study, reviewer=people["coach"], role="coach", by=None)
    move(case_study, Status.IN_REVIEW, by=people["organiser"])
    with pytest.raises(DomainError, match="No reviewer has scored"):
        feedback_release(case_study=case_study, by=people["organiser"])
    assert not FeedbackRelease.objects.exists()


def test_a_facilitator_cannot_release(client, people):
    case_study = _scored_in_review(people)
    client.force_login(people["coach"])
    client.post(
        reverse("casestudies_casestudy:review", args=[case_study.pk]), {"action": "release"}
    )
    assert not FeedbackRelease.objects.exists()


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Refusals and pages are matched in their English source text (the catalogue would
    otherwise answer in Indonesian, the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
