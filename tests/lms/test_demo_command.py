"""``manage.py load_demo`` without learning, and never in production (``test_demo.py`` reads
the whole demo)."""

import pytest
from django.core.management import CommandError, call_command

from cms.models import ProgrammePage
from cohorts.models import Participant, TrainingSession
from lms.models import Enrolment, User


@pytest.mark.django_db
def test_without_learning_the_demo_is_people_and_accounts_only(capsys, tmp_path):
    accounts = tmp_path / "accounts.txt"
    call_command("load_demo", "--without-learning", "--accounts-file", str(accounts))

    assert Participant.objects.count() == 317
    assert User.objects.count() == 5
    assert User.objects.get(email="peserta@selaras.test").check_password("selaras-demo")
    assert not ProgrammePage.objects.exists()
    assert not Enrolment.objects.exists()
    assert not TrainingSession.objects.exists()
    out = capsys.readouterr().out
    assert "317 participants (317 new)" in out
    assert "peserta@selaras.test" not in out  # written to the file, for `make run` to print
    written = accounts.read_text()
    for email in ("peserta", "penyelenggara", "fasilitator", "pimpinan", "penilai"):
        assert f"{email}@selaras.test" in written
    assert "selaras-demo" in written


def test_demo_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo")
