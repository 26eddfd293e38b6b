import pytest
from django.core import mail
from django.urls import reverse

from cohorts.models import Participant
from lms.models import Invitation
from tests.factories import make_participant

PASSWORD = "Penyelenggara-2019!"


@pytest.mark.django_db
def test_participant_list_queries_stay_flat(
    staff_client, region_tree, django_assert_max_num_queries
):
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_participant:index")
    make_participant(unit=region_tree["kelurahan"])
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        make_participant(unit=region_tree["kelurahan"])
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.content.decode().count("Peserta Uji") >= 31


@pytest.mark.django_db
def test_organiser_invites_from_the_admin(
    staff_client, participant, django_capture_on_commit_callbacks
):
    client = staff_client("Penyelenggara")
    url = reverse("lms_invitation:invite", args=[participant.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert Invitation.objects.get(user__participant=participant).status == Invitation.Status.SENT
    assert len(mail.outbox) == 1
    listing = client.get(reverse("cohorts_participant:index")).content.decode()
    assert "Terkirim" in listing or "Sent" in listing


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Fasilitator", "Pimpinan", "Penilai"])
def test_other_roles_may_view_but_not_invite_or_edit(staff_client, participant, role):
    client = staff_client(role)
    assert client.get(reverse("cohorts_participant:index")).status_code == 200
    assert client.get(reverse("lms_invitation:invite", args=[participant.pk])).status_code in (
        302,
        403,
    )
    assert client.post(reverse("lms_invitation:invite", args=[participant.pk])).status_code in (
        302,
        403,
    )
    assert not Invitation.objects.exists()
    edit = client.get(reverse("cohorts_participant:edit", args=[participant.pk]))
    assert edit.status_code in (302, 403)


@pytest.mark.django_db
def test_participants_cannot_open_the_admin_lists(client, participant):
    from lms.services.accounts import user_create_for_participant

    user = user_create_for_participant(participant=participant)
    client.force_login(user)
    response = client.get(reverse("cohorts_participant:index"))
    assert response.status_code in (302, 403)
    assert participant.nip.encode() not in response.content


@pytest.mark.django_db
def test_admin_form_normalises_and_validates_nip(staff_client, region_tree):
    client = staff_client("Penyelenggara")
    data = {
        "nip": "19800101 200501 1 123",
        "name": "Drs. H. Ahmad Fauzi, M.Si.",
        "position": "camat",
        "unit": region_tree["kecamatan"].pk,
        "grade": "IV/a",
        "email": "Ahmad.Fauzi@Example.go.id",
        "phone": "0812 3456 7890",
    }
    response = client.post(reverse("cohorts_participant:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Participant.objects.get(nip="198001012005011123")
    assert created.email == "ahmad.fauzi@example.go.id"
    assert created.phone == "+6281234567890"

    bad = client.post(reverse("cohorts_participant:add"), {**data, "nip": "198002302005011124"})
    assert bad.status_code == 200
    assert "19800230" in bad.content.decode()
    assert Participant.objects.count() == 1


@pytest.mark.django_db
def test_region_chooser_searches_by_name_and_code(staff_client, region_tree):
    client = staff_client("Penyelenggara")
    url = reverse("region_chooser:choose_results")
    by_name = client.get(url, {"q": "ciden"}).content.decode()
    assert "Cideng" in by_name
    assert "Gambir" not in by_name
    by_code = client.get(url, {"q": "31.71.01"}).content.decode()
    assert "Gambir" in by_code
    assert "Cideng" in by_code
