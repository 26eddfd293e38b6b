"""Reminders to those of a visioning material's audience still missing, and the export of its
responses: once per person and round even when the task runs twice, never to someone outside
the audience or the sender's units, refused to whoever may not follow the material."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from cohorts.models import Participant, Region
from core.errors import DomainError
from core.models import OutboundEmail
from core.roles import Role
from lms.models import VisioningReminderRound
from lms.services.accounts import user_create_for_participant
from lms.services.visioning import (
    acknowledgement_record,
    reminder_round_create,
    reminder_round_send,
)
from lms.tasks import visioning_reminder_send_task
from tests.factories import make_participant, make_visioning_material


def response(material, **more):
    return {
        "application": "Kelurahan kami memulai dengan pelayanan satu pintu.",
        "key_message_ids": [material.key_message_list[0][0]],
        "commitment": "Pelayanan KTP selesai dalam satu hari.",
        "commitment_date": timezone.localdate() + datetime.timedelta(days=7),
        **more,
    }


@pytest.fixture
def people(region_tree):
    """Jakarta Pusat: a lurah who acknowledged, two who did not (one without an email), a
    camat who did not; Jakarta Timur: a lurah (outside the audience)."""
    kel = region_tree["kelurahan"]
    timur = Region.objects.create(code="31.75", name="Jakarta Timur", level=2, kind="kota")
    kec_timur = Region.objects.create(
        code="31.75.01", name="Matraman", level=3, kind="kecamatan", parent=timur
    )
    kel_timur = Region.objects.create(
        code="31.75.01.1001", name="Pisangan Baru", level=4, kind="kelurahan", parent=kec_timur
    )
    return {
        "done": make_participant(unit=kel, name="Sudah Konfirmasi", email="sudah@example.go.id"),
        "missing": make_participant(unit=kel, name="Belum Konfirmasi", email="belum@example.go.id"),
        "no_email": make_participant(unit=kel, name="Tanpa Surel", email=""),
        "camat": make_participant(
            unit=region_tree["kecamatan"],
            position=Participant.Position.CAMAT,
            name="Camat Gambir",
            email="camat@example.go.id",
        ),
        "outside": make_participant(
            unit=kel_timur, name="Lurah Timur", email="timur@example.go.id"
        ),
    }


@pytest.fixture
def material(region_tree, people):
    material = make_visioning_material(
        title="Visi Jakarta Pusat",
        positions=[Participant.Position.CAMAT, Participant.Position.LURAH],
        regions=[region_tree["kota"]],
    )
    acknowledgement_record(
        material=material, participant=people["done"], by=None, **response(material)
    )
    return material


def recipients():
    return sorted(OutboundEmail.objects.values_list("recipient", flat=True))


@pytest.mark.django_db
def test_a_round_emails_each_missing_person_once_even_when_its_task_runs_twice(material, people):
    reminder = reminder_round_create(material=material, by=None)
    visioning_reminder_send_task.apply(args=[reminder.pk])
    visioning_reminder_send_task.apply(args=[reminder.pk])  # a retry, a redelivery
    assert recipients() == ["belum@example.go.id", "camat@example.go.id"]
    reminder.refresh_from_db()
    assert (reminder.missing, reminder.queued, reminder.without_email) == (3, 2, 1)
    assert reminder.finished_at is not None
    body = OutboundEmail.objects.get(recipient="belum@example.go.id")
    assert "Visi Jakarta Pusat" in body.subject and material.url in body.text
    # never to whoever acknowledged or is outside the audience
    assert "sudah@example.go.id" not in recipients() and "timur@example.go.id" not in recipients()


@pytest.mark.django_db
def test_a_new_round_reminds_again_only_those_still_missing(material, people):
    reminder_round_send(reminder_id=reminder_round_create(material=material, by=None).pk)
    acknowledgement_record(
        material=material, participant=people["missing"], by=None, **response(material)
    )
    second = reminder_round_send(reminder_id=reminder_round_create(material=material, by=None).pk)
    assert (second.missing, second.queued) == (2, 1)
    assert recipients() == ["belum@example.go.id", "camat@example.go.id", "camat@example.go.id"]


@pytest.mark.django_db
def test_a_round_within_a_unit_reminds_only_its_people(material, people, region_tree):
    reminder = reminder_round_create(material=material, by=None, within="31.71.01.1002")
    reminder_round_send(reminder_id=reminder.pk)
    assert recipients() == ["belum@example.go.id"]  # the camat's unit is above the kelurahan


@pytest.mark.django_db
def test_no_round_for_a_closed_or_unpublished_material(material):
    type(material).objects.filter(pk=material.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    material.refresh_from_db()
    with pytest.raises(DomainError, match="deadline"):
        reminder_round_create(material=material, by=None)
    draft = make_visioning_material(publish=False)
    with pytest.raises(DomainError):
        reminder_round_create(material=draft, by=None)
    assert not VisioningReminderRound.objects.exists()


def _staff(django_user_model, role):
    user = django_user_model.objects.create_user(
        username=f"{role.lower()}-r", email=f"{role.lower()}-r@example.go.id", password="x-Pass-1!"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.mark.django_db
def test_the_organiser_reminds_with_one_click_and_sees_the_round(
    client, material, people, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(_staff(django_user_model, Role.PENYELENGGARA))
    url = reverse("lms_visioning_remind", args=[material.pk])
    assert client.get(url).status_code == 405  # a click is a POST
    with django_capture_on_commit_callbacks(execute=True):
        response_ = client.post(url)
    assert response_.status_code == 302
    assert recipients() == ["belum@example.go.id", "camat@example.go.id"]
    assert len(mail.outbox) == 2  # the outbox sent them (eager tasks)
    page = client.get(response_["Location"])
    assert page.context["reminders"][0].queued == 2
    assert "2" in page.content.decode()


@pytest.mark.django_db
def test_reminding_and_exporting_are_refused_to_those_who_may_not_follow_it(
    client, material, people, django_user_model
):
    remind = reverse("lms_visioning_remind", args=[material.pk])
    export = reverse("lms_visioning_export", args=[material.pk])
    assert client.post(remind).status_code == 302  # to the sign-in
    for role in (Role.FASILITATOR, Role.PENILAI):  # the admin refuses: to its home page
        client.force_login(_staff(django_user_model, role))
        refused = client.post(remind)
        assert (refused.status_code, refused.get("Location")) == (302, "/admin/")
        refused = client.get(export)
        assert (refused.status_code, refused.get("Location")) == (302, "/admin/")
    trainee = user_create_for_participant(participant=people["missing"])
    client.force_login(trainee)
    assert client.post(remind).status_code in (302, 403)
    assert client.get(export).status_code in (302, 403)
    # a Pimpinan of another unit does not follow this material (not his): 404
    leader = user_create_for_participant(participant=people["outside"])
    leader.groups.add(Group.objects.get(name=Role.PIMPINAN))
    client.force_login(leader)
    assert client.post(remind).status_code == 404
    assert client.get(export).status_code == 404
    assert not VisioningReminderRound.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_holds_the_responses_safe_against_formulas(
    client, material, people, django_user_model, file_format
):
    acknowledgement_record(
        material=material,
        participant=people["camat"],
        by=None,
        **response(material, commitment='=HYPERLINK("http://x")'),
    )
    client.force_login(_staff(django_user_model, Role.PENYELENGGARA))
    got = client.get(reverse("lms_visioning_export", args=[material.pk]) + f"?format={file_format}")
    assert got.status_code == 200
    assert got["Cache-Control"].startswith("private, no-store")
    assert f'.{file_format}"' in got["Content-Disposition"]
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(b"".join(got.streaming_content).decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(got.content)).active
        rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 3  # the header and the two responses
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Sudah Konfirmasi", "Camat Gambir"}
    assert by_name["Camat Gambir"][8] == '\'=HYPERLINK("http://x")'
    assert by_name["Sudah Konfirmasi"][3] == "31.71.01.1002"
    assert (
        client.get(reverse("lms_visioning_export", args=[material.pk]) + "?format=pdf").status_code
        == 404
    )


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Refusals and pages are matched in their English source text (the catalogue would
    otherwise answer in Indonesian, the default language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
