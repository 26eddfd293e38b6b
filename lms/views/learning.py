"""The trainee's learning on the site: opening modules and lessons (refused to whoever may
not), completing a lesson, saving a reflection, starting and taking a test, its result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cms.models import LessonPage, ModulePage
from cohorts.selectors import participant_get_for_user
from core.errors import DomainError
from lms.forms import AttemptForm, ReflectionForm
from lms.models import TestAttempt
from lms.permissions import Access, learning_access, lesson_module, may_view_attempt
from lms.selectors.learning import (
    attempt_questions,
    attempt_review,
    module_progress,
    module_state,
)
from lms.services import learning


def guard_learning_page(request, page):
    """Refuse a module or lesson page to whoever may not open it; None when allowed.

    Also records the visit of a lesson for "continue where you left off".
    """
    access, detail = learning_access(request.user, page)
    if access is Access.SIGN_IN:
        return redirect_to_login(request.get_full_path())
    if access is Access.NOT_ENROLLED:
        return render(request, "lms/learning_refused.html", {"page": page}, status=403)
    if access is Access.LOCKED:
        return render(
            request, "lms/learning_locked.html", {"page": page, "prerequisite": detail}, status=403
        )
    participant = participant_get_for_user(request.user)
    if isinstance(page, LessonPage) and participant is not None:
        # read once for the visit and for the page (lesson_context finds it on the request)
        progress = module_progress(participant=participant, module_id=lesson_module(page).pk)
        request.selaras_module_progress = progress
        learning.lesson_open(participant=participant, lesson=page, progress=progress)
    return None


def _learning_page_or_404(request, page_id, model):
    page = get_object_or_404(model.objects.live(), pk=page_id)
    access, _detail = learning_access(request.user, page)
    if access is not Access.ALLOWED:
        raise Http404
    participant = participant_get_for_user(request.user)
    if participant is None:
        raise Http404  # staff preview content but do not record progress
    return page, participant


@login_required
@require_POST
def lesson_complete(request, page_id):
    lesson, participant = _learning_page_or_404(request, page_id, LessonPage)
    if learning.lesson_complete(participant=participant, lesson=lesson):
        messages.success(request, _("Lesson completed."))
    next_lesson = lesson.get_next_siblings().live().type(LessonPage).first()
    if next_lesson is not None:
        return redirect(next_lesson.url)
    return redirect(lesson.get_parent().url)


@login_required
@require_POST
def reflection_save(request, page_id, block_id):
    lesson, participant = _learning_page_or_404(request, page_id, LessonPage)
    form = ReflectionForm(request.POST)
    if form.is_valid():
        try:
            learning.reflection_save(
                participant=participant,
                lesson=lesson,
                block_id=block_id,
                text=form.cleaned_data["text"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your answer is saved."))
    else:
        messages.error(request, _("Write an answer before saving."))
    return redirect(f"{lesson.url}#refleksi-{block_id}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def test_start(request, page_id, kind):
    """POST starts an attempt. A GET (a reloaded or bookmarked address) is sent back to the
    module page, where the button is, with a word why instead of a blank 405."""
    if request.method != "POST":
        module = get_object_or_404(ModulePage.objects.live(), pk=page_id)
        messages.info(request, _("Start the test with its button on the module page."))
        return redirect(module.url)
    module, participant = _learning_page_or_404(request, page_id, ModulePage)
    try:
        attempt = learning.attempt_start(participant=participant, module=module, kind=kind)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(module.url)
    return redirect("lms:attempt", attempt_id=attempt.pk)


@login_required
def attempt(request, attempt_id):
    attempt = get_object_or_404(
        TestAttempt.objects.select_related("module", "participant"), pk=attempt_id
    )
    participant = participant_get_for_user(request.user)
    if participant is None or attempt.participant_id != participant.pk:
        raise Http404
    if attempt.submitted_at:
        return redirect("lms:attempt_result", attempt_id=attempt.pk)
    questions = attempt_questions(attempt=attempt)
    form = AttemptForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            learning.attempt_submit(attempt=attempt, answers=form.answers())
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("lms:attempt_result", attempt_id=attempt.pk)
    return render(
        request,
        "lms/attempt.html",
        {"attempt": attempt, "form": form, "module": attempt.module},
    )


@login_required
def attempt_result(request, attempt_id):
    attempt = get_object_or_404(
        TestAttempt.objects.select_related("module", "participant"), pk=attempt_id
    )
    if not may_view_attempt(request.user, attempt):
        raise Http404
    if attempt.submitted_at is None:
        return redirect("lms:attempt", attempt_id=attempt.pk)
    state = module_state(module=attempt.module, participant=attempt.participant)
    # Correct answers stay hidden while the post-test can still be retaken: the bank is shared.
    review = attempt_review(attempt=attempt)
    closed = state.post_passed or state.attempts_left == 0 or not attempt.module.posttest_enabled
    return render(
        request,
        "lms/attempt_result.html",
        {
            "attempt": attempt,
            "module": attempt.module,
            "state": state,
            "review": review,
            "right": sum(1 for item in review if item["correct"]),
            "participant": participant_get_for_user(request.user),
            "show_solutions": closed,
        },
    )
