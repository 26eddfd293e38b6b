import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.factories import make_participant, make_region_tree

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI must run the browser tests: install Debian's chromium.")
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolation(settings, tmp_path):
    """Each test: empty cache (rate limits), eager Celery, its own media and private folders."""
    from lms.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    cache.clear()
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    cache.clear()


@pytest.fixture
def staff_client(client, django_user_model):
    """``staff_client("Penyelenggara")``: the test client signed in as a user with that role."""
    from django.contrib.auth.models import Group

    def _client(role):
        user = django_user_model.objects.create_user(
            username=role.lower(), email=f"{role.lower()}@example.go.id", password="Staf-Pass-2019!"
        )
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return _client


@pytest.fixture
def region_tree(db):
    return make_region_tree()


@pytest.fixture
def participant(region_tree):
    return make_participant(unit=region_tree["kelurahan"])


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, tmp_path_factory):
    home = tmp_path_factory.mktemp("chromium")
    os.environ.setdefault("XDG_CONFIG_HOME", str(home / "config"))
    os.environ.setdefault("XDG_CACHE_HOME", str(home / "cache"))
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _test_broker(tmp_path_factory):
    """Point Celery at a broker of this test session before any task is sent: Redis with
    its own key prefix when REDIS_URL is set, else a filesystem queue in a temp folder."""
    from django.conf import settings

    from lms.celery import app

    if settings.REDIS_URL:
        options = {
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "global_keyprefix": f"selaras-test-{os.getpid()}:",
        }
    else:
        folder = Path(tmp_path_factory.mktemp("celery"))
        for name in ("queue", "processed", "control"):
            (folder / name).mkdir()
        options = {
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
            "polling_interval": 0.05,
        }
    app.conf.broker_transport_options = options
    return app


@pytest.fixture(scope="session")
def celery_worker_session(_test_broker, django_db_setup, django_db_blocker):
    """A real Celery worker thread on the session's real broker, shared by the tests."""
    from celery.contrib.testing.worker import start_worker

    with (
        django_db_blocker.unblock(),
        start_worker(_test_broker, perform_ping_check=False, loglevel="warning"),
    ):
        yield _test_broker


@pytest.fixture
def celery_worker(celery_worker_session):
    """The real worker, with tasks sent to it (the autouse fixture makes them eager)."""
    celery_worker_session.conf.task_always_eager = False
    return celery_worker_session


PROJECT_APPS = ("lms", "cms", "cohorts", "core")


@pytest.fixture
def base_data(transactional_db):
    """Transactional tests flush the database: put back what the data migrations made
    (roles and their permissions, Wagtail's root, the home page and the site)."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython
    from wagtail.models import Locale, Page

    if not Locale.objects.exists():
        Locale.objects.create(language_code="id")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.first()))
    # Every data migration of the project, in migration order: a new one needs no edit here.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan = []
    for leaf in loader.graph.leaf_nodes():
        if leaf[0] in PROJECT_APPS:
            plan += [node for node in loader.graph.forwards_plan(leaf) if node not in plan]
    for node in plan:
        if node[0] not in PROJECT_APPS:
            continue
        for operation in loader.graph.nodes[node].operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)
