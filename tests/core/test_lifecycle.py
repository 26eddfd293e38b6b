"""Every model with a lifecycle moves through one method that refuses what its TRANSITIONS
do not allow, with a translated message naming both states."""

import pytest
from django.utils import translation

from cohorts.models import (
    RosterImport,
    ScheduleProposal,
    SessionBooking,
    SessionNotice,
    TrainingSession,
)
from core.errors import DomainError
from core.lifecycle import Lifecycle
from core.models import OutboundEmail
from lms.models import Certificate, CertificateBatch, Invitation

LIFECYCLES = [
    OutboundEmail,
    RosterImport,
    ScheduleProposal,
    SessionBooking,
    SessionNotice,
    TrainingSession,
    Certificate,
    CertificateBatch,
    Invitation,
]


@pytest.mark.parametrize("model", LIFECYCLES, ids=lambda model: model.__name__)
def test_every_state_has_its_moves_and_every_move_lands_on_a_state(model):
    assert issubclass(model, Lifecycle)
    states = {value for value, _label in model._meta.get_field(model.status_field).choices}
    assert set(model.TRANSITIONS) == states
    for targets in model.TRANSITIONS.values():
        assert set(targets) <= states


@pytest.mark.parametrize("model", LIFECYCLES, ids=lambda model: model.__name__)
def test_a_move_the_lifecycle_does_not_allow_is_refused_and_changes_nothing(model):
    final, other = next(
        (state, target)
        for state, targets in model.TRANSITIONS.items()
        for target in model.TRANSITIONS
        if target != state and target not in targets
    )
    row = model(**{model.status_field: final})
    with translation.override("id"), pytest.raises(DomainError) as refused:
        row.set_status(other)
    assert getattr(row, model.status_field) == final
    message = str(refused.value)
    assert str(model._label(final)) in message and str(model._label(other)) in message


def test_an_allowed_move_is_made_and_may_reach_lists_its_sources():
    booking = SessionBooking(status=SessionBooking.Status.WAITLISTED)
    booking.set_status(SessionBooking.Status.BOOKED)
    assert booking.status == SessionBooking.Status.BOOKED
    assert set(SessionBooking.may_reach(SessionBooking.Status.ATTENDED)) == {
        SessionBooking.Status.BOOKED,
        SessionBooking.Status.NO_SHOW,
    }


def test_a_revoked_certificate_cannot_be_valid_again():
    certificate = Certificate(status=Certificate.Status.REVOKED)
    with pytest.raises(DomainError):
        certificate.set_status(Certificate.Status.VALID)


def test_an_outgoing_email_stamps_its_update_when_it_moves():
    email = OutboundEmail(status=OutboundEmail.Status.PENDING, updated_at=None)
    email.set_status(OutboundEmail.Status.SENDING)
    assert email.updated_at is not None
