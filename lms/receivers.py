"""What the learning engine does when a lower app announces something (connected in
``LmsConfig.ready``). The announcements are documented where they are sent."""

from django.dispatch import receiver

from cohorts.signals import attendance_closed
from lms.services.learning import attendance_completions_record


@receiver(attendance_closed, dispatch_uid="lms.attendance_closed")
def complete_after_attendance(sender, session, **kwargs):
    """Attendance is final for the session: complete the programme for its seated
    participants whom only the attendance rule held back."""
    attendance_completions_record(session=session)
