"""Visioning pages: the tree's rules, a Pimpinan drafting and submitting in the admin, the
organisers approving or requesting changes through the "Visioning approval" workflow, the
page history, what a Pimpinan sees in the explorer, and versions."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import HomePage, ProgrammePage
from cms.visioning import VisioningIndexPage, VisioningMaterialPage
from cohorts.models import Participant
from core.roles import Role
from lms.services.accounts import user_create_for_participant
from tests.factories import make_participant, make_visioning_material


def staff(django_user_model, role, name=""):
    n = django_user_model.objects.count()
    user = django_user_model.objects.create_user(
        username=f"{role.lower()}-{n}",
        email=f"{role.lower()}-{n}@example.go.id",
        password="x-Pass-2019!",
        first_name=name or role,
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def index(db):
    return VisioningIndexPage.objects.get()


@pytest.fixture
def wali_kota(region_tree, django_user_model):
    """A Pimpinan who is the wali kota of Jakarta Pusat (his unit: the kota)."""
    person = make_participant(unit=region_tree["kota"], position=Participant.Position.HEAD)
    user = user_create_for_participant(participant=person)
    user.groups.add(Group.objects.get(name=Role.PIMPINAN))
    return user


def add_form(region, **more):
    data = nested_form_data(
        {
            "title": "Visi Jakarta Pusat 2019",
            "slug": "visi-jakarta-pusat-2019",
            "leader_name": "Wali Kota Uji",
            "leader_title": "Wali Kota Jakarta Pusat",
            "leader_unit": region.pk,
            "vision": rich_text("<p>Kota yang melayani.</p>"),
            "mission": rich_text("<p>Cepat dan terbuka.</p>"),
            "paparan": "",
            "video": streamfield([]),
            "key_messages": streamfield(
                [("key_message", {"title": "Pelayanan satu pintu", "explanation": ""})]
            ),
            "related_lessons": inline_formset([]),
            "comments": inline_formset([]),
            "deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
            **more,
        }
    )
    return {**data, "audience_positions": ["camat", "lurah"], "audience_regions": [region.pk]}


@pytest.mark.django_db
def test_page_tree_rules(index):
    assert index.get_parent().specific_class is HomePage
    assert VisioningIndexPage.allowed_subpage_models() == [VisioningMaterialPage]
    assert VisioningMaterialPage.allowed_parent_page_models() == [VisioningIndexPage]
    assert VisioningMaterialPage.allowed_subpage_models() == []
    assert VisioningMaterialPage.can_create_at(index)
    assert not VisioningMaterialPage.can_create_at(HomePage.objects.get())
    assert not VisioningIndexPage.can_create_at(HomePage.objects.get())  # one index only
    assert VisioningIndexPage not in ProgrammePage.allowed_subpage_models()


@pytest.mark.django_db
def test_the_material_is_served_at_its_address(client, region_tree, index):
    material = make_visioning_material(title="Visi Gubernur")
    assert material.url == f"/{index.slug}/{material.slug}/"
    client.force_login(
        user_create_for_participant(participant=make_participant(unit=region_tree["kelurahan"]))
    )
    assert client.get(material.url).status_code == 200
    assert "Visi Gubernur" in client.get(index.url).content.decode()
    assert client.get(f"/{index.slug}/tidak-ada/").status_code == 404


@pytest.mark.django_db
def test_workflow_and_leaders_permissions_are_set_up(index):
    workflow = Workflow.objects.get(name="Visioning approval")
    assert index.get_workflow() == workflow
    (task,) = [t.specific for t in workflow.tasks.all()]
    assert list(task.groups.values_list("name", flat=True)) == [Role.PENYELENGGARA]


@pytest.mark.django_db
def test_pimpinan_drafts_and_submits_then_organiser_approves(
    client, index, region_tree, wali_kota, django_user_model
):
    client.force_login(wali_kota)
    add = reverse("wagtailadmin_pages:add", args=("cms", "visioningmaterialpage", index.pk))
    form = client.get(add)
    assert form.status_code == 200
    assert 'value="camat"' in form.content.decode()  # positions given by the lms hook
    answer = client.post(add, add_form(region_tree["kota"], **{"action-submit": "1"}))
    assert answer.status_code == 302, answer.context["form"].errors if answer.context else ""
    page = VisioningMaterialPage.objects.get(slug="visi-jakarta-pusat-2019")
    assert not page.live and page.owner == wali_kota
    assert page.audience_positions == ["camat", "lurah"]
    assert list(page.audience_regions.all()) == [region_tree["kota"]]
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    perms = page.permissions_for_user(wali_kota)
    assert perms.can_edit() and not perms.can_publish()
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
    )
    # the leader cannot approve his own material
    client.post(approve, {"comment": ""})
    page.refresh_from_db()
    assert not page.live
    organiser = staff(django_user_model, Role.PENYELENGGARA, name="Rina")
    client.force_login(organiser)
    client.post(approve, {"comment": "Disetujui."})
    page.refresh_from_db()
    assert page.live
    actions = {(entry.action, entry.user_id) for entry in PageLogEntry.objects.filter(page=page)}
    assert ("wagtail.workflow.start", wali_kota.pk) in actions
    assert ("wagtail.workflow.approve", organiser.pk) in actions
    assert ("wagtail.publish", organiser.pk) in actions


@pytest.mark.django_db
def test_organiser_requests_changes_with_a_comment_and_the_leader_resubmits(
    client, index, wali_kota, django_user_model
):
    page = make_visioning_material(owner=wali_kota, publish=False)
    workflow_state = index.get_workflow().start(page, wali_kota)
    task_state = workflow_state.current_task_state
    organiser = staff(django_user_model, Role.PENYELENGGARA)
    client.force_login(organiser)
    reject = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk))
    client.post(reject, {"comment": "Pesan kunci kedua perlu diperjelas."})
    workflow_state.refresh_from_db()
    page.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES and not page.live
    entry = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
    assert entry.user == organiser
    assert entry.data["comment"] == "Pesan kunci kedua perlu diperjelas."
    # the leader edits his own draft and submits again
    client.force_login(wali_kota)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


@pytest.mark.django_db
def test_pimpinan_explorer_shows_own_drafts_and_materials_under_his_unit(
    client, index, region_tree, wali_kota, django_user_model
):
    other_leader = staff(django_user_model, Role.PIMPINAN)
    organiser = staff(django_user_model, Role.PENYELENGGARA)
    make_visioning_material(title="Draf Wali Kota", owner=wali_kota, publish=False)
    make_visioning_material(title="Draf Pimpinan Lain", owner=other_leader, publish=False)
    make_visioning_material(
        title="Visi Camat Gambir", owner=organiser, leader_unit=region_tree["kecamatan"]
    )
    make_visioning_material(
        title="Visi Gubernur", owner=organiser, leader_unit=region_tree["province"]
    )
    explore = reverse("wagtailadmin_explore", args=[index.pk])

    def titles(user):
        client.force_login(user)
        response = client.get(explore)
        assert response.status_code == 200
        html = response.content.decode()
        names = ("Draf Wali Kota", "Draf Pimpinan Lain", "Visi Camat Gambir", "Visi Gubernur")
        return {name for name in names if name in html}

    assert titles(wali_kota) == {"Draf Wali Kota", "Visi Camat Gambir"}
    assert titles(other_leader) == {"Draf Pimpinan Lain"}
    assert titles(organiser) == {
        "Draf Wali Kota",
        "Draf Pimpinan Lain",
        "Visi Camat Gambir",
        "Visi Gubernur",
    }
    # nor may he edit another leader's draft
    other = VisioningMaterialPage.objects.get(title="Draf Pimpinan Lain")
    client.force_login(wali_kota)
    answer = client.get(reverse("wagtailadmin_pages:edit", args=[other.pk]))
    assert answer.status_code in (302, 403)


@pytest.mark.django_db
def test_pimpinan_cannot_add_pages_elsewhere(client, wali_kota):
    client.force_login(wali_kota)
    home = HomePage.objects.get()
    add = reverse("wagtailadmin_pages:add", args=("cms", "programmepage", home.pk))
    assert client.get(add).status_code in (302, 403)


@pytest.mark.django_db
def test_version_counts_only_published_ask_again(index):
    page = make_visioning_material(publish=False)
    page.ask_again = True
    page.save_revision().publish()  # the first publication is version 1 whatever the tick
    page.refresh_from_db()
    assert (page.version, page.ask_again) == (1, False)
    page.ask_again = True
    revision = page.save_revision()
    # a draft keeps its tick until it is published
    assert revision.as_object().ask_again is True
    revision.publish()
    page.refresh_from_db()
    assert page.version == 2
    assert page.get_latest_revision().as_object().ask_again is False


@pytest.mark.django_db
def test_draft_preview_for_its_leader_and_the_reviewers(client, wali_kota, django_user_model):
    page = make_visioning_material(
        title="Draf untuk ditinjau", owner=wali_kota, publish=False, key_messages=("Satu arah",)
    )
    view_draft = reverse("wagtailadmin_pages:view_draft", args=[page.pk])
    for user in (wali_kota, staff(django_user_model, Role.PENYELENGGARA)):
        client.force_login(user)
        answer = client.get(view_draft)
        assert answer.status_code == 200
        assert "Satu arah" in answer.content.decode()
    client.force_login(staff(django_user_model, Role.PIMPINAN))  # another leader
    assert client.get(view_draft).status_code in (302, 403)
    client.logout()
    assert client.get("/visioning/" + page.slug + "/").status_code in (302, 404)
