"""Session notices hand their email to the outbox (core.OutboundEmail).

Existing rows: every notice already sent gets its outbox history (a SENT row under the key
``notice:<pk>``; the text was not kept then). Notices still pending or failed are left
without one: the notices sweep checks that they are current, hands them over and sends them.
"""

import django.db.models.deletion
from django.db import migrations, models

HISTORY_TEXT = "Sent before the outbox kept the text of emails."
SUBJECTS = {
    "invitation": "[Selaras] Undangan sesi",
    "reminder": "[Selaras] Pengingat sesi",
    "change": "[Selaras] Jadwal sesi berubah",
    "cancellation": "[Selaras] Sesi dibatalkan",
}


def sent_notices_to_outbox(apps, schema_editor):
    SessionNotice = apps.get_model("cohorts", "SessionNotice")
    OutboundEmail = apps.get_model("core", "OutboundEmail")
    sent = list(
        SessionNotice.objects.filter(status="sent", outbound_email__isnull=True)
        .select_related("booking__participant__user")
        .order_by("pk")
    )
    if not sent:
        return
    emails = []
    for notice in sent:
        participant = notice.booking.participant
        recipient = participant.email or (participant.user.email if participant.user else "")
        emails.append(
            OutboundEmail(
                key=f"notice:{notice.pk}",
                recipient=recipient or "unknown@invalid",
                subject=f"{SUBJECTS.get(notice.kind, '[Selaras]')} {notice.booking.session_id}",
                text=HISTORY_TEXT,
                status="sent",
                attempts=notice.attempts or 1,
                created_at=notice.created_at,
                updated_at=notice.sent_at or notice.created_at,
                sent_at=notice.sent_at or notice.created_at,
            )
        )
    OutboundEmail.objects.bulk_create(emails, batch_size=1000, ignore_conflicts=True)
    ids = dict(OutboundEmail.objects.filter(key__startswith="notice:").values_list("key", "pk"))
    for notice in sent:
        notice.outbound_email_id = ids.get(f"notice:{notice.pk}")
    SessionNotice.objects.bulk_update(sent, ["outbound_email"], batch_size=1000)


def forget_notice_history(apps, schema_editor):
    SessionNotice = apps.get_model("cohorts", "SessionNotice")
    OutboundEmail = apps.get_model("core", "OutboundEmail")
    SessionNotice.objects.update(outbound_email=None)
    OutboundEmail.objects.filter(key__startswith="notice:").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0010_private_storage"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessionnotice",
            name="outbound_email",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.outboundemail",
                verbose_name="email",
            ),
        ),
        migrations.RunPython(sent_notices_to_outbox, forget_notice_history),
    ]
