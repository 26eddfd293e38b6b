"""An index behind the default order and the searches of every main list, checked in the
query plan of the query that reads the page's rows (``EXPLAIN QUERY PLAN`` on SQLite;
``EXPLAIN`` on PostgreSQL with sequential scans and sorts priced out, so that the plan says
whether an index *can* answer, whatever the table's size in the test); and every admin list
is paginated."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts.models import Cohort
from lms.models import Certificate, Enrolment
from lms.services import learning
from tests.factories import answer_all, make_participant, make_programme, make_session, modules_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(region_tree):
    """One row of each main list."""
    programme = make_programme(modules=1, lessons=1, questions=2)
    (module,) = modules_of(programme)
    person = make_participant(
        unit=region_tree["kelurahan"], name="Budi Santoso", email="budi.santoso@jakarta.go.id"
    )
    Enrolment.objects.create(participant=person, programme=programme, source="individual")
    attempt = learning.attempt_start(participant=person, module=module, kind="pre")
    learning.attempt_submit(attempt=attempt, answers=answer_all(attempt, right=1))
    Certificate.objects.create(
        number="0001/STTP/UJI/2019",
        code="UJI0001",
        participant=person,
        programme=programme,
        jp=10,
        score=90,
        predicate="Sangat baik",
    )
    Cohort.objects.create(name="Angkatan I", programme=programme)
    make_session(programme=programme)
    return person


def rows_query(client, url, table, params=None):
    """The SQL of the query that reads the page's rows: from ``table``, with a LIMIT."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    found = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT")
        and f'FROM "{table}"' in query["sql"]
        and " LIMIT " in query["sql"]
    ]
    assert found, f"no query reads {table} for {url}"
    return found[0]


def plan(sql, settings=("enable_seqscan", "enable_sort")):
    """The steps of the outer query's plan (a correlated subquery's sort, e.g. of one
    participant's invitations, is not the list's); on PostgreSQL with ``settings`` off, so
    that a test's tiny tables do not make it prefer reading them whole."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return [detail for _id, parent, _notused, detail in cursor.fetchall() if not parent]
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql)
        steps = [row[0].strip() for row in cursor.fetchall()]
        # the outer query's steps: a subplan's sort (one person's invitations) is not the list's
        return steps[: next((i for i, s in enumerate(steps) if s.startswith("SubPlan")), None)]


def assert_indexed(steps, table, *, search):
    """A list comes in its order from an index (no sort after reading); a search finds its
    rows through an index (no scan of the whole table), then may sort the few it found."""
    text = "\n".join(steps)
    if connection.vendor == "sqlite":
        if search:
            scans = [s for s in steps if s.startswith(f"SCAN {table}") and " USING " not in s]
            assert not scans, text
        else:
            assert "USE TEMP B-TREE FOR ORDER BY" not in text, text
    elif search:
        assert f"Seq Scan on {table}" not in text, text
    else:
        assert not any(s.startswith(("Sort", "->  Sort")) for s in steps), text


LISTS = [
    # url name, table, query parameters (a search when given)
    ("cohorts_participant:index", "cohorts_participant", {}),
    ("cohorts_participant:index", "cohorts_participant", {"q": "1980 0101"}),
    ("participant_chooser:choose_results", "cohorts_participant", {"q": ""}),
    ("participant_chooser:choose_results", "cohorts_participant", {"q": "19800101"}),
    ("cohorts_region:index", "cohorts_region", {}),
    ("cohorts_region:index", "cohorts_region", {"q": "31.71"}),
    ("region_chooser:choose_results", "cohorts_region", {"q": ""}),
    ("region_chooser:choose_results", "cohorts_region", {"q": "31.71.01"}),
    ("cohorts_cohort:index", "cohorts_cohort", {}),
    ("cohorts_session:index", "cohorts_trainingsession", {}),
    ("lms_enrolment:index", "lms_enrolment", {}),
    ("lms_attempt:index", "lms_testattempt", {}),
    ("lms_certificate:index", "lms_certificate", {}),
]


@pytest.mark.parametrize(("name", "table", "params"), LISTS)
def test_main_lists_read_their_rows_through_an_index(staff_client, lists, name, table, params):
    sql = rows_query(staff_client("Penyelenggara"), reverse(name), table, params)
    assert_indexed(plan(sql), table, search=bool(params.get("q")))


@pytest.mark.parametrize(
    ("name", "table", "query"),
    [
        ("cohorts_participant:index", "cohorts_participant", "santos"),
        ("cohorts_participant:index", "cohorts_participant", "budi.santoso@"),
        ("cohorts_region:index", "cohorts_region", "ciden"),
    ],
)
def test_searches_by_part_of_a_name_or_email(staff_client, lists, name, table, query):
    """Found by any part; PostgreSQL answers through a trigram index (migration
    cohorts.0012), SQLite reads the table (it has no such index)."""
    client = staff_client("Penyelenggara")
    response = client.get(reverse(name), {"q": query.upper()})
    assert len(response.context["object_list"]) == 1
    if connection.vendor == "postgresql":
        # with plain index scans off too, only a bitmap scan of an index that answers the
        # LIKE itself can avoid reading the table: the trigram index
        steps = plan(
            rows_query(client, reverse(name), table, {"q": query}),
            settings=("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"),
        )
        assert any("_trgm" in step for step in steps), "\n".join(steps)


def test_a_nip_search_finds_by_the_start_of_the_nip_only(staff_client, lists, region_tree):
    other = make_participant(unit=region_tree["kelurahan"], name="Lain", nip="198501012010011001")
    client = staff_client("Penyelenggara")
    url = reverse("cohorts_participant:index")
    found = client.get(url, {"q": lists.nip[:10]}).context["object_list"]
    assert list(found) == [lists]
    assert list(client.get(url, {"q": "1985 0101"}).context["object_list"]) == [other]
    assert not client.get(url, {"q": lists.nip[4:12]}).context["object_list"]  # not a start
    assert list(client.get(url, {"q": "santoso"}).context["object_list"]) == [lists]


def test_every_admin_list_is_paginated():
    project = {"casestudies", "cohorts", "lms", "cms", "core"}
    checked = []
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet):
            continue
        model = viewset.model
        if model._meta.app_label not in project:
            continue
        assert viewset.list_per_page and viewset.list_per_page <= 100, viewset
        checked.append(model.__name__)
    assert {"Participant", "Region", "Cohort", "TrainingSession", "Enrolment"} <= set(checked)
    assert {"TestAttempt", "Certificate"} <= set(checked)
    assert {"CaseStudy", "PhotoCategory", "RubricCriterion"} <= set(checked)


def test_a_list_page_shows_one_page(staff_client, region_tree):
    for n in range(55):
        make_participant(unit=region_tree["kelurahan"], name=f"Peserta {n:02d}")
    response = staff_client("Penyelenggara").get(reverse("cohorts_participant:index"))
    assert len(response.context["object_list"]) == 50
    assert response.context["paginator"].count == 55
