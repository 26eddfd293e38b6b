"""The five themes of the Visioning programme (editable afterwards) and the permissions of the
face-to-face side: organisers run everything, facilitators see sessions and mark attendance,
leaders and assessors see. The README's permission table mirrors this."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

THEMES = [
    ("rawan-banjir", "Rawan Banjir", "Wilayah rawan banjir dan genangan."),
    ("kebakaran", "Kebakaran", "Wilayah rawan kebakaran permukiman."),
    ("tawuran", "Tawuran", "Wilayah rawan tawuran warga dan pelajar."),
    ("pkm", "PKM", "Pemberdayaan dan kesejahteraan masyarakat."),
    ("sampah", "Sampah", "Pengelolaan sampah dan kebersihan lingkungan."),
]
ALL = ["view", "add", "change", "delete"]
MODEL_PERMISSIONS = {
    "Penyelenggara": [
        ("cohorts", "theme", ALL),
        ("cohorts", "cohortoverride", ["view", "add", "change", "delete"]),
        ("cohorts", "cohortmembership", ["view"]),
        ("cohorts", "venue", ALL),
        ("cohorts", "room", ALL),
        ("cohorts", "trainingsession", ["view", "add", "change"]),
        ("cohorts", "sessionday", ALL),
        ("cohorts", "sessionbooking", ["view", "add", "change"]),
        ("cohorts", "sessionnotice", ["view"]),
        ("cohorts", "attendance", ["view", "add", "change"]),
        ("cohorts", "scheduleproposal", ["view", "add", "change"]),
    ],
    "Fasilitator": [
        ("cohorts", "theme", ["view"]),
        ("cohorts", "venue", ["view"]),
        ("cohorts", "trainingsession", ["view"]),
        ("cohorts", "sessionbooking", ["view"]),
        ("cohorts", "attendance", ["view", "add", "change"]),
    ],
    "Pimpinan": [
        ("cohorts", "theme", ["view"]),
        ("cohorts", "trainingsession", ["view"]),
        ("cohorts", "sessionbooking", ["view"]),
        ("cohorts", "attendance", ["view"]),
    ],
    "Penilai": [
        ("cohorts", "theme", ["view"]),
        ("cohorts", "trainingsession", ["view"]),
    ],
}


def create_themes(apps, schema_editor):
    Theme = apps.get_model("cohorts", "Theme")
    for order, (slug, name, description) in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )


def grant(apps, schema_editor):
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


def forwards(apps, schema_editor):
    create_themes(apps, schema_editor)
    grant(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0007_scheduling"),
        ("cohorts", "0006_rosterimport_permissions"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
