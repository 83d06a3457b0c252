"""Check characters of Chinese identifiers: citizen ids (GB 11643) and credit codes (GB 32100)."""

import re
from datetime import date

CITIZEN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CITIZEN_ID_CHECK = "10X98765432"
CITIZEN_ID_PATTERN = re.compile(r"^\d{17}[\dX]\Z", re.ASCII)

# GB 32100: 31 characters, leaving out I, O, Z, S and V, which read like digits.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_PATTERN = re.compile(rf"^[{CREDIT_CODE_ALPHABET}]{{18}}\Z")


def citizen_id_check_char(first17: str) -> str:
    """The 18th character of a citizen id from its first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, CITIZEN_ID_WEIGHTS, strict=True))

    return CITIZEN_ID_CHECK[total % 11]


def is_valid_citizen_id(value: str) -> bool:
    """An 18-character id with a real birth date and the right check character."""
    value = value.upper()
    if not CITIZEN_ID_PATTERN.match(value):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False

    return citizen_id_check_char(value[:17]) == value[17]


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code from its first 17."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )

    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(value: str) -> bool:
    """An 18-character unified social credit code with the right check character."""
    value = value.upper()
    if not CREDIT_CODE_PATTERN.match(value):
        return False

    return credit_code_check_char(value[:17]) == value[17]
