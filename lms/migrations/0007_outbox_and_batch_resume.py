"""Invitations hand their email to the outbox (core.OutboundEmail); certificate batches carry
a run token and their last progress, so an organiser can resume a stalled one.

Existing rows: every invitation already sent gets its outbox history (a SENT row under the
key its email would have had; the text was not kept then). Invitations still pending or
failed are left without one: the lms sweep hands them over and sends them. Organisers
(Penyelenggara) may view the outbox and send a failed or uncertain email again.
"""

import django.db.models.deletion
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

HISTORY_TEXT = "Sent before the outbox kept the text of emails."
PERMISSIONS = {
    "Penyelenggara": [
        ("core", "outboundemail", "view_outboundemail"),
        ("core", "outboundemail", "change_outboundemail"),
    ],
}


def sent_invitations_to_outbox(apps, schema_editor):
    Invitation = apps.get_model("lms", "Invitation")
    OutboundEmail = apps.get_model("core", "OutboundEmail")
    sent = list(
        Invitation.objects.filter(sent_at__isnull=False, outbound_email__isnull=True).order_by(
            "pk"
        )
    )
    if not sent:
        return
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                key=f"invitation:{invitation.pk}:{invitation.nonce}",
                recipient=invitation.email,
                subject="[Selaras] Undangan ke Selaras",
                text=HISTORY_TEXT,
                status="sent",
                attempts=invitation.attempts or 1,
                created_at=invitation.created_at,
                updated_at=invitation.sent_at,
                sent_at=invitation.sent_at,
            )
            for invitation in sent
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    emails = dict(
        OutboundEmail.objects.filter(key__startswith="invitation:").values_list("key", "pk")
    )
    for invitation in sent:
        invitation.outbound_email_id = emails.get(f"invitation:{invitation.pk}:{invitation.nonce}")
    Invitation.objects.bulk_update(sent, ["outbound_email"], batch_size=1000)


def forget_invitation_history(apps, schema_editor):
    Invitation = apps.get_model("lms", "Invitation")
    OutboundEmail = apps.get_model("core", "OutboundEmail")
    Invitation.objects.update(outbound_email=None)
    OutboundEmail.objects.filter(key__startswith="invitation:").delete()


def grant_outbox_permissions(apps, schema_editor):
    # Model permissions are normally created after `migrate` finishes; make them exist now.
    create_permissions(global_apps.get_app_config("core"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, model, codename in codenames:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename=codename,
                )
            )


def revoke_outbox_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="core", codename__in=[c for _a, _m, c in codenames]
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("lms", "0006_private_storage"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificatebatch",
            name="progress_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last progress"),
        ),
        migrations.AddField(
            model_name="certificatebatch",
            name="run_token",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="invitation",
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
        migrations.RunPython(sent_invitations_to_outbox, forget_invitation_history),
        migrations.RunPython(grant_outbox_permissions, revoke_outbox_permissions),
    ]
