"""Learning permissions for the roles: cohorts, enrolments, test results, the question bank,
and editing the programme pages (Penyelenggara). The README's permission table mirrors this."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

MODEL_PERMISSIONS = {
    "Penyelenggara": [
        ("cohorts", "cohort", ["view", "add", "change"]),
        ("lms", "enrolment", ["view", "add", "change"]),
        ("lms", "testattempt", ["view"]),
        ("cms", "question", ["view", "add", "change", "delete"]),
        ("cms", "competencyarea", ["view", "add", "change"]),
    ],
    "Fasilitator": [
        ("cohorts", "cohort", ["view"]),
        ("lms", "enrolment", ["view"]),
        ("lms", "testattempt", ["view"]),
        ("cms", "question", ["view"]),
    ],
    "Pimpinan": [
        ("cohorts", "cohort", ["view"]),
        ("lms", "enrolment", ["view"]),
        ("lms", "testattempt", ["view"]),
    ],
    "Penilai": [
        ("cohorts", "cohort", ["view"]),
    ],
}
PAGE_PERMISSIONS = {"Penyelenggara": ["add_page", "change_page", "publish_page", "lock_page"]}
COLLECTION_PERMISSIONS = {
    "Penyelenggara": [
        ("wagtailimages", "image", ["add", "change", "choose"]),
        ("wagtaildocs", "document", ["add", "change", "choose"]),
    ]
}


def grant(apps, schema_editor):
    for label in ("lms", "cohorts", "cms", "wagtailimages", "wagtaildocs"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(app_label, model, codename):
        return Permission.objects.get(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        )

    for role, entries in MODEL_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        for app_label, model, actions in entries:
            for action in actions:
                group.permissions.add(permission(app_label, model, f"{action}_{model}"))
    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is not None:
        for role, codenames in PAGE_PERMISSIONS.items():
            group = Group.objects.get(name=role)
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=permission("wagtailcore", "page", codename)
                )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for role, entries in COLLECTION_PERMISSIONS.items():
            group = Group.objects.get(name=role)
            for app_label, model, actions in entries:
                for action in actions:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=permission(app_label, model, f"{action}_{model}"),
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0003_cohort_cohortmembership_cohort_members_and_more"),
        ("lms", "0003_certificatebatch_testattempt_attemptanswer_and_more"),
        ("cms", "0003_competencyarea_lessonpage_programmepage_modulepage_and_more"),
        ("lms", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
