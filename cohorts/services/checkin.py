"""A participant's own check-in with the rotating QR code shown in the room.

The code is an HMAC with the secret key over (day id, time step); a step lasts
``SELARAS_CHECKIN_STEP`` seconds (60) and only the current and the previous step are accepted,
inside the day's window: from ``SELARAS_CHECKIN_EARLY`` minutes (60) before the day starts
until it ends. After ``SELARAS_CHECKIN_GRACE`` minutes (15) past the start a check-in is
Terlambat. A code photographed yesterday, or three minutes ago, does not work.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from cohorts.models import Attendance, Participant, SessionDay
from cohorts.selectors import seated_participant_ids
from core.errors import DomainError
from core.formatting import day_label, time_label

Status = Attendance.Status
Method = Attendance.Method
TOKEN_SALT = "selaras.attendance.checkin"  # noqa: S105 — an HMAC salt, not a secret


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def checkin_step() -> int:
    """Seconds one check-in code lasts (``SELARAS_CHECKIN_STEP``, default 60)."""
    return max(1, _setting("SELARAS_CHECKIN_STEP", 60))


def checkin_early() -> datetime.timedelta:
    return datetime.timedelta(minutes=_setting("SELARAS_CHECKIN_EARLY", 60))


def checkin_grace() -> datetime.timedelta:
    return datetime.timedelta(minutes=_setting("SELARAS_CHECKIN_GRACE", 15))


def checkin_window(day: SessionDay) -> tuple[datetime.datetime, datetime.datetime]:
    """(opens, closes): from SELARAS_CHECKIN_EARLY minutes before the day starts to its end."""
    return day.start_datetime - checkin_early(), day.end_datetime


def checkin_is_open(day: SessionDay, at: datetime.datetime | None = None) -> bool:
    opens, closes = checkin_window(day)
    return opens <= (at or timezone.now()) <= closes


def _step(at: datetime.datetime) -> int:
    return int(at.timestamp()) // checkin_step()


def _mac(day_id: int, step: int) -> str:
    return salted_hmac(TOKEN_SALT, f"{day_id}:{step}", algorithm="sha256").hexdigest()[:24]


def checkin_token(day: SessionDay, at: datetime.datetime | None = None) -> str:
    """The code for ``day`` at time ``at`` (now): ``<step in hex>-<hmac>``, URL-safe."""
    step = _step(at or timezone.now())
    return f"{step:x}-{_mac(day.pk, step)}"


def _token_step(day: SessionDay, token: str) -> int | None:
    """The step a genuine token for this day was made in, or None."""
    step_text, _sep, mac = str(token or "").partition("-")
    if not re.fullmatch(r"[0-9a-f]{1,12}", step_text):
        return None
    step = int(step_text, 16)
    return step if constant_time_compare(mac, _mac(day.pk, step)) else None


def checkin_code_check(*, day: SessionDay, token: str, at: datetime.datetime | None = None):
    """Refuse (DomainError, saying why) a code that is not this day's, is outside the day's
    window, has expired or belongs to a cancelled session. Writes nothing."""
    at = at or timezone.now()
    session = day.session
    if session.is_cancelled:
        raise DomainError(
            _("“%(session)s” is cancelled: there is nothing to check in to.")
            % {"session": session.title}
        )
    step = _token_step(day, token)
    current = _step(at)
    if step is None or step > current:
        raise DomainError(
            _("This check-in code is not valid. Scan the code shown in the room again.")
        )
    opens, closes = checkin_window(day)
    if not opens <= at <= closes:
        raise DomainError(
            _("Check-in for %(session)s on %(date)s is open only from %(opens)s to %(closes)s.")
            % {
                "session": session.title,
                "date": day_label(day),
                "opens": time_label(opens),
                "closes": time_label(closes),
            }
        )
    if step < current - 1:
        raise DomainError(
            _(
                "This check-in code has expired: the code changes every %(seconds)d seconds. "
                "Scan the code shown in the room now."
            )
            % {"seconds": checkin_step()}
        )


def checkin_check(
    *, day: SessionDay, participant: Participant, token: str, at: datetime.datetime | None = None
):
    """Every refusal of ``attendance_check_in`` (code, window, cancelled, no seat) without
    writing: the confirm page shows it before the participant presses the button."""
    checkin_code_check(day=day, token=token, at=at)
    if not seated_participant_ids(day.session_id, [participant.pk]):
        raise DomainError(
            _("You have no seat in “%(session)s”, so you cannot check in. Ask the organiser.")
            % {"session": day.session.title}
        )


@dataclass
class CheckIn:
    attendance: Attendance
    created: bool


@transaction.atomic
def attendance_check_in(
    *, day: SessionDay, participant: Participant, token: str, at: datetime.datetime | None = None
) -> CheckIn:
    """A participant's own check-in with the code shown in the room.

    Hadir, or Terlambat after the grace period past the day's start. Refused (DomainError)
    for a code not of this day, expired or outside the window, a cancelled session, or a
    participant without a seat. A second check-in — or one after the organiser marked the
    participant — keeps the first mark (``created`` is False).
    """
    at = at or timezone.now()
    day = SessionDay.objects.select_related("session").get(pk=day.pk)
    checkin_check(day=day, participant=participant, token=token, at=at)
    existing = Attendance.objects.filter(day=day, participant=participant).first()
    if existing is not None:
        return CheckIn(existing, False)
    late = at > day.start_datetime + checkin_grace()
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                day=day,
                participant=participant,
                status=Status.LATE if late else Status.PRESENT,
                method=Method.QR,
                marked_by_id=Participant.objects.filter(pk=participant.pk)
                .values_list("user_id", flat=True)
                .first(),
                marked_at=at,
            )
    except IntegrityError:  # a second device of the same person at the same moment
        return CheckIn(Attendance.objects.get(day=day, participant=participant), False)
    return CheckIn(attendance, True)
