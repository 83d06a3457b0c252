"""Check characters of citizen ids (GB 11643) and unified social credit codes (GB 32100)."""

import pytest

from app.identifiers import (
    citizen_id_check_char,
    credit_code_check_char,
    is_valid_citizen_id,
    is_valid_credit_code,
)


@pytest.mark.parametrize(
    "value, valid",
    [
        ("11010519491231002X", True),  # the example printed in GB 11643
        ("11010519491231002x", True),
        ("110105194912310021", False),  # wrong check character
        ("110105194902300021", False),  # 30 February
        ("11010519491231002", False),  # 17 characters
        ("1101051949123100２X", False),
    ],
)
def test_citizen_id(value, valid):
    assert is_valid_citizen_id(value) is valid


@pytest.mark.parametrize(
    "value, valid",
    [
        ("91350100M000100Y43", True),  # the example printed in GB 32100
        ("91350100m000100y43", True),
        ("91350100M000100Y44", False),
        ("91350100M000100YI3", False),  # I is not in the code's alphabet
        ("91350100M000100Y4", False),
    ],
)
def test_credit_code(value, valid):
    assert is_valid_credit_code(value) is valid


def test_check_characters_are_computed_not_looked_up():
    assert citizen_id_check_char("11010519491231002") == "X"
    assert credit_code_check_char("91350100M000100Y4") == "3"
