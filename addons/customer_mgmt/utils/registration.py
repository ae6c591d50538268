"""Company registration numbers: one normal form for storing, validating and comparing them."""
import importlib
import re
import unicodedata

from stdnum.exceptions import ValidationError as StdnumValidationError

# python-stdnum modules validating company registration numbers, by country.
REGISTRATION_MODULES = {
    "CN": "stdnum.cn.uscc",   # 统一社会信用代码, Unified Social Credit Code
    "AU": "stdnum.au.abn",
    "BR": "stdnum.br.cnpj",
    "CH": "stdnum.ch.uid",
    "FR": "stdnum.fr.siren",
    "JP": "stdnum.jp.cn",
    "KR": "stdnum.kr.brn",
    "SG": "stdnum.sg.uen",
    "TW": "stdnum.tw.ubn",
    "US": "stdnum.us.ein",
}


class InvalidRegistration(ValueError):
    """The number is not valid for its country; ``description`` names the expected number."""

    def __init__(self, number, country_code, description):
        super().__init__(number)
        self.number = number
        self.country_code = country_code
        self.description = description


def clean_registration(number, country_code):
    """The stored form of the number: compacted by python-stdnum when it knows the country
    (raising InvalidRegistration on an invalid number), else without spaces and upper case;
    False when empty."""
    number = (number or "").strip()
    if not number:
        return False
    module_name = REGISTRATION_MODULES.get(country_code)
    if not module_name:
        return re.sub(r"\s+", "", number).upper()
    module = importlib.import_module(module_name)
    try:
        return module.validate(number)
    except StdnumValidationError:
        raise InvalidRegistration(number, country_code, module.__doc__.splitlines()[0])


def registration_key(number, country_code):
    """The form to look the number up with among stored ones, never refusing it: its stored
    form, or for an invalid number its characters without width, spaces, dots or hyphens."""
    try:
        return clean_registration(number, country_code)
    except InvalidRegistration:
        return re.sub(r"[\s.\-]", "", unicodedata.normalize("NFKC", number)).upper() or False
