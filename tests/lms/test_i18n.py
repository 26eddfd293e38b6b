"""Every marked string is in the Indonesian catalogue, translated; formats are Indonesian."""

import datetime
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["core", "lms", "cms", "cohorts", "casestudies", "templates", "locale", "manage.py"]


def untranslated(po_file):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr


def test_indonesian_catalogue_is_complete():
    stats = untranslated(ROOT / "locale/id/LC_MESSAGES/django.po")
    assert "untranslated" not in stats and "fuzzy" not in stats, stats


def test_catalogue_is_up_to_date_with_the_sources(tmp_path):
    """Re-extract strings in a copy of the sources: nothing new may appear untranslated."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete"],
        cwd=tmp_path,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings"},  # no tests/ in the copy
        check=True,
        capture_output=True,
    )
    stats = untranslated(tmp_path / "locale/id/LC_MESSAGES/django.po")
    assert "untranslated" not in stats and "fuzzy" not in stats, (
        f"Run makemessages and translate: {stats}"
    )


def render(template, **context):
    return Template("{% load l10n humanize %}" + template).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("id", "Selasa, 5 Maret 2019 08.00"), ("en", "Tuesday, 5 March 2019 08:00")],
)
def test_dates_in_jakarta_time(language, expected):
    moment = datetime.datetime(2019, 3, 5, 1, 0, tzinfo=datetime.UTC)
    with translation.override(language), timezone.override("Asia/Jakarta"):
        assert render("{{ moment|date:'DATETIME_FORMAT' }}", moment=moment) == expected


def test_indonesian_numbers():
    with translation.override("id"):
        assert render("{{ value }}", value=Decimal("93.56")) == "93,56"
        assert render("{{ value }}", value=83762) == "83.762"
