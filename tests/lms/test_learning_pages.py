"""The learning pages' fast path: one query routes to a page, its parents come with it, a
repeat visit writes nothing, cached lesson lists and the view-restriction shortcut stay true."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms.models import LessonPage
from cms.selectors import module_lessons
from lms.models import LessonProgress
from lms.services import learning
from lms.services.accounts import user_create_for_participant
from tests.factories import lessons_of, make_programme, modules_of


@pytest.fixture
def programme(db):
    return make_programme(modules=2, lessons=3, questions=1)


@pytest.fixture
def trainee(participant, programme, client):
    user = user_create_for_participant(participant=participant)
    learning.enrolment_create(participant=participant, programme=programme)
    client.force_login(user)
    return participant


def test_a_lesson_is_routed_with_its_module_and_programme(client, trainee, programme):
    module = modules_of(programme)[1]
    lesson = lessons_of(module)[2]
    response = client.get(lesson.url)
    assert response.status_code == 200
    context = response.context
    assert context["page"].pk == lesson.pk
    assert context["module"].pk == module.pk and context["programme"].pk == programme.pk
    page = response.content.decode()
    assert programme.title in page and module.title in page
    assert f'href="{programme.url}"' in page and f'href="{module.url}"' in page
    assert [item.pk for item in context["lessons"]] == [item.pk for item in lessons_of(module)]


@pytest.mark.parametrize(
    "suffix", ["tidak-ada/", "modul-1/tidak-ada/", "modul-1/materi-1/lebih/", "modul-9/materi-1/"]
)
def test_an_unknown_path_below_a_programme_is_not_found(client, trainee, programme, suffix):
    assert client.get(f"{programme.url}{suffix}").status_code == 404


def test_an_unpublished_lesson_is_not_served(client, trainee, programme):
    lesson = lessons_of(modules_of(programme)[0])[1]
    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404


def test_a_module_page_has_its_programme(client, trainee, programme):
    module = modules_of(programme)[0]
    response = client.get(module.url)
    assert response.status_code == 200
    assert response.context["programme"].pk == programme.pk
    assert f'href="{programme.url}"' in response.content.decode()


def test_a_repeat_visit_writes_nothing_and_resume_follows_the_last_lesson(client, trainee):
    programme = trainee.enrolments.get().programme
    module = modules_of(programme)[0]
    first, second = lessons_of(module)[:2]
    client.get(first.url)
    assert LessonProgress.objects.filter(participant=trainee).count() == 1
    seen = LessonProgress.objects.get(participant=trainee, lesson=first).last_viewed_at
    with CaptureQueriesContext(connection) as queries:
        assert client.get(first.url).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert writes == []
    assert LessonProgress.objects.get(participant=trainee, lesson=first).last_viewed_at == seen
    client.get(second.url)
    client.get(first.url)  # back to the first: it becomes the last one opened again
    rows = dict(
        LessonProgress.objects.filter(participant=trainee).values_list(
            "lesson_id", "last_viewed_at"
        )
    )
    assert rows[first.pk] > rows[second.pk] > seen
    state = client.get(reverse("lms:dashboard")).context["dashboard"].programmes[0].modules[0]
    assert state.next_lesson.pk == first.pk


def test_the_cached_lesson_list_follows_the_editors(client, trainee, programme):
    module = modules_of(programme)[0]
    lesson = lessons_of(module)[0]
    assert client.get(lesson.url).status_code == 200
    assert [item.title for item in module_lessons(module)] == [
        item.title for item in lessons_of(module)
    ]
    extra = LessonPage(title="Materi Tambahan", slug="materi-tambahan")
    module.add_child(instance=extra)
    extra.save_revision().publish()
    assert "Materi Tambahan" in client.get(lesson.url).content.decode()
    extra.unpublish()
    assert "Materi Tambahan" not in client.get(lesson.url).content.decode()
    extra.refresh_from_db()
    extra.save_revision().publish()
    other = modules_of(programme)[1]
    extra.move(other, pos="last-child")
    assert extra.pk not in [item.pk for item in module_lessons(module)]
    assert extra.pk in [item.pk for item in module_lessons(other)]
    extra.refresh_from_db()
    extra.delete()
    assert extra.pk not in [item.pk for item in module_lessons(other)]


def test_a_view_restriction_added_later_is_enforced(client, trainee, programme):
    lesson = lessons_of(modules_of(programme)[0])[0]
    assert client.get(lesson.url).status_code == 200  # remembers: no restriction anywhere
    restriction = PageViewRestriction.objects.create(
        page=programme, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Penyelenggara"))
    assert client.get(lesson.url).status_code != 200
    restriction.delete()
    assert client.get(lesson.url).status_code == 200


def test_signed_in_pages_read_the_user_with_his_participant_in_one_query(client, trainee):
    client.get(reverse("lms:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("lms:dashboard"))
    sql = [q["sql"] for q in queries.captured_queries]
    assert not any('FROM "django_session"' in q for q in sql)  # the session comes from the cache
    assert not any(q.startswith('SELECT "cohorts_participant"') for q in sql)
    assert any('FROM "lms_user"' in q and "cohorts_participant" in q for q in sql)
