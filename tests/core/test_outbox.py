"""The outbound-email outbox: queued once, sent at most once, retried safely, swept."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from core.models import OutboundEmail
from core.outbox import email_cancel, email_queue, email_resend, email_send, outbox_sweep
from core.tasks import email_send_task, outbox_sweep_task

Status = OutboundEmail.Status
pytestmark = pytest.mark.django_db


def queue(key="test:1", **extra):
    fields = {
        "key": key,
        "recipient": "lurah@example.go.id",
        "subject": "[Selaras] Uji",
        "text": "Halo",
        "html": "<p>Halo</p>",
    }
    return email_queue(**{**fields, **extra})


def age(email, seconds, field="updated_at"):
    OutboundEmail.objects.filter(pk=email.pk).update(
        **{field: timezone.now() - datetime.timedelta(seconds=seconds)}
    )


def test_queue_is_idempotent_by_key_and_sends_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = queue()
        again = queue(subject="changed")
    assert first.pk == again.pk and len(callbacks) == 1
    assert OutboundEmail.objects.count() == 1
    first.refresh_from_db()
    assert (first.status, first.attempts, first.subject) == (Status.SENT, 1, "[Selaras] Uji")
    (message,) = mail.outbox
    assert message.to == ["lurah@example.go.id"]
    assert message.alternatives[0].content == "<p>Halo</p>"


def test_a_rolled_back_transaction_queues_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert not OutboundEmail.objects.exists()


def test_sending_is_committed_before_the_message_leaves(monkeypatch):
    email = queue(send=False)
    seen = []
    real_send = EmailBackend.send_messages

    def looking(self, messages):
        # What another process would read while the message is on its way.
        seen.append(OutboundEmail.objects.values_list("status", "attempts").get(pk=email.pk))
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", looking)
    assert email_send(email_id=email.pk) is True
    assert seen == [(Status.SENDING, 1)]
    email.refresh_from_db()
    assert email.status == Status.SENT and email.sent_at and email.sending_since
    assert email_send(email_id=email.pk) is False  # delivered twice: sent once
    assert email_send_task.apply(args=[email.pk]).get() is False
    assert len(mail.outbox) == 1


def test_an_smtp_failure_is_failed_then_retried_once(monkeypatch):
    email = queue(send=False)
    calls = []
    real_send = EmailBackend.send_messages

    def flaky(self, messages):
        calls.append(1)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        email_send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 1)
    assert "SMTPServerDisconnected" in email.last_error
    # the task's retry policy sends it again (eager: at once)
    assert email_send_task.apply(args=[email.pk], throw=False).get() is True
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Status.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_attachments_keep_their_content_type_parameters():
    email = queue(
        attachments=[
            {
                "filename": "sesi-1.ics",
                "content_type": "text/calendar; method=CANCEL",
                "content": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            },
            {"filename": "a.bin", "content_type": "application/octet-stream", "content": b"\x00"},
        ],
        send=False,
    )
    email_send(email_id=email.pk)
    ics, binary = mail.outbox[0].attachments
    assert (ics.get_content_type(), ics.get_param("method")) == ("text/calendar", "CANCEL")
    assert ics.get_filename() == "sesi-1.ics"
    assert ics.get_payload(decode=True).startswith(b"BEGIN:VCALENDAR")
    assert binary.get_payload(decode=True) == b"\x00"


def test_the_lifecycle_refuses_a_wrong_move():
    email = queue(send=False)
    with pytest.raises(DomainError):
        email.set_status(Status.SENT)  # never SENT without SENDING first
    email.set_status(Status.SENDING)
    email.set_status(Status.UNCERTAIN)
    with pytest.raises(DomainError):
        email.set_status(Status.SENDING)  # an uncertain email goes out again only by hand


# The sweep --------------------------------------------------------------------------------------


def test_sweep_marks_a_dead_senders_email_uncertain_and_never_resends_it(settings):
    settings.SELARAS_OUTBOX_SENDING_TIMEOUT = 60
    email = queue(send=False)
    # a worker marked it SENDING, then died (before or after the SMTP server took it)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, attempts=1, sending_since=timezone.now()
    )
    assert outbox_sweep() == {"uncertain": 0, "requeued": 0}  # still within the timeout
    age(email, 120, "sending_since")
    age(email, 120)
    assert outbox_sweep_task.apply().get() == {"uncertain": 1, "requeued": 0}
    email.refresh_from_db()
    assert email.status == Status.UNCERTAIN and email.last_error
    assert email_send(email_id=email.pk) is False
    assert outbox_sweep(now=timezone.now() + datetime.timedelta(days=1))["requeued"] == 0
    assert mail.outbox == []


def test_sweep_sends_pending_and_failed_emails_whose_task_was_lost(settings):
    settings.SELARAS_SWEEP_DELAY = 300
    lost = queue("test:lost", send=False)  # its task never reached the broker
    failed = queue("test:failed", send=False)
    OutboundEmail.objects.filter(pk=failed.pk).update(status=Status.FAILED, attempts=2)
    fresh = queue("test:fresh", send=False)
    exhausted = queue("test:exhausted", send=False)
    OutboundEmail.objects.filter(pk=exhausted.pk).update(
        status=Status.FAILED, attempts=settings.SELARAS_OUTBOX_MAX_ATTEMPTS
    )
    for email in (lost, failed, exhausted):
        age(email, 301)

    assert outbox_sweep() == {"uncertain": 0, "requeued": 2}
    statuses = dict(OutboundEmail.objects.values_list("key", "status"))
    assert statuses == {
        "test:lost": Status.SENT,
        "test:failed": Status.SENT,
        "test:fresh": Status.PENDING,  # its own task may still come
        "test:exhausted": Status.FAILED,  # left for a person
    }
    assert outbox_sweep(now=timezone.now() + datetime.timedelta(seconds=301))["requeued"] == 1
    fresh.refresh_from_db()
    assert (fresh.status, fresh.attempts) == (Status.SENT, 1)
    assert outbox_sweep(now=timezone.now() + datetime.timedelta(days=1))["requeued"] == 0
    assert len(mail.outbox) == 3


def test_cancel_withdraws_only_what_has_not_gone_out():
    pending = queue("test:pending", send=False)
    sent = queue("test:sent", send=False)
    email_send(email_id=sent.pk)
    assert email_cancel(email_ids=[pending.pk, sent.pk], reason="replaced") == 1
    assert email_send(email_id=pending.pk) is False
    pending.refresh_from_db()
    assert (pending.status, pending.last_error) == (Status.CANCELLED, "replaced")
    assert len(mail.outbox) == 1


def test_a_person_resends_an_uncertain_email(django_capture_on_commit_callbacks):
    email = queue(send=False)
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.UNCERTAIN, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        email_resend(email=email)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)
    assert len(mail.outbox) == 1
    with pytest.raises(DomainError):
        email_resend(email=email)


# The admin --------------------------------------------------------------------------------------


def test_organisers_see_the_outbox_and_resend_an_uncertain_email(
    staff_client, django_capture_on_commit_callbacks
):
    uncertain = queue("test:uncertain", send=False)
    OutboundEmail.objects.filter(pk=uncertain.pk).update(status=Status.UNCERTAIN, attempts=1)
    queue("test:pending", send=False, recipient="camat@example.go.id")
    client = staff_client("Penyelenggara")

    page = client.get(reverse("core_outbox:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "lurah@example.go.id" in html and "camat@example.go.id" in html
    resend_url = reverse("core_outbox:resend", args=[uncertain.pk])
    assert resend_url in html
    searched = client.get(reverse("core_outbox:index_results"), {"q": "camat"})
    assert searched.status_code == 200
    assert b"camat@example.go.id" in searched.content
    assert b"lurah@example.go.id" not in searched.content
    filtered = client.get(reverse("core_outbox:index"), {"status": "uncertain"})
    assert filtered.status_code == 200
    assert b"camat@example.go.id" not in filtered.content
    assert client.get(reverse("core_outbox:inspect", args=[uncertain.pk])).status_code == 200
    confirm = client.get(resend_url)
    assert confirm.status_code == 200
    assert b'method="post"' in confirm.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url)
    assert response.status_code == 302
    uncertain.refresh_from_db()
    assert uncertain.status == Status.SENT
    assert [m.to for m in mail.outbox] == [["lurah@example.go.id"]]


@pytest.mark.parametrize("role", ["Fasilitator", "Pimpinan", "Penilai"])
def test_other_roles_cannot_see_the_outbox(staff_client, role):
    email = queue(send=False)
    client = staff_client(role)
    assert client.get(reverse("core_outbox:index")).status_code in (302, 403)
    assert client.get(reverse("core_outbox:resend", args=[email.pk])).status_code in (302, 403)
    assert client.post(reverse("core_outbox:resend", args=[email.pk])).status_code in (302, 403)
    email.refresh_from_db()
    assert email.status == Status.PENDING
