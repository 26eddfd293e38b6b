"""Organisers (Penyelenggara) see, revoke and issue certificates in bulk from the admin."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Penyelenggara": [
        ("lms", "certificate", "view_certificate"),
        ("lms", "certificate", "change_certificate"),
        ("lms", "certificatebatch", "view_certificatebatch"),
        ("lms", "certificatebatch", "add_certificatebatch"),
    ],
}


def grant_certificate_permissions(apps, schema_editor):
    # Model permissions are normally created after `migrate` finishes; make them exist now.
    create_permissions(global_apps.get_app_config("lms"), apps=apps, verbosity=0)
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


def revoke_certificate_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="lms", codename__in=[c for _a, _m, c in codenames]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0003_certificatebatch_testattempt_attemptanswer_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant_certificate_permissions, revoke_certificate_permissions)
    ]
