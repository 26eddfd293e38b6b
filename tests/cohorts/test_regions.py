import pytest
from django.core.management import CommandError, call_command
from django.db import models

from cohorts.models import Region
from cohorts.services.regions import region_import


@pytest.mark.django_db
def test_import_dki_counts_by_level():
    result = region_import(province_codes=["31"])
    counts = {
        level: Region.objects.filter(code__startswith="31", level=level).count()
        for level in Region.Level
    }
    assert counts == {
        Region.Level.PROVINCE: 1,
        Region.Level.REGENCY: 6,
        Region.Level.DISTRICT: 44,
        Region.Level.VILLAGE: 267,
    }
    assert result.created == 318
    kelurahan = Region.objects.select_related("parent__parent__parent").get(code="31.71.01.1001")
    assert kelurahan.name == "Gambir"
    assert kelurahan.postal_code == "10110"
    assert kelurahan.parent.code == "31.71.01"
    assert kelurahan.parent.parent.name == "Kota Administrasi Jakarta Pusat"
    assert kelurahan.parent.parent.parent.code == "31"
    assert Region.objects.get(code="31.01").kind == Region.Kind.KABUPATEN


@pytest.mark.django_db
def test_import_is_idempotent_and_renames_follow_the_data():
    region_import(province_codes=["31"])
    ids = dict(Region.objects.values_list("code", "pk"))
    Region.objects.filter(code="31.71.01").update(name="Old name")
    Region.objects.filter(code="31.71.01.1001").update(postal_code="99999")

    again = region_import(province_codes=["31"])

    assert (again.created, again.updated, again.unchanged) == (0, 2, 316)
    assert dict(Region.objects.values_list("code", "pk")) == ids
    assert Region.objects.get(code="31.71.01").name == "Gambir"
    assert Region.objects.get(code="31.71.01.1001").postal_code == "10110"


@pytest.mark.django_db
def test_command_imports_given_provinces_and_refuses_unknown(capsys):
    call_command("import_regions", "31", "36")
    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 2
    assert Region.objects.get(code="36").name == "Banten"
    assert "created" in capsys.readouterr().out
    with pytest.raises(CommandError, match="99"):
        call_command("import_regions", "99")
    with pytest.raises(CommandError):
        call_command("import_regions", "31", "--all")


@pytest.mark.django_db
def test_import_all_of_indonesia():
    result = region_import(province_codes=None)
    counts = dict(
        Region.objects.values_list("level").annotate(n=models.Count("pk")).order_by("level")
    )
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert result.created == 91599
    assert not Region.objects.filter(level__gt=1, parent__isnull=True).exists()
