import pytest
from django.urls import reverse

from cohorts.models import Cohort
from cohorts.services.cohorts import cohort_set_members
from lms.models import Enrolment
from lms.services import learning
from tests.factories import answer_all, lessons_of, make_participant, make_programme, modules_of


@pytest.fixture
def organiser_client(staff_client):
    return lambda role="Penyelenggara": staff_client(role)


def make_cohort(programme, members):
    cohort = Cohort.objects.create(name="Angkatan I", programme=programme)
    cohort_set_members(cohort=cohort, participants=members)
    return cohort


@pytest.mark.django_db
def test_organiser_enrols_a_cohort_and_sees_its_progress(organiser_client, region_tree):
    programme = make_programme(modules=2, lessons=2, questions=2)
    members = [make_participant(unit=region_tree["kelurahan"]) for _ in range(3)]
    cohort = make_cohort(programme, members)
    client = organiser_client()
    url = reverse("lms_cohort_progress", args=[cohort.pk])

    assert client.post(url).status_code == 302
    assert Enrolment.objects.filter(programme=programme).count() == 3
    client.post(url)  # enrolling again adds nobody
    assert Enrolment.objects.filter(programme=programme).count() == 3

    module = modules_of(programme)[0]
    trainee = members[0]
    pre = learning.attempt_start(participant=trainee, module=module, kind="pre")
    learning.attempt_submit(attempt=pre, answers=answer_all(pre, right=1))
    for lesson in lessons_of(module):
        learning.lesson_complete(participant=trainee, lesson=lesson)
    post = learning.attempt_start(participant=trainee, module=module, kind="post")
    learning.attempt_submit(attempt=post, answers=answer_all(post, right=2))

    response = client.get(url)
    assert response.status_code == 200
    rows = {row.participant.pk: row for row in response.context["rows"]}
    assert rows[trainee.pk].completed_modules == 1
    assert rows[trainee.pk].cells[0]["done"] == 2
    gain = response.context["module_gains"][0]["summary"]
    assert gain["count"] == 1
    assert gain["gain"] == 50


@pytest.mark.django_db
def test_cohort_progress_queries_stay_flat(
    organiser_client, region_tree, django_assert_max_num_queries
):
    programme = make_programme(modules=2, lessons=2, questions=2)
    cohort = make_cohort(programme, [make_participant(unit=region_tree["kelurahan"])])
    learning.cohort_enrol(cohort=cohort)
    client = organiser_client()
    url = reverse("lms_cohort_progress", args=[cohort.pk])
    client.get(url)
    with django_assert_max_num_queries(80) as few:
        client.get(url)
    more = [make_participant(unit=region_tree["kelurahan"]) for _ in range(15)]
    cohort_set_members(cohort=cohort, participants=[*cohort.members.all(), *more])
    learning.cohort_enrol(cohort=cohort)
    for member in more[:5]:
        learning.lesson_complete(participant=member, lesson=lessons_of(modules_of(programme)[0])[0])
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["rows"]) == 16


@pytest.mark.django_db
def test_only_organisers_enrol(organiser_client, region_tree):
    programme = make_programme(modules=1, lessons=1, questions=1)
    cohort = make_cohort(programme, [make_participant(unit=region_tree["kelurahan"])])
    client = organiser_client("Fasilitator")
    url = reverse("lms_cohort_progress", args=[cohort.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code in (302, 403)  # Wagtail turns a refusal into a redirect
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_an_assessor_does_not_see_cohort_progress(organiser_client, region_tree):
    """README: test results and cohort progress are not the Penilai's (it showed scores)."""
    member = make_participant(unit=region_tree["kelurahan"])
    cohort = make_cohort(make_programme(modules=1, lessons=1, questions=1), [member])
    client = organiser_client("Penilai")
    url = reverse("lms_cohort_progress", args=[cohort.pk])
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert member.nip.encode() not in response.content
    assert client.post(url).status_code in (302, 403)
    assert not Enrolment.objects.exists()


@pytest.mark.django_db
def test_participant_cannot_open_cohort_admin(client, participant):
    from lms.services.accounts import user_create_for_participant

    programme = make_programme(modules=1, lessons=1, questions=1)
    cohort = make_cohort(programme, [participant])
    client.force_login(user_create_for_participant(participant=participant))
    response = client.get(reverse("lms_cohort_progress", args=[cohort.pk]))
    assert response.status_code in (302, 403)
    assert participant.nip.encode() not in response.content
