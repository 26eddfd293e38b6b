"""The visioning index page under the home page, the "Visioning approval" workflow (one task:
the organisers' approval) attached to it, and the leaders' right to draft materials there: a
Pimpinan adds materials and edits and submits his own (Wagtail's "add" page permission), never
publishes; the Penyelenggara approve (publishing) or request changes with a comment."""

from django.contrib.auth.management import create_permissions
from django.apps import apps as global_apps
from django.db import migrations

INDEX_SLUG = "visioning"
INDEX_TITLE = "Visioning"
WORKFLOW_NAME = "Visioning approval"
TASK_NAME = "Penyelenggara approval"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _next_step(last: str) -> str:
    number = 0
    for char in last:
        number = number * len(ALPHABET) + ALPHABET.index(char)
    number += 1
    out = ""
    for _ in range(STEPLEN):
        number, digit = divmod(number, len(ALPHABET))
        out = ALPHABET[digit] + out
    return out


def create(apps, schema_editor):
    create_permissions(global_apps.get_app_config("wagtailcore"), apps=apps, verbosity=0)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("cms", "HomePage")
    VisioningIndexPage = apps.get_model("cms", "VisioningIndexPage")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    index = VisioningIndexPage.objects.order_by("path").first()
    if index is None:
        home = HomePage.objects.order_by("path").first()
        if home is None:
            return
        last = (
            Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        step = _next_step(last[-STEPLEN:]) if last else "0001"
        content_type, _ = ContentType.objects.get_or_create(
            app_label="cms", model="visioningindexpage"
        )
        index = VisioningIndexPage.objects.create(
            title=INDEX_TITLE,
            draft_title=INDEX_TITLE,
            slug=INDEX_SLUG,
            content_type=content_type,
            path=home.path + step,
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{INDEX_SLUG}/",
            locale_id=home.locale_id,
            live=True,
            intro="Visi dan misi pimpinan untuk seluruh camat dan lurah.",
        )
        Page.objects.filter(pk=home.pk).update(
            numchild=Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count()
        )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, active=True, content_type=task_type
        )
    organisers = Group.objects.filter(name="Penyelenggara").first()
    if organisers is not None:
        task.groups.add(organisers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})

    leaders = Group.objects.filter(name="Pimpinan").first()
    if leaders is not None:
        add_page = Permission.objects.get(
            content_type__app_label="wagtailcore", content_type__model="page", codename="add_page"
        )
        GroupPagePermission.objects.get_or_create(group=leaders, page=index, permission=add_page)


def remove(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_visioning_pages"),
        ("lms", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, remove)]
