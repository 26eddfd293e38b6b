from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.models import HomePage, LessonPage, ModulePage, ProgrammePage
from cms.visioning import VisioningIndexPage
from core.errors import DomainError
from lms.models import LessonProgress, ModuleCompletion, TestAttempt
from lms.selectors.learning import dashboard_get, module_context
from lms.selectors.progress import learning_gain, learning_gain_summary
from lms.services import learning
from lms.services.accounts import user_create_for_participant
from tests.factories import answer_all, lessons_of, make_participant, make_programme, modules_of


@pytest.fixture
def programme(db):
    return make_programme(modules=2, lessons=2, questions=4)


@pytest.fixture
def trainee(participant, programme, client):
    user = user_create_for_participant(participant=participant)
    learning.enrolment_create(participant=participant, programme=programme)
    client.force_login(user)
    participant.refresh_from_db()
    return participant


def finish_lessons(participant, module):
    for lesson in lessons_of(module):
        learning.lesson_complete(participant=participant, lesson=lesson)


@pytest.mark.django_db
def test_page_tree_rules():
    assert HomePage.allowed_subpage_models() == [ProgrammePage, VisioningIndexPage]
    assert ProgrammePage.allowed_subpage_models() == [ModulePage]
    assert ModulePage.allowed_subpage_models() == [LessonPage]
    assert LessonPage.allowed_subpage_models() == []
    home = HomePage.objects.first()
    assert ProgrammePage.can_create_at(home)
    assert not ModulePage.can_create_at(home)
    assert not LessonPage.can_create_at(home)


@pytest.mark.django_db
def test_lesson_refusals(client, programme, region_tree, django_user_model):
    lesson = lessons_of(modules_of(programme)[0])[0]
    # anonymous: sign in first
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    # signed in but not enrolled
    outsider = make_participant(unit=region_tree["kelurahan"])
    client.force_login(user_create_for_participant(participant=outsider))
    response = client.get(lesson.url)
    assert response.status_code == 403
    assert b"Isi materi." not in response.content
    assert not LessonProgress.objects.exists()


@pytest.mark.django_db
def test_enrolled_trainee_reads_and_progress_is_recorded(client, trainee, programme):
    lesson = lessons_of(modules_of(programme)[0])[0]
    response = client.get(lesson.url)
    assert response.status_code == 200
    assert b"Isi materi." in response.content
    progress = LessonProgress.objects.get(participant=trainee, lesson=lesson)
    assert progress.completed_at is None


@pytest.mark.django_db
def test_prerequisite_locks_a_module(client, trainee, programme):
    first, second = modules_of(programme)
    second.prerequisite = first
    second.save_revision().publish()
    locked_lesson = lessons_of(second)[0]
    assert client.get(locked_lesson.url).status_code == 403
    assert client.get(second.url).status_code == 403
    finish_lessons(trainee, first)
    attempt = learning.attempt_start(participant=trainee, module=first, kind="post")
    learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=4))
    assert client.get(locked_lesson.url).status_code == 200


@pytest.mark.django_db
def test_draft_pages_are_never_shown(client, trainee, programme):
    module = modules_of(programme)[0]
    draft = LessonPage(title="Materi rahasia", slug="rahasia", live=False)
    module.add_child(instance=draft)
    draft.unpublish()
    assert client.get("/" + draft.url_path.split("/", 2)[2]).status_code == 404
    assert "Materi rahasia" not in client.get(module.url).content.decode()
    # and a draft lesson does not block completion
    finish_lessons(trainee, module)
    state = module_context(module=module, user=trainee.user)["state"]
    assert state.lessons_done == state.lesson_count == 2


@pytest.mark.django_db
def test_completion_counts_once_under_double_submission(client, trainee, programme):
    lesson = lessons_of(modules_of(programme)[0])[0]
    url = reverse("lms:lesson_complete", args=[lesson.pk])
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 302
    assert (
        LessonProgress.objects.filter(participant=trainee, completed_at__isnull=False).count() == 1
    )
    assert learning.lesson_complete(participant=trainee, lesson=lesson) is False


@pytest.mark.django_db
def test_complete_requires_post_and_enrolment(client, programme, region_tree):
    lesson = lessons_of(modules_of(programme)[0])[0]
    url = reverse("lms:lesson_complete", args=[lesson.pk])
    outsider = make_participant(unit=region_tree["kelurahan"])
    client.force_login(user_create_for_participant(participant=outsider))
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 404
    assert not LessonProgress.objects.exists()


@pytest.mark.django_db
def test_scoring_on_the_server(trainee, programme):
    module = modules_of(programme)[0]
    finish_lessons(trainee, module)
    attempt = learning.attempt_start(participant=trainee, module=module, kind="post")
    done = learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=3))
    assert done.score == Decimal("75.00")
    assert done.passed is True  # pass mark 70
    assert done.answers.filter(correct=True).count() == 3


@pytest.mark.django_db
def test_foreign_option_and_foreign_question_refused(trainee, programme):
    first, second = modules_of(programme)
    attempt = learning.attempt_start(participant=trainee, module=first, kind="pre")
    other = learning.attempt_start(participant=trainee, module=second, kind="pre")
    question_id, _options = attempt.layout[0]
    foreign_option = other.layout[0][1][0]
    with pytest.raises(DomainError):
        learning.attempt_submit(attempt=attempt, answers={question_id: [foreign_option]})
    with pytest.raises(DomainError):
        learning.attempt_submit(attempt=attempt, answers={other.layout[0][0]: [foreign_option]})
    with pytest.raises(DomainError):  # two options for a single-choice question
        learning.attempt_submit(attempt=attempt, answers={question_id: attempt.layout[0][1][:2]})
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not attempt.answers.exists()


@pytest.mark.django_db
def test_attempt_cannot_be_submitted_twice(trainee, programme):
    module = modules_of(programme)[0]
    attempt = learning.attempt_start(participant=trainee, module=module, kind="pre")
    learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=1))
    with pytest.raises(DomainError):
        learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=4))
    attempt.refresh_from_db()
    assert attempt.score == Decimal("25.00")


@pytest.mark.django_db
def test_test_rules(trainee, programme):
    module = modules_of(programme)[0]
    with pytest.raises(DomainError):  # post-test before the lessons
        learning.attempt_start(participant=trainee, module=module, kind="post")
    pre = learning.attempt_start(participant=trainee, module=module, kind="pre")
    assert learning.attempt_start(participant=trainee, module=module, kind="pre") == pre
    learning.attempt_submit(attempt=pre, answers={})
    assert pre.__class__.objects.get(pk=pre.pk).score == 0
    with pytest.raises(DomainError):  # pre-test once only
        learning.attempt_start(participant=trainee, module=module, kind="pre")
    finish_lessons(trainee, module)
    for _ in range(3):
        attempt = learning.attempt_start(participant=trainee, module=module, kind="post")
        learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=1))
    with pytest.raises(DomainError):  # attempt limit 3
        learning.attempt_start(participant=trainee, module=module, kind="post")
    assert not ModuleCompletion.objects.exists()


@pytest.mark.django_db
def test_module_and_programme_completion_credit_jp_once(
    trainee, programme, django_capture_on_commit_callbacks
):
    for module in modules_of(programme):
        finish_lessons(trainee, module)
        attempt = learning.attempt_start(participant=trainee, module=module, kind="post")
        with django_capture_on_commit_callbacks(execute=True):
            learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=4))
    completions = ModuleCompletion.objects.filter(participant=trainee)
    assert completions.count() == 2
    assert {c.jp for c in completions} == {4}
    assert {c.year for c in completions} == {timezone.localdate().year}
    enrolment = trainee.enrolments.get()
    assert enrolment.completed_at is not None
    dashboard = dashboard_get(participant=trainee)
    assert dashboard.jp_this_year == 8
    assert dashboard.programmes[0].percent == 100
    # completing again changes nothing
    lesson = lessons_of(modules_of(programme)[0])[0]
    assert learning.lesson_complete(participant=trainee, lesson=lesson) is False
    assert ModuleCompletion.objects.filter(participant=trainee).count() == 2


@pytest.mark.django_db
def test_learning_gain(trainee, programme, region_tree):
    module = modules_of(programme)[0]
    pre = learning.attempt_start(participant=trainee, module=module, kind="pre")
    learning.attempt_submit(attempt=pre, answers=answer_all(pre, right=1))  # 25
    finish_lessons(trainee, module)
    post = learning.attempt_start(participant=trainee, module=module, kind="post")
    learning.attempt_submit(attempt=post, answers=answer_all(post, right=4))  # 100
    rows = learning_gain(modules=[module.pk], participants=[trainee.pk])
    assert len(rows) == 1
    assert rows[0]["gain"] == Decimal("75.00")
    assert rows[0]["normalised_gain"] == Decimal("1")
    summary = learning_gain_summary(rows, key="module_id")
    assert summary[module.pk]["gain"] == Decimal("75.00")


@pytest.mark.django_db
def test_trainee_sees_result_but_not_solutions_while_retakes_remain(client, trainee, programme):
    module = modules_of(programme)[0]
    finish_lessons(trainee, module)
    attempt = learning.attempt_start(participant=trainee, module=module, kind="post")
    learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=1))
    response = client.get(reverse("lms:attempt_result", args=[attempt.pk]))
    assert response.status_code == 200
    assert response.context["show_solutions"] is False
    assert sum(1 for item in response.context["review"] if not item["correct"]) == 3


@pytest.mark.django_db
def test_another_trainees_attempt_is_hidden(client, trainee, programme, region_tree):
    module = modules_of(programme)[0]
    attempt = learning.attempt_start(participant=trainee, module=module, kind="pre")
    other = make_participant(unit=region_tree["kelurahan"])
    client.force_login(user_create_for_participant(participant=other))
    assert client.get(reverse("lms:attempt", args=[attempt.pk])).status_code == 404
    assert client.get(reverse("lms:attempt_result", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("lms:attempt", args=[attempt.pk]), {}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


@pytest.mark.django_db
def test_take_a_test_through_the_site(client, trainee, programme):
    module = modules_of(programme)[0]
    response = client.post(reverse("lms:test_start", args=[module.pk, "pre"]))
    attempt = TestAttempt.objects.get(participant=trainee)
    assert response.url == reverse("lms:attempt", args=[attempt.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    answers = answer_all(attempt, right=2)
    data = {f"q{question_id}": options[0] for question_id, options in answers.items()}
    done = client.post(response.url, data)
    assert done.url == reverse("lms:attempt_result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.score == Decimal("50.00")


@pytest.mark.django_db
def test_reflection_answer_saved(client, trainee, programme):
    lesson = lessons_of(modules_of(programme)[0])[0]
    block_id = next(block.id for block in lesson.body if block.block_type == "reflection")
    url = reverse("lms:reflection_save", args=[lesson.pk, block_id])
    client.post(url, {"text": "Koordinasi dengan RW lebih awal."})
    client.post(url, {"text": "Koordinasi dengan RW dan LMK lebih awal."})
    answer = trainee.reflections.get()
    assert answer.text == "Koordinasi dengan RW dan LMK lebih awal."
    bad = client.post(reverse("lms:reflection_save", args=[lesson.pk, "nope"]), {"text": "x"})
    assert bad.status_code == 302
    assert trainee.reflections.count() == 1


@pytest.mark.django_db
def test_dashboard_queries_stay_flat(client, trainee, django_assert_max_num_queries):
    make_more = []

    def visit():
        response = client.get(reverse("lms:dashboard"))
        assert response.status_code == 200
        return response

    visit()  # warm per-process caches (content types, site root)
    with django_assert_max_num_queries(60) as small:
        visit()
    for _ in range(2):
        programme = make_programme(modules=3, lessons=3, questions=2)
        learning.enrolment_create(participant=trainee, programme=programme)
        module = modules_of(programme)[0]
        finish_lessons(trainee, module)
        attempt = learning.attempt_start(participant=trainee, module=module, kind="post")
        learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=2))
        make_more.append(programme)
    count = len(small.captured_queries)
    visit()  # warm again: the new modules' lesson lists are cached (cms.selectors)
    with django_assert_max_num_queries(count) as big:
        response = visit()
    assert len(big.captured_queries) == count
    assert response.context["dashboard"].programmes[-1].programme == make_more[-1]


@pytest.mark.django_db
def test_lesson_page_queries_stay_flat(client, trainee, programme, django_assert_max_num_queries):
    module = modules_of(programme)[0]
    lesson = lessons_of(module)[0]
    client.get(lesson.url)  # warm caches (site root)
    with django_assert_max_num_queries(8) as small:
        assert client.get(lesson.url).status_code == 200
    small_queries = [query["sql"] for query in small.captured_queries]
    for n in range(6):
        extra = LessonPage(title=f"Tambahan {n}", slug=f"tambahan-{n}")
        module.add_child(instance=extra)
        extra.save_revision().publish()
    finish_lessons(trainee, module)
    attempt = learning.attempt_start(participant=trainee, module=module, kind="post")
    learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=4))
    client.get(lesson.url)  # as before the first measure: the lesson is the one opened last
    with django_assert_max_num_queries(len(small_queries)) as big:
        assert client.get(lesson.url).status_code == 200
    assert len(big.captured_queries) == len(small_queries)
