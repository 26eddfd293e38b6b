"""core.storage: private files have no public address, random names, and follow the
STORAGES setting (a FileField binds its storage once, at import)."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from core.storage import PrivateStorage, RandomName, private_storage


def test_a_private_file_has_no_url(tmp_path):
    storage = PrivateStorage(location=tmp_path)
    name = storage.save("impor/daftar.csv", ContentFile(b"NIP;Nama\r\n"))
    assert storage.exists(name)
    with pytest.raises(ValueError, match="no public URL"):
        storage.url(name)


def test_random_names_keep_only_a_plain_extension():
    name_for = RandomName("impor")
    first, second = (
        name_for(None, "Daftar Peserta 2019.CSV"),
        name_for(None, "Daftar Peserta 2019.CSV"),
    )
    assert first != second
    assert first.startswith("impor/") and first.endswith(".csv")
    assert "Daftar" not in first and "roster" not in first
    assert not name_for(None, "evil.csv/../../x").endswith("x")
    assert Path(name_for(None, "tanpa-ekstensi")).suffix == ""
    assert RandomName("impor") == RandomName("impor") != RandomName("sertifikat")


def test_the_private_storage_follows_the_setting(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateStorage",
            "OPTIONS": {"location": str(tmp_path / "a")},
        },
    }
    storage = private_storage()
    assert isinstance(storage, FileSystemStorage)
    assert Path(storage.path("x.csv")).parent == tmp_path / "a"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "core.storage.PrivateStorage",
            "OPTIONS": {"location": str(tmp_path / "b")},
        },
    }
    assert Path(storage.path("x.csv")).parent == tmp_path / "b"  # the same object, re-read


@pytest.mark.django_db
def test_model_files_land_in_the_private_folder_of_the_test(settings):
    from cohorts.models import RosterImport

    roster_import = RosterImport(original_name="a.csv", format="csv")
    roster_import.file.save("a.csv", ContentFile(b"NIP\r\n"), save=False)
    private_root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert Path(roster_import.file.path).is_relative_to(private_root)
    assert not Path(roster_import.file.path).is_relative_to(settings.MEDIA_ROOT)
