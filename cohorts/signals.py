"""What the cohorts app announces to the apps above it (they import this module and
connect; cohorts never imports them). Receivers run synchronously, inside the sender's
transaction.

- ``attendance_closed(session)``: a session's attendance was closed into its bookings'
  outcomes, so the attendance that counts for a programme's completion rule is final. The
  learning engine (``lms.receivers``) completes the programme for seated participants whom
  only that rule held back.
"""

from django.dispatch import Signal

attendance_closed = Signal()
