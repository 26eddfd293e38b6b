import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from core.roles import Role
from lms.models import Invitation, User
from lms.services import accounts as services

PASSWORD = "Lurah-Cideng-2019!"


def invitation_link(message):
    return re.search(r"https?://\S+/undangan/(\S+?)/", message.body)


def invite(participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.participant_invite(participant=participant)
    return invitation


@pytest.mark.django_db
def test_invitation_journey(client, participant, django_capture_on_commit_callbacks):
    invitation = invite(participant, django_capture_on_commit_callbacks)

    # the email went out once, with a single-use link, and the account cannot sign in yet
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [participant.email]
    assert participant.name in message.body
    match = invitation_link(message)
    assert match
    url = reverse("lms:invitation_accept", kwargs={"token": match.group(1)})
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SENT
    user = User.objects.get(participant=participant)
    assert user.username == participant.nip
    assert not user.has_usable_password()
    assert user.has_role(Role.PESERTA)

    page = client.get(url)
    assert page.status_code == 200
    assert b'name="password1"' in page.content

    mismatch = client.post(url, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert mismatch.status_code == 200
    weak = client.post(url, {"password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 200
    user.refresh_from_db()
    assert not user.has_usable_password()

    done = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302
    assert done.url == reverse("lms:dashboard")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert client.get(reverse("lms:dashboard")).status_code == 200

    # the link works once only
    client.logout()
    reused = client.post(
        url, {"password1": "Another-Pass-2020!", "password2": "Another-Pass-2020!"}
    )
    assert reused.status_code == 410
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    # and the holder can now sign in with email or NIP
    signed_in = client.post(
        reverse("account_login"), {"login": participant.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    client.logout()
    nip = participant.nip
    spaced_nip = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    signed_in = client.post(reverse("account_login"), {"login": spaced_nip, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.get(reverse("lms:dashboard")).context["participant"] == participant


@pytest.mark.django_db
def test_expired_link_is_refused(client, participant, django_capture_on_commit_callbacks):
    invitation = invite(participant, django_capture_on_commit_callbacks)
    token = services.invitation_token(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    url = reverse("lms:invitation_accept", kwargs={"token": token})

    assert client.get(url).status_code == 410
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert (
        "expired" in response.content.decode().lower() or "kedaluwarsa" in response.content.decode()
    )
    assert not User.objects.get(participant=participant).has_usable_password()


@pytest.mark.django_db
def test_reinvite_replaces_the_old_link(client, participant, django_capture_on_commit_callbacks):
    first = invite(participant, django_capture_on_commit_callbacks)
    old_token = services.invitation_token(first)
    second = services.invitation_create(user=first.user)
    first.refresh_from_db()
    assert first.status == Invitation.Status.REVOKED
    assert (
        client.get(reverse("lms:invitation_accept", kwargs={"token": old_token})).status_code == 410
    )
    new_url = reverse("lms:invitation_accept", kwargs={"token": services.invitation_token(second)})
    assert client.get(new_url).status_code == 200


@pytest.mark.django_db
def test_tampered_token_is_refused(client, participant, django_capture_on_commit_callbacks):
    invitation = invite(participant, django_capture_on_commit_callbacks)
    token = services.invitation_token(invitation)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("lms:invitation_accept", kwargs={"token": forged})).status_code == 410


@pytest.mark.django_db
def test_sending_twice_sends_one_email(participant, django_capture_on_commit_callbacks):
    invitation = invite(participant, django_capture_on_commit_callbacks)
    assert services.invitation_send(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_cannot_invite_without_email_or_after_password_set(region_tree, participant):
    from tests.factories import make_participant

    no_email = make_participant(unit=region_tree["kelurahan"], email="")
    with pytest.raises(DomainError):
        services.participant_invite(participant=no_email)
    user = services.user_create_for_participant(participant=participant)
    user.set_password(PASSWORD)
    user.save()
    with pytest.raises(DomainError):
        services.invitation_create(user=user)


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_invitation_sent_by_a_real_worker(celery_worker, base_data, participant):
    import time

    invitation = services.participant_invite(participant=participant)  # enqueued on commit
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        invitation.refresh_from_db()
        if invitation.status == Invitation.Status.SENT:
            break
        time.sleep(0.05)
    assert invitation.status == Invitation.Status.SENT
    assert invitation.attempts == 1
    assert [m.to for m in mail.outbox] == [[participant.email]]


# Through the outbox, and work lost with the broker ------------------------------------------


@pytest.mark.django_db
def test_the_invitation_email_goes_through_the_outbox(
    participant, django_capture_on_commit_callbacks
):
    invitation = invite(participant, django_capture_on_commit_callbacks)
    invitation.refresh_from_db()
    email = invitation.outbound_email
    assert email.key == f"invitation:{invitation.pk}:{invitation.nonce}"
    assert (email.status, email.recipient, email.attempts) == ("sent", participant.email, 1)
    assert invitation.sent_at == email.sent_at
    assert invitation_link(mail.outbox[0]).group(1) in email.text


@pytest.mark.django_db
def test_reinviting_withdraws_the_older_email_not_yet_sent(participant):
    first = services.participant_invite(participant=participant)  # its task not run yet
    services.invitation_hand_over(invitation_id=first.pk)  # handed over, then the worker died
    first.refresh_from_db()
    second = services.invitation_create(user=first.user)
    first.outbound_email.refresh_from_db()
    assert first.outbound_email.status == "cancelled"
    assert services.invitation_send(invitation_id=first.pk) is False
    assert services.invitation_send(invitation_id=second.pk) is True
    (message,) = mail.outbox
    assert services.invitation_token(second) in message.body


@pytest.mark.django_db
def test_an_invitation_saved_with_the_broker_down_is_sent_by_the_sweep(
    participant, staff_client, settings, django_capture_on_commit_callbacks
):
    from lms.tasks import lms_sweep_task
    from tests.core.test_faults import broker_unreachable

    client = staff_client("Penyelenggara")
    with broker_unreachable(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("lms_invitation:invite", args=[participant.pk]))
    assert response.status_code == 302  # the organiser's request succeeded
    invitation = Invitation.objects.get(user__participant=participant)
    assert (invitation.status, invitation.outbound_email) == (Invitation.Status.PENDING, None)
    assert mail.outbox == []

    settings.SELARAS_SWEEP_DELAY = 0
    assert lms_sweep_task.apply().get()["invitations"] == 1
    assert lms_sweep_task.apply().get()["invitations"] == 0
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SENT
    assert [m.to for m in mail.outbox] == [[participant.email]]


@pytest.mark.django_db
def test_the_sweep_marks_sent_an_invitation_whose_worker_died_after_sending(participant, settings):
    from core.outbox import email_send

    invitation = services.participant_invite(participant=participant)
    email_id = services.invitation_hand_over(invitation_id=invitation.pk)
    email_send(email_id=email_id)  # the email went out; the worker died before the invitation
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING

    settings.SELARAS_SWEEP_DELAY = 0
    assert services.invitations_sweep() == 1
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SENT
    assert len(mail.outbox) == 1
    assert services.invitations_sweep() == 0


@pytest.mark.django_db
def test_the_migration_gives_sent_invitations_their_outbox_history(participant):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("lms.migrations.0007_outbox_and_batch_resume")
    sent = services.participant_invite(participant=participant)
    Invitation.objects.filter(pk=sent.pk).update(
        status=Invitation.Status.SENT, sent_at=timezone.now(), attempts=1
    )
    pending = services.invitation_create(user=sent.user)

    migration.sent_invitations_to_outbox(apps, None)
    sent.refresh_from_db()
    pending.refresh_from_db()
    assert sent.outbound_email.key == f"invitation:{sent.pk}:{sent.nonce}"
    assert (sent.outbound_email.status, sent.outbound_email.sent_at) == ("sent", sent.sent_at)
    assert pending.outbound_email is None  # picked up by the sweep
    migration.sent_invitations_to_outbox(apps, None)  # a second run changes nothing
    assert sent.outbound_email.__class__.objects.count() == 1
