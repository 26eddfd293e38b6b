"""Reads of the learning engine for one participant: progress through a programme's modules
and lessons, the context of the programme, module and lesson pages, the Dasbor, and a test
attempt's questions and review. Each reads in a fixed number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from wagtail.models import Page

from cms.models import LessonPage, ModulePage, ProgrammePage, Question
from cms.selectors import module_lessons, modules_lessons
from cohorts.selectors import participant_get_for_user
from lms.models import (
    Certificate,
    Enrolment,
    LessonProgress,
    ModuleCompletion,
    ReflectionAnswer,
    TestAttempt,
)
from lms.permissions import is_learning_staff, lesson_module


@dataclass
class ModuleState:
    module: ModulePage
    lessons: list = field(default_factory=list)
    lessons_done: int = 0
    completed: bool = False
    locked: bool = False
    prerequisite: ModulePage | None = None
    pre_score: Decimal | None = None
    post_best: Decimal | None = None
    post_attempts: int = 0
    post_passed: bool = False
    open_attempt: dict = field(default_factory=dict)
    next_lesson: LessonPage | None = None

    @property
    def lesson_count(self):
        return len(self.lessons)

    @property
    def percent(self):
        steps = self.lesson_count + (1 if self.module.posttest_enabled else 0)
        done = self.lessons_done + (1 if self.post_passed else 0)
        return 100 if not steps else round(100 * done / steps)

    @property
    def attempts_left(self):
        if not self.module.attempt_limit:
            return None
        return max(self.module.attempt_limit - self.post_attempts, 0)

    @property
    def gain(self):
        if self.pre_score is None or self.post_best is None:
            return None
        return self.post_best - self.pre_score


@dataclass
class ProgrammeState:
    programme: ProgrammePage
    enrolment: Enrolment | None
    modules: list
    certificate: Certificate | None = None

    @property
    def percent(self):
        if not self.modules:
            return 0
        return round(sum(state.percent for state in self.modules) / len(self.modules))

    @property
    def jp(self):
        return sum(state.module.jp for state in self.modules)

    @property
    def next_step(self):
        """The module and lesson to continue with: the first unlocked, unfinished module."""
        for state in self.modules:
            if not state.completed and not state.locked:
                return state
        return None


def module_states(participant, modules):
    """Progress for many modules at once: a fixed number of queries whatever their count."""
    module_ids = [module.pk for module in modules]
    lessons_by_module = modules_lessons(modules)
    done, viewed = set(), {}
    completed = set()
    attempts = []
    if participant is not None:
        for lesson_id, completed_at, last_viewed in LessonProgress.objects.filter(
            participant=participant, module_id__in=module_ids
        ).values_list("lesson_id", "completed_at", "last_viewed_at"):
            viewed[lesson_id] = last_viewed
            if completed_at:
                done.add(lesson_id)
        completed = set(
            ModuleCompletion.objects.filter(
                participant=participant, module_id__in=module_ids
            ).values_list("module_id", flat=True)
        )
        attempts = list(
            TestAttempt.objects.filter(participant=participant, module_id__in=module_ids).only(
                "pk", "module_id", "kind", "score", "passed", "submitted_at", "number"
            )
        )
    states = {}
    for module in modules:
        lessons = lessons_by_module[module.pk]
        state = ModuleState(module=module, lessons=lessons)
        state.lessons_done = sum(1 for lesson in lessons if lesson.pk in done)
        state.completed = module.pk in completed
        for lesson in lessons:
            lesson.is_done = lesson.pk in done
        unfinished = [lesson for lesson in lessons if lesson.pk not in done]
        if unfinished:
            # resume: the unfinished lesson opened last, else the first unfinished one
            opened = [lesson for lesson in unfinished if lesson.pk in viewed]
            state.next_lesson = (
                max(opened, key=lambda lesson: viewed[lesson.pk]) if opened else unfinished[0]
            )
        states[module.pk] = state
    for attempt in attempts:
        state = states[attempt.module_id]
        if attempt.submitted_at is None:
            state.open_attempt[attempt.kind] = attempt
        elif attempt.kind == TestAttempt.Kind.PRE:
            state.pre_score = attempt.score
        else:
            state.post_attempts += 1
            state.post_passed = state.post_passed or bool(attempt.passed)
            if state.post_best is None or attempt.score > state.post_best:
                state.post_best = attempt.score
    for attempt in attempts:
        if attempt.submitted_at is None and attempt.kind == TestAttempt.Kind.POST:
            states[attempt.module_id].post_attempts += 1
    # A prerequisite is normally a sibling; one outside the list is read in one query.
    known = {module.pk: module for module in modules}
    outside = {m.prerequisite_id for m in modules if m.prerequisite_id} - set(known)
    if outside:
        known.update(ModulePage.objects.in_bulk(outside))
        if participant is not None:
            completed |= set(
                ModuleCompletion.objects.filter(
                    participant=participant, module_id__in=outside
                ).values_list("module_id", flat=True)
            )
    for module in modules:
        state = states[module.pk]
        if module.prerequisite_id:
            state.prerequisite = known.get(module.prerequisite_id)
            state.locked = module.prerequisite_id not in completed
    return [states[module.pk] for module in modules]


def programme_modules(programme):
    return list(
        ModulePage.objects.child_of(programme).live().select_related("competency").order_by("path")
    )


def programme_state(*, programme, participant) -> ProgrammeState:
    modules = programme_modules(programme)
    enrolment = None
    certificate = None
    if participant is not None:
        enrolment = Enrolment.objects.filter(participant=participant, programme=programme).first()
        certificate = Certificate.objects.filter(
            participant=participant, programme=programme
        ).first()
    return ProgrammeState(
        programme=programme,
        enrolment=enrolment,
        modules=module_states(participant, modules),
        certificate=certificate,
    )


def is_enrolled(participant, programme_id) -> bool:
    if participant is None:
        return False
    return Enrolment.objects.filter(participant=participant, programme_id=programme_id).exists()


def programme_context(*, programme, user):
    participant = participant_get_for_user(user)
    return {
        "participant": participant,
        "state": programme_state(programme=programme, participant=participant),
        "is_enrolled": is_enrolled(participant, programme.pk),
        "is_staff_view": is_learning_staff(user),
    }


def module_state(*, module, participant) -> ModuleState:
    """The module's progress for ``participant`` (prerequisites resolved among its siblings)."""
    programme = module.get_parent().specific
    states = module_states(participant, programme_modules(programme))
    return next(s for s in states if s.module.pk == module.pk)


def module_context(*, module, user):
    participant = participant_get_for_user(user)
    programme = module.get_parent().specific
    state = module_state(module=module, participant=participant)
    return {
        "participant": participant,
        "programme": programme,
        "state": state,
        "is_staff_view": is_learning_staff(user),
    }


def module_progress(*, participant, module_id) -> dict:
    """{lesson id: (completed at, last viewed at)} of the participant in one module."""
    return {
        lesson_id: (completed_at, last_viewed_at)
        for lesson_id, completed_at, last_viewed_at in LessonProgress.objects.filter(
            participant=participant, module_id=module_id
        ).values_list("lesson_id", "completed_at", "last_viewed_at")
    }


def lesson_context(*, lesson, user, progress=None):
    """The lesson page's context: its module and programme, the module's lessons with what
    the participant completed, his answers to the lesson's reflections. ``progress`` is the
    participant's ``module_progress`` when the caller already read it."""
    participant = participant_get_for_user(user)
    module = lesson_module(lesson)
    lessons = module_lessons(module)
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    done_ids = set()
    answers = {}
    if participant is not None:
        if progress is None:
            progress = module_progress(participant=participant, module_id=module.pk)
        done_ids = {lesson_id for lesson_id, (completed, _seen) in progress.items() if completed}
        if any(block.block_type == "reflection" for block in lesson.body):
            answers = dict(
                ReflectionAnswer.objects.filter(participant=participant, lesson=lesson).values_list(
                    "block_id", "text"
                )
            )
    for item in lessons:
        item.is_done = item.pk in done_ids
    return {
        "participant": participant,
        "module": module,
        "programme": getattr(module, "_cached_parent_obj", None)
        or Page.objects.only("pk", "title", "path", "depth", "url_path").get(
            path=module.path[: -module.steplen]
        ),
        "lessons": lessons,
        "lesson_number": index + 1,
        "previous_lesson": lessons[index - 1] if index else None,
        "next_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
        "is_done": lesson.pk in done_ids,
        "reflection_answers": answers,
        "is_staff_view": participant is None and is_learning_staff(user),
    }


@dataclass
class Dashboard:
    programmes: list
    certificates: list
    jp_this_year: int
    results: list


def dashboard_get(*, participant) -> Dashboard:
    """Everything on the trainee's Dasbor in a fixed number of queries."""
    enrolments = list(
        Enrolment.objects.filter(participant=participant, programme__live=True)
        .select_related("programme")
        .order_by("enrolled_at")
    )
    programmes = [enrolment.programme for enrolment in enrolments]
    under_programmes = Q(pk__in=[])
    for programme in programmes:
        under_programmes |= Q(path__startswith=programme.path, depth=programme.depth + 1)
    modules = list(ModulePage.objects.live().filter(under_programmes).order_by("path"))
    states = module_states(participant, modules) if programmes else []
    certificates = list(
        Certificate.objects.filter(participant=participant).select_related("programme")
    )
    by_programme = {certificate.programme_id: certificate for certificate in certificates}
    result = []
    for enrolment in enrolments:
        programme = enrolment.programme
        own = [s for s in states if s.module.path.startswith(programme.path)]
        result.append(
            ProgrammeState(
                programme=programme,
                enrolment=enrolment,
                modules=own,
                certificate=by_programme.get(programme.pk),
            )
        )
    jp = (
        ModuleCompletion.objects.filter(
            participant=participant, year=timezone.localdate().year
        ).aggregate(total=Sum("jp"))["total"]
        or 0
    )
    results = [s for s in states if s.pre_score is not None or s.post_attempts]
    return Dashboard(programmes=result, certificates=certificates, jp_this_year=jp, results=results)


def attempt_review(*, attempt):
    """The questions of a submitted attempt in the order shown, with what was chosen."""
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    questions = Question.objects.prefetch_related("options").in_bulk(
        [question_id for question_id, _ in attempt.layout]
    )
    options = {
        option.pk: option for question in questions.values() for option in question.options.all()
    }
    review = []
    for question_id, option_ids in attempt.layout:
        answer = answers.get(question_id)
        chosen = set(answer.selected) if answer else set()
        review.append(
            {
                "question": questions[question_id],
                "correct": bool(answer and answer.correct),
                "options": [
                    {
                        "option": options[option_id],
                        "chosen": option_id in chosen,
                        "is_correct": options[option_id].is_correct,
                    }
                    for option_id in option_ids
                    if option_id in options
                ],
            }
        )
    return review


def attempt_questions(*, attempt):
    """The questions of an open attempt, each with its options in the order shown."""
    questions = {
        question.pk: question
        for question in Question.objects.filter(
            pk__in=[question_id for question_id, _ in attempt.layout]
        ).prefetch_related("options")
    }
    shown = []
    for question_id, option_ids in attempt.layout:
        question = questions.get(question_id)
        if question is None:
            continue
        options = {option.pk: option for option in question.options.all()}
        question.shown_options = [options[pk] for pk in option_ids if pk in options]
        shown.append(question)
    return shown
