"""Demo learning history: participants at every stage, so every screen has something to show.

- peserta@selaras.test: halfway (first module done with its post-test, second module begun);
- the first FINISHED lurah/camat (by unit code): every module done, certificate issued;
- the next HALFWAY: the first module done, pre-tests taken;
- everybody else: enrolled, not started.
"""

import random
import zlib

from django.db import transaction

from cms.models import LessonPage, ModulePage, QuestionOption
from cohorts.models import Cohort, Participant
from cohorts.services.cohorts import cohort_set_members
from lms.models import Enrolment, LessonProgress, TestAttempt
from lms.services import learning

FINISHED = 24
HALFWAY = 48
COHORT_NAME = "Visioning Camat dan Lurah 2019 — seluruh peserta"


def _answers(attempt, rng, skill):
    """Answers a participant of the given skill (0..1 chance per question) would give."""
    correct = {}
    for option in QuestionOption.objects.filter(
        question_id__in=[question_id for question_id, _ in attempt.layout], is_correct=True
    ):
        correct.setdefault(option.question_id, []).append(option.pk)
    answers = {}
    for question_id, option_ids in attempt.layout:
        right = correct.get(question_id, [])
        if rng.random() < skill:
            answers[question_id] = right if len(right) > 1 else right[:1]
        else:
            wrong = [pk for pk in option_ids if pk not in right]
            answers[question_id] = wrong[:1] or right[:1]
    return answers


def _take(participant, module, kind, rng, skill):
    attempt = learning.attempt_start(participant=participant, module=module, kind=kind, rng=rng)
    return learning.attempt_submit(attempt=attempt, answers=_answers(attempt, rng, skill))


def _finish_module(participant, module, lessons, rng, *, pre_skill, post_skill):
    if module.pretest_enabled:
        _take(participant, module, TestAttempt.Kind.PRE, rng, pre_skill)
    for lesson in lessons:
        learning.lesson_complete(participant=participant, lesson=lesson)
    if module.posttest_enabled:
        for _ in range(module.attempt_limit or 3):
            if _take(participant, module, TestAttempt.Kind.POST, rng, post_skill).passed:
                break
            post_skill = min(post_skill + 0.15, 1.0)


def learning_demo_load(*, programme, demo_participant: Participant) -> dict:
    """Enrol every participant through one cohort and replay their learning. Idempotent:
    participants who already have progress are left as they are."""
    with transaction.atomic():
        cohort, _ = Cohort.objects.get_or_create(
            name=COHORT_NAME, defaults={"programme": programme}
        )
        cohort_set_members(cohort=cohort, participants=Participant.objects.all())
        learning.cohort_enrol(cohort=cohort)

    modules = list(ModulePage.objects.child_of(programme).live().order_by("path"))
    lessons = {
        module.pk: list(LessonPage.objects.child_of(module).live().order_by("path"))
        for module in modules
    }
    started = set(LessonProgress.objects.values_list("participant_id", flat=True).distinct())
    ordered = list(
        Participant.objects.filter(enrolments__programme=programme)
        .exclude(pk=demo_participant.pk)
        .order_by("unit__code")
    )
    finished, halfway = ordered[:FINISHED], ordered[FINISHED : FINISHED + HALFWAY]

    def replay(participant, plan):
        if participant.pk in started:
            return
        rng = random.Random(zlib.crc32(participant.nip.encode()))  # noqa: S311 — demo data
        skill = 0.55 + rng.random() * 0.4
        with transaction.atomic():
            plan(participant, rng, skill)

    def finish_all(participant, rng, skill):
        for module in modules:
            _finish_module(
                participant,
                module,
                lessons[module.pk],
                rng,
                pre_skill=skill - 0.25,
                post_skill=skill,
            )

    def finish_first(participant, rng, skill):
        _finish_module(
            participant,
            modules[0],
            lessons[modules[0].pk],
            rng,
            pre_skill=skill - 0.25,
            post_skill=skill,
        )
        if len(modules) > 1:
            second = modules[1]
            if second.pretest_enabled:
                _take(participant, second, TestAttempt.Kind.PRE, rng, skill - 0.25)
            for lesson in lessons[second.pk][:1]:
                learning.lesson_complete(participant=participant, lesson=lesson)

    for participant in finished:
        replay(participant, finish_all)
    for participant in [demo_participant, *halfway]:
        replay(participant, finish_first)
    return {
        "enrolled": Enrolment.objects.filter(programme=programme).count(),
        "completed": Enrolment.objects.filter(
            programme=programme, completed_at__isnull=False
        ).count(),
    }
