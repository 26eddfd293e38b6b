import datetime

import pytest
from django.core.exceptions import ValidationError

from cohorts.validators import normalize_nip, normalize_phone, validate_nip

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize(
    "value",
    [
        "197001011990011001",
        "198512312010122999",
        "19851231 201012 2 999",
        "'198001012005011001",
        "1980.0101.2005.01.1.001",
        "200002292020121001",  # 29 February of a leap year
    ],
)
def test_valid_nips(value):
    assert validate_nip(value, today=TODAY) == normalize_nip(value)
    assert len(normalize_nip(value)) == 18


@pytest.mark.parametrize(
    ("value", "code", "fragment"),
    [
        ("19700101199001100", "nip_length", "18"),
        ("1970010119900110011", "nip_length", "18"),
        ("19700101199001100A", "nip_length", "18"),
        ("197002301990011001", "nip_birth_date", "19700230"),  # 30 February
        ("197013011990011001", "nip_birth_date", "19701301"),  # month 13
        ("190002291990011001", "nip_birth_date", "19000229"),  # 1900 was not a leap year
        ("203001011990011001", "nip_birth_date", "20300101"),  # born in the future
        ("197001011990131001", "nip_appointment", "13"),  # appointment month 13
        ("197001011990001001", "nip_appointment", "00"),
        ("197001012099011001", "nip_appointment", "209901"),  # appointed in the future
        ("197001011980011001", "nip_appointment", "198001"),  # appointed at ten years old
        ("197001011990013001", "nip_gender", "3"),
        ("197001011990010001", "nip_gender", "0"),
        ("197001011990011000", "nip_sequence", "000"),
    ],
)
def test_invalid_nips_say_which_part_is_wrong(value, code, fragment):
    with pytest.raises(ValidationError) as caught:
        validate_nip(value, today=TODAY)
    assert caught.value.code == code
    assert fragment in caught.value.messages[0]


def test_nip_messages_are_translated_to_indonesian():
    from django.utils import translation

    with translation.override("id"), pytest.raises(ValidationError) as caught:
        validate_nip("197002301990011001", today=TODAY)
    assert "tanggal lahir" in caught.value.messages[0].lower()


def test_phone_normalised_to_e164():
    assert normalize_phone("0812-3456-7890") == "+6281234567890"
    assert normalize_phone("(021) 3822255") == "+62213822255"
    assert normalize_phone("") == ""
    with pytest.raises(ValidationError):
        normalize_phone("12")
