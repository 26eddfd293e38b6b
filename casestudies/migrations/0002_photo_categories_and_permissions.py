"""The photo categories of the study visit (an editable list from here on), and the
organisers' (Penyelenggara) permissions: review case studies, edit the categories."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

CATEGORIES = [
    ("Trotoar", "trotoar"),
    ("Perlakuan pohon", "perlakuan-pohon"),
    ("Sungai", "sungai"),
    ("Penataan reklame", "penataan-reklame"),
    ("Taman inovatif", "taman-inovatif"),
    ("Aksesoris kota", "aksesoris-kota"),
]

MODEL_PERMISSIONS = {
    "Penyelenggara": [
        ("casestudies", "casestudy", ["view", "change"]),
        ("casestudies", "photocategory", ["view", "add", "change", "delete"]),
    ]
}


def seed(apps, schema_editor):
    PhotoCategory = apps.get_model("casestudies", "PhotoCategory")
    for order, (name, slug) in enumerate(CATEGORIES, start=1):
        PhotoCategory.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
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
        ("casestudies", "0001_initial"),
        ("lms", "0002_roles"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
