"""The cohorts admin at national size (``bench/national.py`` measures it): long lists are
paginated with a fixed number of queries, the organiser dashboard counts members without
joining every membership, the roster's XLSX is built in the background, and the main lists
are ordered and searched through an index."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cohorts.models import Cohort, CohortMembership, Participant, RosterExport
from cohorts.selectors import organiser_dashboard_get
from cohorts.services.cohorts import cohort_member_add, cohort_member_remove
from cohorts.services.roster_export import (
    roster_export_build,
    roster_export_queue,
    roster_exports_cleanup,
)
from tests.factories import make_participant, make_programme

pytestmark = pytest.mark.django_db


def queries_of(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response, len(captured.captured_queries)


# The cohort's members page ---------------------------------------------------------------------


def test_the_members_page_shows_a_page_of_members_in_the_same_queries(staff_client, region_tree):
    programme = make_programme(modules=1, lessons=1, questions=1)
    cohort = Cohort.objects.create(name="Angkatan Nasional", programme=programme)
    first = [make_participant(unit=region_tree["kelurahan"]) for _ in range(3)]
    for person in first:
        cohort_member_add(cohort=cohort, participant=person)
    cohort_member_remove(cohort=cohort, participant=first[0], reason="pindah")
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_cohort:members", args=[cohort.pk])
    queries_of(client, url)
    small, few = queries_of(client, url)
    assert len(small.context["current"]) == 2 and len(small.context["former"]) == 1

    CohortMembership.objects.bulk_create(
        CohortMembership(cohort=cohort, participant=make_participant(unit=region_tree["kelurahan"]))
        for _ in range(118)
    )
    large, many = queries_of(client, url)
    assert many == few
    assert large.context["current"].paginator.count == 120
    assert len(large.context["current"]) == 50
    assert "120" in large.content.decode()  # the heading counts every member
    last, _queries = queries_of(client, url, p=3)
    assert len(last.context["current"]) == 20
    names = [stay.participant.name for stay in large.context["current"]]
    assert names == sorted(names)


# The organiser dashboard -----------------------------------------------------------------------


def test_the_dashboard_counts_members_per_cohort_without_joining_every_membership(
    staff_client, region_tree
):
    programme = make_programme(modules=1, lessons=1, questions=1)
    big = Cohort.objects.create(name="Semua", programme=programme)
    small = Cohort.objects.create(name="Sebagian", programme=programme)
    people = [make_participant(unit=region_tree["kelurahan"]) for _ in range(6)]
    for person in people:
        cohort_member_add(cohort=big, participant=person)
    for person in people[:2]:
        cohort_member_add(cohort=small, participant=person)
    cohort_member_remove(cohort=small, participant=people[0])
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_dashboard")
    queries_of(client, url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    few = len(captured.captured_queries)
    counts = {cohort.name: cohort.member_count for cohort in response.context["dashboard"].cohorts}
    assert counts == {"Semua": 6, "Sebagian": 1}
    cohort_sql = [
        q["sql"] for q in captured.captured_queries if '"cohorts_cohort"."name"' in q["sql"]
    ]
    assert cohort_sql, "the dashboard reads its cohorts"
    for sql in cohort_sql:  # was: LEFT OUTER JOIN every membership, GROUP BY cohort
        assert 'LEFT OUTER JOIN "cohorts_cohortmembership"' not in sql
        assert "GROUP BY" not in sql

    more = [make_participant(unit=region_tree["kelurahan"]) for _ in range(20)]
    for person in more:
        cohort_member_add(cohort=big, participant=person)
    Cohort.objects.create(name="Baru", programme=programme)
    _response, many = queries_of(client, url)
    assert many == few
    dashboard = organiser_dashboard_get(programme=programme)
    assert {c.name: c.member_count for c in dashboard.cohorts} == {
        "Semua": 26,
        "Sebagian": 1,
        "Baru": 0,
    }
    assert dashboard.unscheduled_count == 26 == dashboard.participant_total


# The roster export -----------------------------------------------------------------------------


def roster_people(region_tree, count=4):
    people = [
        make_participant(unit=region_tree["kelurahan"], name=f"Lurah Ekspor {n}")
        for n in range(count)
    ]
    Participant.objects.filter(pk=people[0].pk).update(name="=HYPERLINK(1)")  # formula-safe
    return people


def test_the_roster_csv_streams(staff_client, region_tree):
    people = roster_people(region_tree)
    response = staff_client("Penyelenggara").get(
        reverse("cohorts_roster:export"), {"format": "csv"}
    )
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("NIP,Nama,Jabatan")
    assert len(lines) == 1 + len(people)
    assert "'=HYPERLINK(1)" in text


def test_the_roster_xlsx_is_built_in_the_background_and_downloaded(
    staff_client, region_tree, django_capture_on_commit_callbacks
):
    people = roster_people(region_tree)
    client = staff_client("Penyelenggara")
    # the old link goes to the page that prepares it
    old = client.get(reverse("cohorts_roster:export"), {"format": "xlsx"})
    assert old.status_code == 302 and old["Location"].endswith("/impor-peserta/#ekspor")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("cohorts_roster:export_create"))
    assert response.status_code == 302
    assert len(callbacks) == 1  # the build was sent after commit (and ran: eager Celery)
    export = RosterExport.objects.get()
    assert export.status == RosterExport.Status.READY
    status = client.get(reverse("cohorts_roster:export_status", args=[export.pk])).json()
    assert status["done"] is True and status["value"] == status["max"] == len(people)

    download = client.get(reverse("cohorts_roster:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("NIP", "Nama", "Jabatan")
    assert sorted(row[0] for row in rows[1:]) == sorted(p.nip for p in people)
    assert "'=HYPERLINK(1)" in [row[1] for row in rows[1:]]
    # the same rows as the CSV
    csv = client.get(reverse("cohorts_roster:export"), {"format": "csv"})
    csv_rows = b"".join(csv.streaming_content).decode("utf-8-sig").strip().splitlines()[1:]
    assert len(csv_rows) == len(rows) - 1

    page = client.get(reverse("cohorts_roster:upload")).content.decode()
    assert reverse("cohorts_roster:export_download", args=[export.pk]) in page


def test_a_build_runs_once_and_a_lost_one_is_taken_over(region_tree, settings):
    roster_people(region_tree, count=2)
    export = roster_export_queue()
    built = roster_export_build(roster_export_id=export.pk)
    assert built.status == RosterExport.Status.READY and built.file
    again = roster_export_build(roster_export_id=export.pk)  # a redelivered task
    assert again.file.name == built.file.name

    running = roster_export_queue()
    RosterExport.objects.filter(pk=running.pk).update(status=RosterExport.Status.RUNNING)
    left = roster_export_build(roster_export_id=running.pk)  # a live worker is on it
    assert left.status == RosterExport.Status.RUNNING and not left.file
    stale = timezone.now() - datetime.timedelta(minutes=settings.SELARAS_IMPORT_STALE_MINUTES + 1)
    RosterExport.objects.filter(pk=running.pk).update(updated_at=stale)
    taken = roster_export_build(roster_export_id=running.pk)
    assert taken.status == RosterExport.Status.READY and taken.progress_done == 2


def test_a_failed_build_says_so(region_tree, monkeypatch):
    from cohorts.services import roster_export as service

    roster_people(region_tree, count=1)
    export = roster_export_queue()

    def broken(out, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(service, "roster_export_write", broken)
    with pytest.raises(OSError):
        roster_export_build(roster_export_id=export.pk)
    export.refresh_from_db()
    assert export.status == RosterExport.Status.FAILED and "OSError" in export.message
    assert not export.file


def test_old_exports_are_deleted(region_tree, settings):
    roster_people(region_tree, count=1)
    old = roster_export_build(roster_export_id=roster_export_queue().pk)
    stuck = roster_export_queue()
    fresh = roster_export_build(roster_export_id=roster_export_queue().pk)
    storage = RosterExport._meta.get_field("file").storage
    name = old.file.name
    days = settings.SELARAS_UPLOAD_RETENTION_DAYS + 1
    RosterExport.objects.filter(pk__in=[old.pk, stuck.pk]).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    assert roster_exports_cleanup() == 1
    assert not storage.exists(name) and storage.exists(fresh.file.name)
    old.refresh_from_db()
    stuck.refresh_from_db()
    assert not old.file and old.status == RosterExport.Status.READY
    assert stuck.status == RosterExport.Status.FAILED


def test_only_organisers_export(staff_client, region_tree):
    roster_people(region_tree, count=1)
    export = roster_export_build(roster_export_id=roster_export_queue().pk)
    client = staff_client("Pimpinan")
    for url in (
        reverse("cohorts_roster:export_download", args=[export.pk]),
        reverse("cohorts_roster:export_status", args=[export.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
    assert client.post(reverse("cohorts_roster:export_create")).status_code in (302, 403)
    assert RosterExport.objects.count() == 1


def test_the_import_page_lists_exports_in_the_same_queries(staff_client, region_tree):
    roster_people(region_tree, count=1)
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_roster:upload")
    roster_export_queue()
    queries_of(client, url)
    _page, few = queries_of(client, url)
    for _ in range(7):
        roster_export_build(roster_export_id=roster_export_queue().pk)
    page, many = queries_of(client, url)
    assert many == few
    assert len(page.context["exports"]) == 5
