"""The question bank and competency areas in the admin: edited with Wagtail's snippet views,
never deleted — neither one by one nor in bulk, not even by a superuser (answers and modules
point at them)."""

import pytest
from django.urls import reverse

from cms.models import CompetencyArea, Question
from lms.services import learning
from tests.factories import answer_all, make_participant, make_programme, modules_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(region_tree):
    """A module whose pre-test was taken: its questions have answers."""
    programme = make_programme(modules=1, lessons=1, questions=2)
    module = modules_of(programme)[0]
    trainee = make_participant(unit=region_tree["kelurahan"])
    learning.enrolment_create(participant=trainee, programme=programme)
    attempt = learning.attempt_start(participant=trainee, module=module, kind="pre")
    learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=1))
    return module


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser(username="root", email="root@example.go.id")
    )
    return client


def test_organiser_edits_a_question_but_deletes_none(staff_client, answered):
    question = Question.objects.filter(module=answered).first()
    client = staff_client("Penyelenggara")
    edit = client.get(reverse("wagtailsnippets_cms_question:edit", args=[question.pk]))
    assert edit.status_code == 200
    delete = reverse("wagtailsnippets_cms_question:delete", args=[question.pk])
    assert delete not in edit.content.decode()
    assert client.post(delete).status_code == 302
    assert Question.objects.filter(pk=question.pk).exists()


def test_bulk_delete_is_refused_too(superuser_client, answered):
    ids = list(Question.objects.filter(module=answered).values_list("pk", flat=True))
    url = reverse("wagtail_bulk_action", args=["cms", "question", "delete"])
    query = "&".join(f"id={pk}" for pk in ids)
    response = superuser_client.post(f"{url}?{query}")
    assert response.status_code in (200, 302)
    assert Question.objects.filter(pk__in=ids).count() == len(ids)


def test_a_competency_area_is_not_deleted(superuser_client, answered):
    area = answered.competency
    url = reverse("wagtailsnippets_cms_competencyarea:delete", args=[area.pk])
    assert superuser_client.post(url).status_code == 302
    assert CompetencyArea.objects.filter(pk=area.pk).exists()
