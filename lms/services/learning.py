"""Writes of the learning engine: enrolment, progress, tests, completion and the JP ledger."""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import LessonPage, ModulePage, ProgrammePage, Question
from cohorts.models import Cohort, Participant, SessionBooking
from cohorts.selectors import participant_attendance_rate
from core.errors import DomainError
from core.jobs import enqueue_on_commit
from lms.models import (
    AttemptAnswer,
    Enrolment,
    LessonProgress,
    ModuleCompletion,
    ReflectionAnswer,
    ScoreCorrection,
    TestAttempt,
    User,
)

HUNDRED = Decimal(100)
LESSON_SEEN_REFRESH = datetime.timedelta(minutes=10)


def enrolment_create(
    *,
    participant: Participant,
    programme: ProgrammePage,
    source: str = Enrolment.Source.INDIVIDUAL,
    enrolled_by: User | None = None,
) -> Enrolment:
    """Enrol a participant in a programme. Idempotent: an existing enrolment is returned."""
    enrolment, _created = Enrolment.objects.get_or_create(
        participant=participant,
        programme=programme,
        defaults={"source": source, "enrolled_by": enrolled_by},
    )
    return enrolment


@transaction.atomic
def cohort_enrol(*, cohort: Cohort, enrolled_by: User | None = None) -> int:
    """Enrol every member of a cohort in the cohort's programme. Returns how many were new."""
    already = set(
        Enrolment.objects.filter(programme_id=cohort.programme_id).values_list(
            "participant_id", flat=True
        )
    )
    new = [
        Enrolment(
            participant_id=participant_id,
            programme_id=cohort.programme_id,
            source=Enrolment.Source.COHORT,
            enrolled_by=enrolled_by,
        )
        for participant_id in cohort.memberships.active().values_list("participant_id", flat=True)
        if participant_id not in already
    ]
    Enrolment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _module_of(lesson: LessonPage) -> ModulePage:
    """The lesson's module: the one routing attached, else read."""
    module = getattr(lesson, "_cached_parent_obj", None)
    return (
        module
        if isinstance(module, ModulePage)
        else ModulePage.objects.get(path=lesson.path[: -lesson.steplen])
    )


def lesson_open(*, participant: Participant, lesson: LessonPage, progress=None) -> None:
    """Record that the participant opened the lesson (for "resume where you left off").

    ``progress`` is his ``module_progress`` in the lesson's module ({lesson id: (completed,
    last viewed)}) when the caller read it: then nothing is written while this lesson is
    already the one he opened last in the module and that was less than
    ``LESSON_SEEN_REFRESH`` ago, so reading a lesson again costs no write; the order of last
    visits, which "resume" follows, stays the same.
    """
    now = timezone.now()
    if progress and lesson.pk in progress:
        seen = progress[lesson.pk][1]
        latest = max(last for _done, last in progress.values())
        if seen == latest and now - seen < LESSON_SEEN_REFRESH:
            return
    if LessonProgress.objects.filter(participant=participant, lesson=lesson).update(
        last_viewed_at=now
    ):
        return
    try:
        with transaction.atomic():
            LessonProgress.objects.create(
                participant=participant,
                lesson=lesson,
                module_id=_module_of(lesson).pk,
                first_viewed_at=now,
                last_viewed_at=now,
            )
    except IntegrityError:  # opened in two tabs at once: the other request created it
        pass


@transaction.atomic
def lesson_complete(*, participant: Participant, lesson: LessonPage) -> bool:
    """Mark a lesson completed, once. Returns True only the first time.

    A conditional UPDATE makes a double click or a refresh count once on every database.
    Side effect: the module (and the programme) may complete, crediting JP.
    """
    lesson_open(participant=participant, lesson=lesson)
    newly = LessonProgress.objects.filter(
        participant=participant, lesson=lesson, completed_at__isnull=True
    ).update(completed_at=timezone.now())
    if newly:
        module = ModulePage.objects.get(pk=lesson.get_parent().pk)
        module_completion_record(participant=participant, module=module)
    return bool(newly)


def reflection_save(
    *, participant: Participant, lesson: LessonPage, block_id: str, text: str
) -> ReflectionAnswer:
    """Save (or replace) the participant's answer to a reflection block of the lesson."""
    text = text.strip()
    if not text:
        raise DomainError(_("Write an answer before saving."))
    if len(text) > 10000:
        raise DomainError(_("The answer is too long (at most 10,000 characters)."))
    blocks = {block.id: block for block in lesson.body if block.block_type == "reflection"}
    if block_id not in blocks:
        raise DomainError(_("This reflection question no longer exists in the lesson."))
    answer, _created = ReflectionAnswer.objects.update_or_create(
        participant=participant, lesson=lesson, block_id=block_id, defaults={"text": text}
    )
    return answer


def live_lessons(module: ModulePage):
    return LessonPage.objects.child_of(module).live().order_by("path")


def _module_questions(module):
    return list(
        Question.objects.filter(module=module, active=True)
        .prefetch_related("options")
        .order_by("pk")
    )


def attempt_start(
    *, participant: Participant, module: ModulePage, kind: str, rng: random.Random | None = None
) -> TestAttempt:
    """Open an attempt at the module's pre- or post-test, or return the one already open.

    Refuses: a disabled test, a second pre-test, a pre-test after the post-test was started,
    a post-test before every lesson is done, a post-test after it was passed or past the
    attempt limit. The shown order of questions and options is stored with the attempt.
    """
    rng = rng or random.SystemRandom()
    with transaction.atomic():
        # Lock the participant row so two clicks cannot both pass the checks below.
        Participant.objects.select_for_update().get(pk=participant.pk)
        open_attempt = TestAttempt.objects.filter(
            participant=participant, module=module, kind=kind, submitted_at__isnull=True
        ).first()
        if open_attempt:
            return open_attempt
        attempts = TestAttempt.objects.filter(participant=participant, module=module)
        stats = attempts.aggregate(
            pre=Count("pk", filter=Q(kind=TestAttempt.Kind.PRE)),
            post=Count("pk", filter=Q(kind=TestAttempt.Kind.POST)),
            passed=Count("pk", filter=Q(kind=TestAttempt.Kind.POST, passed=True)),
        )
        if kind == TestAttempt.Kind.PRE:
            if not module.pretest_enabled:
                raise DomainError(_("This module has no pre-test."))
            if stats["pre"]:
                raise DomainError(_("The pre-test is taken once only."))
            if stats["post"]:
                raise DomainError(_("The pre-test is closed once the post-test has started."))
        elif kind == TestAttempt.Kind.POST:
            if not module.posttest_enabled:
                raise DomainError(_("This module has no post-test."))
            if stats["passed"]:
                raise DomainError(_("You have already passed this post-test."))
            if module.attempt_limit and stats["post"] >= module.attempt_limit:
                raise DomainError(
                    _("You have used all %(limit)d attempts at this post-test.")
                    % {"limit": module.attempt_limit}
                )
            lessons = live_lessons(module)
            done = LessonProgress.objects.filter(
                participant=participant, lesson__in=lessons, completed_at__isnull=False
            ).count()
            if done < lessons.count():
                raise DomainError(_("Complete every lesson of the module before the post-test."))
        else:
            raise DomainError(_("Unknown test."))

        questions = _module_questions(module)
        if not questions:
            raise DomainError(_("This test has no questions yet."))
        if module.shuffle_questions:
            rng.shuffle(questions)
        if module.questions_per_test:
            questions = questions[: module.questions_per_test]
        layout = []
        for question in questions:
            option_ids = [option.pk for option in question.options.all()]
            if module.shuffle_options and question.kind != Question.Kind.TRUE_FALSE:
                rng.shuffle(option_ids)
            layout.append([question.pk, option_ids])
        return TestAttempt.objects.create(
            participant=participant,
            module=module,
            kind=kind,
            number=(stats["pre"] if kind == TestAttempt.Kind.PRE else stats["post"]) + 1,
            layout=layout,
        )


@transaction.atomic
def attempt_submit(*, attempt: TestAttempt, answers: dict[int, list[int]]) -> TestAttempt:
    """Score an open attempt on the server and close it.

    ``answers`` maps question id → selected option ids. An option that does not belong to
    its question, a question not in the attempt, or several options for a single-choice
    question are refused. A question left unanswered scores zero.
    """
    attempt = TestAttempt.objects.select_for_update().select_related("module").get(pk=attempt.pk)
    if attempt.submitted_at:
        raise DomainError(_("This attempt was already submitted."))
    layout = {question_id: set(option_ids) for question_id, option_ids in attempt.layout}
    unknown = set(answers) - set(layout)
    if unknown:
        raise DomainError(_("An answer was sent for a question that is not in this test."))
    questions = Question.objects.prefetch_related("options").in_bulk(list(layout))
    correct_options = {
        question_id: {option.pk for option in question.options.all() if option.is_correct}
        for question_id, question in questions.items()
    }
    rows = []
    for question_id, shown in layout.items():
        selected = set(answers.get(question_id, []))
        if not selected <= shown:
            raise DomainError(_("A chosen option does not belong to its question."))
        question = questions[question_id]
        if question.kind != Question.Kind.MULTIPLE and len(selected) > 1:
            raise DomainError(_("Choose one option only for “%(q)s”.") % {"q": question})
        rows.append(
            AttemptAnswer(
                attempt=attempt,
                question_id=question_id,
                selected=sorted(selected),
                correct=bool(selected) and selected == correct_options[question_id],
            )
        )
    AttemptAnswer.objects.bulk_create(rows)
    right = sum(row.correct for row in rows)
    attempt.score = (HUNDRED * right / len(rows)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    attempt.submitted_at = timezone.now()
    if attempt.kind == TestAttempt.Kind.POST:
        attempt.passed = attempt.score >= attempt.module.pass_mark
    attempt.save(update_fields=["score", "submitted_at", "passed"])
    if attempt.passed:
        module_completion_record(participant=attempt.participant, module=attempt.module)
    return attempt


def module_completion_record(
    *, participant: Participant, module: ModulePage
) -> ModuleCompletion | None:
    """Complete the module by rule — every live lesson done and the post-test passed (when
    it has one) — crediting its JP to the year it was completed. Idempotent."""
    lessons = live_lessons(module)
    done = LessonProgress.objects.filter(
        participant=participant, lesson__in=lessons, completed_at__isnull=False
    ).count()
    if done < lessons.count():
        return None
    if (
        module.posttest_enabled
        and not TestAttempt.objects.filter(
            participant=participant, module=module, kind=TestAttempt.Kind.POST, passed=True
        ).exists()
    ):
        return None
    now = timezone.localtime()
    completion, created = ModuleCompletion.objects.get_or_create(
        participant=participant,
        module=module,
        defaults={"jp": module.jp, "year": now.year, "completed_at": now},
    )
    if created:
        programme = ProgrammePage.objects.get(pk=module.get_parent().pk)
        programme_completion_record(participant=participant, programme=programme)
    return completion


def programme_completion_record(*, participant: Participant, programme: ProgrammePage) -> bool:
    """Mark the enrolment complete once every live module is complete and, when the
    programme sets ``min_attendance_percent``, the participant's attendance rate over the
    marked days of the sessions where they hold a seat reaches it (no day marked yet: not
    complete). Then, after commit, the certificate is issued by a Celery task. Returns True
    when newly completed."""
    modules = ModulePage.objects.child_of(programme).live()
    completed = ModuleCompletion.objects.filter(participant=participant, module__in=modules)
    if completed.count() < modules.count():
        return False
    if programme.min_attendance_percent:
        present, marked = participant_attendance_rate(participant=participant, programme=programme)
        if not marked or 100 * present < programme.min_attendance_percent * marked:
            return False
    newly = Enrolment.objects.filter(
        participant=participant, programme=programme, completed_at__isnull=True
    ).update(completed_at=timezone.now())
    if newly:
        enqueue_on_commit("lms.tasks.certificate_issue_task", participant.pk, programme.pk)
    return bool(newly)


def attendance_completions_record(*, session, participant_ids=None) -> int:
    """Complete the programme for the session's seated participants whom only the attendance
    rule held back (every live module done, enrolment open). Returns how many were completed.

    Runs only when the programme has an attendance rule; the candidates are found in one
    query, and only they are checked one by one. Called when a session's attendance is
    closed (``lms.receivers``).
    """
    programme = ProgrammePage.objects.get(pk=session.programme_id)
    if not programme.min_attendance_percent:
        return 0
    modules = ModulePage.objects.child_of(programme).live()
    module_count = modules.count()
    candidates = Participant.objects.filter(
        bookings__session=session,
        bookings__status__in=SessionBooking.SEATED,
        enrolments__programme=programme,
        enrolments__completed_at__isnull=True,
    ).annotate(
        done=Count(
            "module_completions",
            filter=Q(module_completions__module__in=modules.values("pk")),
            distinct=True,
        )
    )
    if participant_ids is not None:
        candidates = candidates.filter(pk__in=list(participant_ids))
    completed = 0
    for participant in candidates.filter(done__gte=module_count):
        completed += programme_completion_record(participant=participant, programme=programme)
    return completed


@transaction.atomic
def attempt_score_correct(
    *, attempt: TestAttempt, score: Decimal, reason: str, by: User | None
) -> TestAttempt:
    """Correct a submitted attempt's score, recorded (``ScoreCorrection``: old and new score
    and pass, the reason, who and when). A post-test's pass is judged again against the
    module's pass mark, and the module's completion is recorded when the corrected attempt
    now passes. A completion already recorded stays: JP credited are not taken back.

    Refuses an attempt still open, a score outside 0–100, an unchanged score, no reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the correction."))
    attempt = (
        TestAttempt.objects.select_for_update(of=("self",))
        .select_related("module", "participant")
        .get(pk=attempt.pk)
    )
    if attempt.submitted_at is None:
        raise DomainError(_("Only a submitted attempt can be corrected."))
    score = Decimal(score).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if not Decimal(0) <= score <= HUNDRED:
        raise DomainError(_("A score is between 0 and 100."))
    if score == attempt.score:
        raise DomainError(_("The score is unchanged."))
    old_score, old_passed = attempt.score, attempt.passed
    attempt.score = score
    if attempt.kind == TestAttempt.Kind.POST:
        attempt.passed = score >= attempt.module.pass_mark
    attempt.save(update_fields=["score", "passed"])
    ScoreCorrection.objects.create(
        attempt=attempt,
        old_score=old_score,
        new_score=score,
        old_passed=old_passed,
        new_passed=attempt.passed,
        reason=reason[:2000],
        corrected_by=by,
    )
    if attempt.passed:
        module_completion_record(participant=attempt.participant, module=attempt.module)
    return attempt
