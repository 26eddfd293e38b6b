import contextlib
import functools
import io
import os
import shutil
from importlib import import_module
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import transaction

from tests.factories import make_participant, make_region_tree

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.hookimpl(trylast=True)  # after pytest-django has put transactional tests last
def pytest_collection_modifyitems(config, items):
    # The committed demo's tests go last of all: after them, the worker's database holds the
    # demo until the session ends, so no other test may run there after them.
    items.sort(key=lambda item: item.nodeid.split("::", 1)[0] in DEMO_MODULES)
    for item in items:  # see committed_demo
        fixtures = set(getattr(item, "fixturenames", ()))
        reads_demo = "demo" in fixtures
        in_module = item.nodeid.split("::", 1)[0] in DEMO_MODULES
        database = item.get_closest_marker("django_db") or fixtures & DATABASE_FIXTURES
        if reads_demo != in_module or (reads_demo and database):
            raise pytest.UsageError(
                f"{item.nodeid}: tests of DEMO_MODULES, and they only, take the committed "
                "demo (the `demo` fixture) and no database mark."
            )
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI must run the browser tests: install Debian's chromium.")
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.path.parts:
            item.add_marker(skip)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With ``-n`` (pytest-xdist, as ``make test`` runs): each worker takes a module's tests
    together (its module fixtures are built once) and in pytest-django's order — every test
    in a transaction before those that flush the database (``transaction=True``). A module
    with both kinds is two units, as pytest-django splits it in one process."""
    from xdist.scheduler import LoadScopeScheduling

    class ModuleRunScheduling(LoadScopeScheduling):
        units = None

        def _split_scope(self, nodeid):
            if self.units is None:
                self.units, unit, previous = {}, 0, None
                for node in next(iter(self.registered_collections.values())):
                    module = node.split("::", 1)[0]
                    unit += module != previous
                    self.units[node], previous = f"{module}#{unit}", module
                    if module in DEMO_MODULES:  # after every database test, as they are
                        self.units[node] = "committed demo"
            return self.units[nodeid]

    config.option.loadscopereorder = False  # keep the order: units by first test
    return ModuleRunScheduling(config, log)


@pytest.fixture(scope="session", autouse=True)
def _test_databases_released(django_db_setup, django_db_blocker):
    """At the end of the session, before pytest-django drops the test database: on PostgreSQL,
    end the connections that threads of the session left open (a Celery worker thread, a live
    server's), which would make the drop fail ("being accessed by other users")."""
    yield
    from django.db import connections

    connection = connections["default"]
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


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


@contextlib.contextmanager
def shared_data(django_db_blocker):
    """For a module-scoped fixture whose data the module's tests only read: what it makes
    inside is built once, in a transaction left open while the tests run (each test adds its
    savepoint) and rolled back after them. Tasks run eagerly; tasks sent after commit are
    not sent unless the fixture runs them (``after_commit``)."""
    from lms.celery import app

    app.conf.task_always_eager = True
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def after_commit():
    """Inside ``shared_data``: run the on-commit callbacks of the block (tasks sent after
    commit) when it ends, as a commit would."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


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


PROJECT_APPS = ("lms", "casestudies", "cms", "cohorts", "core")


@functools.cache
def _project_data_migrations():
    """Every RunPython operation of the project's migrations, in migration order: a new one
    needs no edit here."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan = []
    for leaf in loader.graph.leaf_nodes():
        if leaf[0] in PROJECT_APPS:
            plan += [node for node in loader.graph.forwards_plan(leaf) if node not in plan]
    return [
        operation
        for node in plan
        if node[0] in PROJECT_APPS
        for operation in loader.graph.nodes[node].operations
        if isinstance(operation, RunPython)
    ]


def restore_base_data():
    """Put back what the data migrations made (roles and their permissions, Wagtail's root,
    the home page and the site) after the database was flushed."""
    from django.apps import apps
    from django.db import connection
    from wagtail.models import Locale, Page

    if not Locale.objects.exists():
        Locale.objects.create(language_code="id")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.first()))
    with connection.schema_editor() as schema_editor:  # some also create indexes
        for operation in _project_data_migrations():
            operation.code(apps, schema_editor)


@pytest.fixture
def base_data(transactional_db):
    """Transactional tests flush the database: the base data again (``restore_base_data``)."""
    restore_base_data()


# The demo, committed, for the tests that only read it ----------------------------------------

# Read before any test database is set up (setting it up renames the database in the settings).
_DEVELOPMENT_DATABASE = str(import_module("lms.settings").DATABASES["default"]["NAME"])

DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
# Modules whose tests read ``demo``: pytest-xdist hands them to one worker, which builds it once.
DEMO_MODULES = ("tests/browser/test_sign_in.py", "tests/lms/test_demo.py")


@pytest.fixture(scope="session")
def session_database(request, django_db_setup, django_db_blocker):
    """The test database, for data a session fixture commits outside any test. pytest-django
    creates it only when a collected test asks for a database (a mark, ``db``,
    ``transactional_db``, ``live_server``); when none does (``pytest tests/lms/test_demo.py``
    alone), it is created here — never the development database — and dropped at the end."""
    from django.test.utils import setup_databases, teardown_databases

    asks = {"db", "transactional_db", "live_server"}
    if any(
        item.get_closest_marker("django_db") or asks & set(getattr(item, "fixturenames", ()))
        for item in request.session.items
    ):
        yield
        return
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        teardown_databases(created, verbosity=0)


@pytest.fixture(scope="session")
def committed_demo(session_database, django_db_blocker):
    """``manage.py load_demo`` (as ``make run`` loads it) once per session, committed, so that
    a live server sees it too; its output. Its tests take ``demo``, not a database mark: they
    run after every other database test (``pytest_collection_modifyitems`` puts them last),
    and the database is emptied of it and given its base data again at the end."""
    from django.core.management import call_command
    from django.db import connection

    from lms.celery import app

    assert connection.settings_dict["NAME"] != _DEVELOPMENT_DATABASE, "not the test database"
    app.conf.task_always_eager = True
    out = io.StringIO()
    with django_db_blocker.unblock():
        restore_base_data()  # transactional tests before it left the database flushed
        call_command("load_demo", stdout=out)  # its tasks run after its commit, eagerly
    yield out.getvalue()
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        restore_base_data()


@pytest.fixture
def demo(committed_demo, django_db_blocker):
    """The committed demo's database, open to the test (and a live server), outside any
    transaction; the output of ``load_demo``. Read it, do not change it."""
    with django_db_blocker.unblock():
        yield committed_demo
