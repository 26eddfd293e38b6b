"""The demo as ``make run`` loads it: built once for the session and committed
(``tests/conftest.py::committed_demo``), read by these tests and by the browser's sign-in;
``test_demo_command.py`` loads it without learning."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.models import ProgrammePage
from cohorts.models import Participant
from cohorts.validators import validate_nip
from core.roles import Role
from lms.models import User
from tests import settings as test_settings

PROGRAMME_2019 = "visioning-camat-dan-lurah"
PROGRAMME_LIVE = "visioning-camat-dan-lurah-2026"


@pytest.fixture
def demo_files(settings):
    """The private files where the committed demo rendered its certificates (each test
    otherwise gets folders of its own)."""
    settings.STORAGES = test_settings.STORAGES


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
    demo, demo_files, django_capture_on_commit_callbacks
):
    from cohorts.models import Attendance, SessionBooking, TrainingSession
    from lms.models import Certificate, Enrolment, LessonProgress, ModuleCompletion, TestAttempt
    from lms.selectors.learning import dashboard_get

    before = list(
        Participant.objects.order_by("pk").values_list("pk", "nip", "name", "email", "user")
    )
    models = (
        Enrolment,
        LessonProgress,
        ModuleCompletion,
        TestAttempt,
        Certificate,
        TrainingSession,
        SessionBooking,
        Attendance,
        ProgrammePage,
    )
    counts = [model.objects.count() for model in models]
    users = User.objects.count()
    live_figures = _live_figures()
    # the programme running today: 89 enrolled, 45 begun, 9 finished with a rendered PDF
    assert [live_figures[key] for key in ("enrolled", "tested", "completed")] == [89, 45, 9]
    assert [state for _pk, state in live_figures["certificates"]] == ["ready"] * 9

    # every stage is there: finished with a certificate, halfway, not started
    assert Enrolment.objects.filter(programme__slug=PROGRAMME_2019).count() == 317
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
        call_command("load_demo", stdout=(out := io.StringIO()))
    assert counts == [model.objects.count() for model in models]
    assert "317 participants (0 new)" in out.getvalue()
    assert _live_figures() == live_figures
    assert (
        list(Participant.objects.order_by("pk").values_list("pk", "nip", "name", "email", "user"))
        == before
    )
    assert User.objects.count() == users
    assert _face_to_face_figures() == face_to_face


def _face_to_face_figures():
    from django.db.models import Count

    from cohorts.models import Attendance, Cohort, SessionBooking, TrainingSession

    in_2019 = {"session__programme__slug": PROGRAMME_2019}
    seated = SessionBooking.objects.filter(status__in=SessionBooking.SEATED, **in_2019)
    return {
        "sessions": [
            (session.starts_at.strftime("%Y-%m"), session.days.count())
            for session in TrainingSession.objects.filter(programme__slug=PROGRAMME_2019).order_by(
                "starts_at"
            )
        ],
        "seated_once": seated.values("participant").annotate(n=Count("pk")).filter(n=1).count(),
        "waitlisted": dict(
            SessionBooking.objects.filter(status="waitlisted", **in_2019)
            .values_list("session__title")
            .annotate(n=Count("pk"))
        ),
        "marked_days": Attendance.objects.filter(
            day__session__programme__slug=PROGRAMME_2019
        ).count(),
        "without_bed": seated.filter(lodging_room__isnull=True).count(),
        "thematic_cohorts": Cohort.objects.filter(theme__isnull=False).count(),
        "bookings": SessionBooking.objects.filter(**in_2019).count(),
    }


def _live_figures():
    """What the programme running today holds: its sessions (days from today), bookings by
    status, attendance by day and status, enrolments by stage, certificates."""
    from django.db.models import Count

    from cohorts.models import Attendance, SessionBooking, TrainingSession
    from lms.models import Certificate, Enrolment, TestAttempt

    today = timezone.localdate()
    sessions = TrainingSession.objects.filter(programme__slug=PROGRAMME_LIVE)
    return {
        "sessions": [
            (s.title, [(day.date - today).days for day in s.days.all()], s.capacity, s.seats_taken)
            for s in sessions.prefetch_related("days").order_by("starts_at")
        ],
        "bookings": dict(
            SessionBooking.objects.filter(session__in=sessions)
            .values_list("status")
            .annotate(n=Count("pk"))
        ),
        "attendance": sorted(
            Attendance.objects.filter(day__session__in=sessions)
            .values_list("day__date", "status", "method")
            .annotate(n=Count("pk"))
        ),
        "enrolled": Enrolment.objects.filter(programme__slug=PROGRAMME_LIVE).count(),
        "completed": Enrolment.objects.filter(
            programme__slug=PROGRAMME_LIVE, completed_at__isnull=False
        ).count(),
        "tested": TestAttempt.objects.filter(
            module__path__startswith=ProgrammePage.objects.get(slug=PROGRAMME_LIVE).path
        )
        .values("participant")
        .distinct()
        .count(),
        "certificates": list(
            Certificate.objects.filter(programme__slug=PROGRAMME_LIVE)
            .order_by("pk")
            .values_list("participant_id", "render_state")
        ),
    }


def test_demo_is_alive_today(demo, demo_files, client):
    """The programme running today: a session in progress with today's attendance partly
    marked (the trainee can still check in), sessions coming up with a waitlist, and the
    trainee's certificate — on every role's dashboard."""
    from cohorts.models import Attendance, SessionBooking, TrainingSession
    from cohorts.selectors import organiser_dashboard_get
    from cohorts.services.checkin import checkin_check, checkin_token
    from lms.models import Certificate

    now, today = timezone.now(), timezone.localdate()
    programme = ProgrammePage.objects.get(slug=PROGRAMME_LIVE)
    peserta = Participant.objects.get(email="peserta@selaras.test")
    running = TrainingSession.objects.get(programme=programme, starts_at__lt=now, ends_at__gt=now)
    yesterday, day, tomorrow = running.days.order_by("date")
    assert (yesterday.date, day.date, tomorrow.date) == (
        today - datetime.timedelta(days=1),
        today,
        today + datetime.timedelta(days=1),
    )
    seated = running.bookings.filter(status__in=SessionBooking.SEATED)
    assert Attendance.objects.filter(day=yesterday).count() == seated.count() > 20
    marked_today = Attendance.objects.filter(day=day)
    assert 0 < marked_today.count() < seated.count()
    assert marked_today.filter(method=Attendance.Method.QR).exists()
    assert seated.filter(participant=peserta).exists()
    assert Attendance.objects.get(day=yesterday, participant=peserta).status == "hadir"
    assert not marked_today.filter(participant=peserta).exists()
    at = day.start_datetime  # the trainee's check-in is accepted from the day's start
    checkin_check(day=day, participant=peserta, token=checkin_token(day, at), at=at)

    upcoming = TrainingSession.objects.filter(programme=programme, starts_at__gt=now)
    assert upcoming.count() == 3
    assert all(session.seats_taken > 0 for session in upcoming)
    assert SessionBooking.objects.filter(session__in=upcoming, status="waitlisted").count() == 3
    dashboard = organiser_dashboard_get(programme=programme)
    assert [s.pk for s in dashboard.running] == [running.pk]
    assert len(dashboard.upcoming) == 3 and dashboard.waitlisted == 3
    assert 0 < dashboard.unscheduled_count < dashboard.participant_total == 89

    # the trainee: both programmes, the session of today, the certificate, downloadable
    certificate = Certificate.objects.get(participant=peserta, programme=programme)
    assert certificate.render_state == Certificate.RenderState.READY
    client.force_login(peserta.user)
    page = client.get(reverse("lms:dashboard")).content.decode()
    assert "Visioning Camat dan Lurah 2026" in page
    assert running.title in page
    download = reverse("certificates:download", args=[certificate.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    # the organiser and the Pimpinan see the running and coming sessions on their dashboard,
    # the facilitator his coming sessions on the admin's home and all of his in the list
    dashboard_url = reverse("cohorts_dashboard") + f"?pelatihan={programme.pk}"
    for role in ("penyelenggara", "pimpinan"):
        client.force_login(User.objects.get(email=f"{role}@selaras.test"))
        page = client.get(dashboard_url).content.decode()
        for session in [running, *upcoming]:
            assert session.title in page, (role, session.title)
    client.force_login(User.objects.get(email="fasilitator@selaras.test"))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert all(session.title in home for session in upcoming)
    sessions = client.get(reverse("cohorts_session:index")).content.decode()
    assert running.title in sessions


# The demo ----------------------------------------------------------------------------------


def test_demo_shares_practices_one_featured_one_awaiting(demo):
    from lms.models import PracticePost
    from lms.selectors.practices import practice_list_feed

    feed = list(practice_list_feed())
    assert len(feed) >= 4
    assert feed[0].is_featured
    assert len({post.theme_id for post in feed}) > 1
    assert len({post.unit.code[:5] for post in feed}) > 1
    assert PracticePost.objects.filter(status=PracticePost.Status.SUBMITTED).exists()
    assert all(post.photos.exists() for post in feed)
