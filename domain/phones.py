"""Phone numbers: checked and put in one stored form with Google's `phonenumbers`.

Residents type numbers every way there is ("138 0000 1234", "+86 13800001234",
"0571-88888888"); a shared contact comes as "8613800001234". A number is kept only
when it is a valid mobile or fixed line, so a digit too few ("1380000123") or a
local number without its area code ("12345678") is refused instead of being handed
to a volunteer who cannot call it.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

HOME_REGION = "CN"
_CALLABLE = frozenset(
    {
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)
_MAX_TYPED = 32  # longer is no phone number (and the column holds 32)


def normalise_phone(raw: str, region: str = HOME_REGION) -> str | None:
    """The stored form of a callable number, or None when it is not one.

    Numbers of `region` keep their national digits, with the trunk 0 of a fixed
    line ("13800001234", "057188888888"): what people dial there and what the
    rest of the bot shows. Numbers of other countries are stored as E.164.
    """
    typed = raw.strip()
    if not typed or len(typed) > _MAX_TYPED:
        return None
    try:
        number = phonenumbers.parse(typed, region)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in _CALLABLE:
        return None
    if phonenumbers.region_code_for_number(number) != region:
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return "".join(c for c in national if c.isdigit())
