"""A first rubric (editable from here on) and who may do what with reviews: organisers
(Penyelenggara) assign reviewers and edit the rubric; facilitators (Fasilitator: coach,
mentor, penguji) may be assigned and score the case studies assigned to them."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

CRITERIA = [
    ("Relevansi dengan tema dan tujuan kunjungan", 2),
    ("Kedalaman analisis", 3),
    ("Rencana penerapan di unit kerja", 3),
    ("Bukti foto dan dokumentasi", 2),
]

MODEL_PERMISSIONS = {
    "Penyelenggara": [
        ("casestudies", "reviewassignment", ["add", "change"]),
        ("casestudies", "rubriccriterion", ["view", "add", "change"]),
    ],
    "Fasilitator": [("casestudies", "reviewassignment", ["view"])],
}


def seed(apps, schema_editor):
    RubricCriterion = apps.get_model("casestudies", "RubricCriterion")
    for order, (name, weight) in enumerate(CRITERIA, start=1):
        RubricCriterion.objects.get_or_create(
            name=name, defaults={"weight": weight, "sort_order": order}
        )
    create_permissions(global_apps.get_app_config("casestudies"), apps=apps, verbosity=0)
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
        ("casestudies", "0003_reviews"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
