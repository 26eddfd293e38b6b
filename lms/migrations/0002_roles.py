"""The five roles as groups with their permissions. The README's permission table mirrors this."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN = [("wagtailadmin", "admin", "access_admin")]
ROLE_PERMISSIONS = {
    "Peserta": [],
    "Penyelenggara": ADMIN
    + [
        ("cohorts", "participant", "view_participant"),
        ("cohorts", "participant", "add_participant"),
        ("cohorts", "participant", "change_participant"),
        ("cohorts", "region", "view_region"),
        ("lms", "invitation", "view_invitation"),
        ("lms", "invitation", "add_invitation"),
    ],
    "Fasilitator": ADMIN
    + [
        ("cohorts", "participant", "view_participant"),
        ("cohorts", "region", "view_region"),
    ],
    "Pimpinan": ADMIN
    + [
        ("cohorts", "participant", "view_participant"),
        ("cohorts", "region", "view_region"),
    ],
    "Penilai": ADMIN
    + [
        ("cohorts", "participant", "view_participant"),
        ("cohorts", "region", "view_region"),
    ],
}


def create_roles(apps, schema_editor):
    # Model permissions are normally created after `migrate` finishes; make them exist now.
    for label in ("lms", "cohorts"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, model, codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
            group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0001_initial"),
        ("cohorts", "0002_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
