"""Each staff role sees only the admin menu items it may use (``lms/admin/site.py``): every
item in its sidebar opens, and Help (Wagtail's English guides), Reports and the workflow
reports are there only for whoever's permissions give them something to show."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from cms.visioning import VisioningIndexPage

ROLES = ["Penyelenggara", "Fasilitator", "Pimpinan", "Penilai"]


def sidebar_items(client):
    """(name, url) of every item of the sidebar's menu, submenus included."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = BeautifulSoup(html, "html.parser").find("script", id="wagtail-sidebar-props")
    items = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and "label" in node:
                items.append((node["name"], node.get("url")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.string))
    return items


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_menu_item_opens_for_the_role(staff_client, role):
    client = staff_client(role)
    items = sidebar_items(client)
    assert items, role
    for name, url in items:
        if not url or url == "#" or name == "logout":
            continue
        assert url.startswith("/admin/"), (name, url)  # no link off to Wagtail's guides
        response = client.get(url, follow=True)
        assert response.status_code == 200, (name, url)
        # the admin sends whoever may not open a page back home, with a message
        assert (reverse("wagtailadmin_home"), 302) not in response.redirect_chain, (name, url)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_help_menu_and_no_workflow_reports(staff_client, role):
    """Workflow reports only for the organisers, who approve the visioning materials."""
    names = {name for name, _url in sidebar_items(staff_client(role))}
    assert not names & {"help", "editor-guide", "keyboard-shortcuts"}
    assert bool(names & {"workflows", "workflow-tasks"}) == (role == "Penyelenggara")
    assert not any(name.startswith("whats-new-in-wagtail") for name in names)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Fasilitator", "Penilai"])
def test_roles_without_pages_have_no_reports_menu(staff_client, role):
    names = {name for name, _url in sidebar_items(staff_client(role))}
    assert "reports" not in names
    assert "explorer" not in names


@pytest.mark.django_db
def test_leaders_pages_are_the_visioning_materials(staff_client):
    """A Pimpinan drafts visioning materials: the explorer opens on their index."""
    client = staff_client("Pimpinan")
    names = dict(sidebar_items(client))
    assert "explorer" in names
    assert client.get(reverse("wagtailadmin_explore_root")).url.endswith(
        reverse("wagtailadmin_explore", args=[VisioningIndexPage.objects.get().pk])
    )


@pytest.mark.django_db
def test_organiser_reports_are_those_of_the_pages_he_edits(staff_client):
    names = {name for name, _url in sidebar_items(staff_client("Penyelenggara"))}
    assert {"reports", "site-history", "aging-pages", "workflows", "workflow-tasks"} <= names


@pytest.mark.django_db
def test_workflow_reports_follow_the_permission_to_moderate(staff_client, django_user_model):
    """A member of a group that approves a task of an active workflow (Wagtail's
    "Moderators approval") has workflows to follow: the reports come back for him."""
    client = staff_client("Penyelenggara")
    user = django_user_model.objects.get(username="penyelenggara")
    user.groups.add(Group.objects.get(name="Moderators"))
    names = {name for name, _url in sidebar_items(client)}
    assert {"workflows", "workflow-tasks"} <= names


@pytest.mark.django_db
def test_keyboard_shortcuts_keep_their_key_without_the_help_menu(staff_client):
    html = staff_client("Pimpinan").get(reverse("wagtailadmin_home")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    trigger = soup.find(attrs={"data-a11y-dialog-show": "keyboard-shortcuts-dialog"})
    assert trigger["data-w-kbd-key-value"] == "?"
    assert soup.find(id="keyboard-shortcuts-dialog")
