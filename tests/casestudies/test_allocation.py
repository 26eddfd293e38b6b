"""The automatic allocation of reviewers: the pure algorithm on hand-made cases (balanced
counts, existing load, conflicts and authors respected, existing assignments counted, the same
answer twice, an impossible case reported rather than raised), and the admin's preview and
confirm (nothing saved before, a conflict declared in between refuses the batch)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from casestudies.allocation import Proposal, Shortfall, allocate
from casestudies.models import CaseStudy, ConflictOfInterest, ReviewAssignment
from casestudies.services.reviews import conflict_declare, review_allocation_apply
from core.errors import DomainError
from core.roles import Role
from tests.casestudies.factories import make_author, make_submitted


def _counts(allocation):
    counts = {}
    for proposal in allocation.proposals:
        counts[proposal.reviewer_id] = counts.get(proposal.reviewer_id, 0) + 1
    return counts


def test_load_is_balanced_with_a_deterministic_tie_break():
    result = allocate(
        case_study_ids=[4, 3, 2, 1],
        per_role={"penguji": 1},
        reviewer_ids=[20, 10],
        load={},
    )
    assert result.complete
    # case studies by id; ties go to the smaller reviewer id, then the load decides
    assert result.proposals == [
        Proposal(1, 10, "penguji"),
        Proposal(2, 20, "penguji"),
        Proposal(3, 10, "penguji"),
        Proposal(4, 20, "penguji"),
    ]
    again = allocate(
        case_study_ids=[1, 2, 3, 4], per_role={"penguji": 1}, reviewer_ids=[10, 20], load={}
    )
    assert again.proposals == result.proposals


def test_current_load_comes_first():
    result = allocate(
        case_study_ids=[1, 2, 3],
        per_role={"penguji": 1},
        reviewer_ids=[10, 20, 30],
        load={10: 3, 20: 1, 30: 0},
    )
    # 30 (0) → 1; then 20 and 30 both at 1 → 20; then 30 (1) before 20 (2)
    assert [p.reviewer_id for p in result.proposals] == [30, 20, 30]
    assert 10 not in _counts(result)


def test_two_roles_never_give_one_reviewer_twice_the_same_case_study():
    result = allocate(
        case_study_ids=[1, 2],
        per_role={"penguji": 2, "coach": 1},
        reviewer_ids=[10, 20, 30],
        load={},
    )
    assert result.complete and len(result.proposals) == 6
    for case_study in (1, 2):
        reviewers = [p.reviewer_id for p in result.proposals if p.case_study_id == case_study]
        assert len(set(reviewers)) == 3
    assert sorted(_counts(result).values()) == [2, 2, 2]


def test_conflicts_and_authors_are_respected_per_role():
    blocked = {
        (1, 10, "penguji"),  # a conflict in the penguji role only (e.g. chain of command)
        (1, 20, "penguji"),
        (1, 20, "mentor"),  # an author: every role
    }
    result = allocate(
        case_study_ids=[1],
        per_role={"penguji": 1, "mentor": 1},
        reviewer_ids=[10, 20, 30],
        load={30: 5},
        blocked=blocked,
    )
    assert result.proposals == [Proposal(1, 30, "penguji"), Proposal(1, 10, "mentor")]


def test_existing_assignments_count_toward_the_role():
    result = allocate(
        case_study_ids=[1],
        per_role={"penguji": 2},
        reviewer_ids=[10, 20, 30],
        load={10: 1},
        existing={(1, 10, "penguji")},
    )
    assert result.proposals == [Proposal(1, 20, "penguji")]
    done = allocate(
        case_study_ids=[1],
        per_role={"penguji": 1, "coach": 0},
        reviewer_ids=[10],
        load={},
        existing={(1, 10, "penguji")},
    )
    assert done.proposals == [] and done.complete


def test_an_impossible_case_is_reported_not_raised():
    result = allocate(
        case_study_ids=[1, 2],
        per_role={"penguji": 2},
        reviewer_ids=[10, 20],
        load={},
        blocked={(2, 10, "penguji"), (2, 20, "penguji")},
    )
    assert result.proposals == [Proposal(1, 10, "penguji"), Proposal(1, 20, "penguji")]
    assert result.shortfalls == [Shortfall(2, "penguji", 2)] and not result.complete
    nobody = allocate(case_study_ids=[1], per_role={"coach": 1}, reviewer_ids=[], load={})
    assert nobody.shortfalls == [Shortfall(1, "coach", 1)]
    assert allocate(case_study_ids=[], per_role={"coach": 1}, reviewer_ids=[1], load={}).complete


# Loading, previewing and confirming -----------------------------------------------------------


def make_staff(role, name):
    user = get_user_model().objects.create_user(
        username=name, email=f"{name}@example.go.id", password="x", first_name=name
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.django_db
def test_the_organiser_previews_then_confirms(client, region_tree):
    participant, author = make_author(region_tree["kelurahan"])
    participant.refresh_from_db()
    organiser = make_staff(Role.PENYELENGGARA, "org")
    first, second = make_staff(Role.FASILITATOR, "satu"), make_staff(Role.FASILITATOR, "dua")
    studies = [make_submitted(participant, author, title=f"Studi {n}") for n in range(2)]
    client.force_login(organiser)
    url = reverse("casestudies_allocation:index")
    assert client.get(url).status_code == 200
    form = {
        "action": "preview",
        "case_studies": [cs.pk for cs in studies],
        "penguji": "1",
        "coach": "1",
        "mentor": "0",
    }
    page = client.post(url, form).content.decode()
    assert "Studi 0" in page and "Confirm these assignments" in page
    assert ReviewAssignment.objects.count() == 0  # a preview saves nothing
    values = [
        f"{cs.pk}:{reviewer.pk}:{role}"
        for cs in studies
        for reviewer, role in ((first, "penguji"), (second, "coach"))
    ]
    # load ties go to the smaller id: the first facilitator examines both, the second coaches
    for value in values:
        assert value in page
    # a conflict declared since the preview refuses the whole batch
    conflict = conflict_declare(
        reviewer=first, participant=participant, kind="kinship", by=organiser
    )
    proposals = [f"{cs.pk}:{first.pk}:penguji" for cs in studies]
    client.post(url, {"action": "confirm", "proposal": proposals})
    assert ReviewAssignment.objects.count() == 0
    ConflictOfInterest.objects.filter(pk=conflict.pk).delete()
    response = client.post(url, {"action": "confirm", "proposal": proposals})
    assert response.status_code == 302
    assert ReviewAssignment.objects.filter(reviewer=first, role="penguji").count() == 2


@pytest.mark.django_db
def test_an_impossible_allocation_is_shown_not_crashed(client, region_tree):
    participant, author = make_author(region_tree["kelurahan"])
    organiser = make_staff(Role.PENYELENGGARA, "org")
    make_staff(Role.FASILITATOR, "satu")
    case_study = make_submitted(participant, author)
    client.force_login(organiser)
    url = reverse("casestudies_allocation:index")
    page = client.post(
        url,
        {
            "action": "preview",
            "case_studies": [case_study.pk],
            "penguji": "3",
            "coach": "0",
            "mentor": "0",
        },
    ).content.decode()
    assert "Not enough free reviewers" in page
    # a tampered proposal is refused without a 500
    bad = client.post(url, {"action": "confirm", "proposal": ["x:y:z"]})
    assert bad.status_code == 302 and ReviewAssignment.objects.count() == 0


@pytest.mark.django_db
def test_apply_refuses_an_author_or_a_draft(region_tree):
    participant, author = make_author(region_tree["kelurahan"])
    author.groups.add(Group.objects.get(name=Role.FASILITATOR))
    case_study = make_submitted(participant, author)
    with pytest.raises(DomainError, match="authors"):
        review_allocation_apply(proposals=[Proposal(case_study.pk, author.pk, "coach")], by=None)
    assert CaseStudy.objects.get(pk=case_study.pk).assignments.count() == 0


@pytest.mark.django_db
def test_the_preview_has_a_fixed_number_of_queries(
    client, region_tree, django_assert_max_num_queries
):
    participant, author = make_author(region_tree["kelurahan"])
    organiser = make_staff(Role.PENYELENGGARA, "org")
    make_staff(Role.FASILITATOR, "satu")
    make_submitted(participant, author, title="Studi awal")
    client.force_login(organiser)
    url = reverse("casestudies_allocation:index")

    def preview():
        ids = list(CaseStudy.objects.values_list("pk", flat=True))
        form = {"action": "preview", "case_studies": ids, "penguji": "1", "coach": "1"}
        return client.post(url, {**form, "mentor": "0"})

    preview()
    with django_assert_max_num_queries(60) as few:
        assert preview().status_code == 200
    for n in range(4):
        make_submitted(participant, author, title=f"Studi {n}")
        make_staff(Role.FASILITATOR, f"fasil{n}")
        conflict_declare(
            reviewer=get_user_model().objects.get(username=f"fasil{n}"),
            participant=participant,
            kind="other",
            by=organiser,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert preview().content.decode().count("Studi ") >= 5


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Refusals and pages are matched in their English source text (the catalogue would
    otherwise answer in Indonesian, the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
