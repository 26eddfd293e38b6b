"""Organisers (Penyelenggara) upload and apply roster imports."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

MODEL_PERMISSIONS = {"Penyelenggara": [("cohorts", "rosterimport", ["view", "add"])]}


def grant_roster_permissions(apps, schema_editor):
    create_permissions(global_apps.get_app_config("cohorts"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, entries in MODEL_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for app_label, model, actions in entries:
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label,
                        content_type__model=model,
                        codename=f"{action}_{model}",
                    )
                )


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0005_rosterimport"),
        ("cohorts", "0004_learning_permissions"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_roster_permissions, migrations.RunPython.noop)]
