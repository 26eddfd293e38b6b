"""Who reads and handles visioning acknowledgements: organisers see every response and record
one on a participant's behalf; coaches (Fasilitator) see the responses and rate them. The
permission-matrix test holds every URL to README's table."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Penyelenggara": [
        ("visioningacknowledgement", "view"),
        ("visioningacknowledgement", "add"),
        ("visioningrating", "view"),
    ],
    "Fasilitator": [
        ("visioningacknowledgement", "view"),
        ("visioningrating", "view"),
        ("visioningrating", "add"),
        ("visioningrating", "change"),
    ],
}


def _permissions(apps, role):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(
            content_type__app_label="lms", content_type__model=model, codename=f"{action}_{model}"
        )
        for model, action in PERMISSIONS[role]
    ]


def grant(apps, schema_editor):
    create_permissions(global_apps.get_app_config("lms"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    for role in PERMISSIONS:
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, role))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in PERMISSIONS:
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, role))


class Migration(migrations.Migration):
    dependencies = [("lms", "0010_visioning_acknowledgements")]

    operations = [migrations.RunPython(grant, revoke)]
