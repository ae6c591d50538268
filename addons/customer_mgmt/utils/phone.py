"""Phone numbers read in a country with ``phonenumbers``: one parser for validation and duplicates."""
import re
import unicodedata

import phonenumbers

DEFAULT_COUNTRY_CODE = "CN"


def parse_phone(number, country_code=DEFAULT_COUNTRY_CODE):
    """The number parsed in the country (ISO code) when it has no country code, or None."""
    if not number:
        return None
    try:
        return phonenumbers.parse(number, country_code or DEFAULT_COUNTRY_CODE)
    except phonenumbers.NumberParseException:
        return None


def format_phone(number, country_code=DEFAULT_COUNTRY_CODE):
    """The valid number in international format (+86 139 1234 5678), or None when not valid."""
    parsed = parse_phone(number, country_code)
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_key(number, country_code=DEFAULT_COUNTRY_CODE):
    """Comparison key: E.164 form of a possible number, else its digits (6 or more), else False."""
    if not number:
        return False
    parsed = parse_phone(number, country_code)
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", number))
    return digits if len(digits) >= 6 else False
