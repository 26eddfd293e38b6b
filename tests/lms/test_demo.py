"""The demo as ``make run`` loads it: built once for the session and committed
(``tests/conftest.py::committed_demo``), read by these tests and by the browser's sign-in;
``test_demo_command.py`` loads it without learning."""

from cohorts.models import Participant
from cohorts.validators import validate_nip
from core.roles import Role
from lms.demo import demo_load
from lms.models import User


def test_demo_has_exactly_317_participants_by_position(demo):
    by_position = {
        position: Participant.objects.filter(position=position).count()
        for position in Participant.Position.values
    }
    assert by_position == {"head": 6, "camat": 44, "lurah": 267, "other": 0}
    assert Participant.objects.count() == 317
    # one head per unit, every NIP valid and unique, every email unique
    assert Participant.objects.values("unit").distinct().count() == 317
    nips = list(Participant.objects.values_list("nip", flat=True))
    assert len(set(nips)) == 317
    for nip in nips:
        validate_nip(nip)
    assert Participant.objects.values("email").distinct().count() == 317
    assert not Participant.objects.filter(unit__level=4).exclude(position="lurah").exists()
    assert not Participant.objects.filter(unit__level=3).exclude(position="camat").exists()
    out = demo
    for email in ("peserta", "penyelenggara", "fasilitator", "pimpinan", "penilai"):
        assert f"{email}@selaras.test" in out
    assert "selaras-demo" in out


def test_demo_accounts_and_roles(demo):
    peserta = User.objects.get(email="peserta@selaras.test")
    assert peserta.check_password("selaras-demo")
    assert peserta.participant.position == Participant.Position.LURAH
    assert peserta.participant.unit.code == "31.71.01.1001"
    assert peserta.has_role(Role.PESERTA)
    assert not peserta.has_perm("wagtailadmin.access_admin")
    for role in ("penyelenggara", "fasilitator", "pimpinan", "penilai"):
        user = User.objects.get(email=f"{role}@selaras.test")
        assert user.check_password("selaras-demo")
        assert user.has_role(role.capitalize())
        assert user.has_perm("wagtailadmin.access_admin")
        assert not user.is_superuser


def test_demo_is_idempotent_and_shows_every_learning_stage(
    demo, django_capture_on_commit_callbacks
):
    from lms.models import Certificate, Enrolment, LessonProgress, ModuleCompletion, TestAttempt
    from lms.selectors.learning import dashboard_get

    before = list(
        Participant.objects.order_by("pk").values_list("pk", "nip", "name", "email", "user")
    )
    counts = [
        model.objects.count()
        for model in (Enrolment, LessonProgress, ModuleCompletion, TestAttempt, Certificate)
    ]
    users = User.objects.count()

    # every stage is there: finished with a certificate, halfway, not started
    assert Enrolment.objects.count() == 317
    finished = Enrolment.objects.filter(completed_at__isnull=False).count()
    assert finished >= 20
    assert Certificate.objects.count() == finished
    assert (
        Certificate.objects.filter(render_state=Certificate.RenderState.READY).count() == finished
    )
    started = LessonProgress.objects.values("participant").distinct().count()
    assert finished < started < 317
    peserta = Participant.objects.get(email="peserta@selaras.test")
    dashboard = dashboard_get(participant=peserta)
    assert 0 < dashboard.programmes[0].percent < 100  # halfway
    assert dashboard.results and dashboard.jp_this_year > 0
    face_to_face = _face_to_face_figures()
    assert face_to_face["sessions"] == [("2019-03", 2)] * 6
    assert face_to_face["seated_once"] == 317  # every demo participant scheduled, once
    assert face_to_face["waitlisted"] == {"Angkatan VI": 5}
    assert face_to_face["marked_days"] == 2 * 317  # every seated participant, every day held
    assert face_to_face["without_bed"] == 0
    assert face_to_face["thematic_cohorts"] == 5

    with django_capture_on_commit_callbacks(execute=True):
        result = demo_load()
    assert counts == [
        model.objects.count()
        for model in (Enrolment, LessonProgress, ModuleCompletion, TestAttempt, Certificate)
    ]
    assert result.participants_created == 0
    assert (
        list(Participant.objects.order_by("pk").values_list("pk", "nip", "name", "email", "user"))
        == before
    )
    assert User.objects.count() == users == 5
    assert _face_to_face_figures() == face_to_face


def _face_to_face_figures():
    from django.db.models import Count

    from cohorts.models import Attendance, Cohort, SessionBooking, TrainingSession

    seated = SessionBooking.objects.filter(status__in=SessionBooking.SEATED)
    return {
        "sessions": [
            (session.starts_at.strftime("%Y-%m"), session.days.count())
            for session in TrainingSession.objects.order_by("starts_at")
        ],
        "seated_once": seated.values("participant").annotate(n=Count("pk")).filter(n=1).count(),
        "waitlisted": dict(
            SessionBooking.objects.filter(status="waitlisted")
            .values_list("session__title")
            .annotate(n=Count("pk"))
        ),
        "marked_days": Attendance.objects.count(),
        "without_bed": seated.filter(lodging_room__isnull=True).count(),
        "thematic_cohorts": Cohort.objects.filter(theme__isnull=False).count(),
        "bookings": SessionBooking.objects.count(),
    }
