"""Permissions README's table gives the roles and the earlier migrations did not: facilitators
view the competency areas (with the question bank), organisers correct test scores (the
correction is kept with its reason). The permission-matrix test holds every URL to the table."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Fasilitator": [("cms", "competencyarea", "view_competencyarea")],
    "Penyelenggara": [("lms", "testattempt", "change_testattempt")],
}


def _permissions(apps, role):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )
        for app_label, model, codename in PERMISSIONS[role]
    ]


def grant(apps, schema_editor):
    # Model permissions are normally created after `migrate` finishes; make them exist now.
    for label in ("cms", "lms"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
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
    dependencies = [
        ("cms", "0004_programme_min_attendance"),
        ("lms", "0006_private_storage"),
        ("cohorts", "0010_private_storage"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
