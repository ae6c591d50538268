"""Normalization of customer names, pure Python so it is testable without Odoo.

``normalize_name`` is idempotent: ``normalize_name(normalize_name(x)) == normalize_name(x)``.
"""
import functools
import re

# Full-width forms of the ASCII letters and digits (U+FF10..U+FF5A) and of the space.
_FULLWIDTH_OFFSET = 0xFEE0
_FULLWIDTH_TABLE = {
    code: code - _FULLWIDTH_OFFSET
    for code in range(0xFF01, 0xFF5F)
    if chr(code - _FULLWIDTH_OFFSET).isalnum()
}
_FULLWIDTH_TABLE[0x3000] = 0x20  # ideographic space
# In names without CJK characters, full-width punctuation is an input-method slip too.
_FULLWIDTH_ALL_TABLE = {code: code - _FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_ALL_TABLE[0x3000] = 0x20

_CJK_RE = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
    "\u3040-\u30ff\uac00-\ud7af]")
_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[^\W_]")
# Spaces are useless inside brackets, and around full-width ones.
_ASCII_BRACKET_SPACE_RE = re.compile(r"\(\s+|\s+\)")
_FULLWIDTH_BRACKET_SPACE_RE = re.compile(r"\s*([（）])\s*")

TO_FULLWIDTH_BRACKETS = str.maketrans("()", "（）")
TO_ASCII_BRACKETS = str.maketrans("（）", "()")

# Punctuation removed from the end of a name; closing brackets and quotes are kept.
TRAILING_PUNCTUATION = set(".,;:!?-_/\\|~*#&+=<>@^`%$") | set("，。、；：！？·…—～－")

# Abbreviations whose dot is part of the name, e.g. "Acme Co., Ltd." or "Foo Inc.".
# Initialisms written without dots (GmbH, AG, LLC, PLC) lose a trailing dot.
LEGAL_ABBREVIATIONS = (
    "ltd", "inc", "co", "corp", "bhd", "sdn", "pte", "pty", "mfg", "intl",
    "jr", "sr", "st", "bros", "assn", "dept", "cie", "mfrs",
)
_ABBREVIATION_RE = re.compile(
    r"(?:^|[\s,.()&])(?:%s)\.$" % "|".join(LEGAL_ABBREVIATIONS), re.IGNORECASE)
# Dotted initialisms: "S.A.", "B.V.", "S.p.A.", "e.V.", "L.L.C.".
_INITIALISM_RE = re.compile(r"(?:^|[\s,(])(?:[^\W\d_]\.){2,}$")

# Legal forms left out of the names compared to find duplicates (customer_duplicate_mixin.py).
# Chinese legal forms are unambiguous anywhere in a name (longest first).
CN_LEGAL_FORMS_ANYWHERE = (
    "集团股份有限公司", "股份有限公司", "有限责任公司", "集团有限公司",
    "有限公司", "分公司", "总公司",
)
# Suffixes dropped from the end of a name, repeatedly: Chinese forms only valid at the end,
# and Latin legal-form words as written once dots are removed ("S.A." -> "sa").
LEGAL_FORM_SUFFIXES = ("股份公司", "集团公司", "公司", "集团") + tuple("""
    ab ag as bv co company corp corporation cv gmbh inc incorporated intl kg kk lp llc llp
    limited ltd ltda nv oy oyj pc plc pte pty sa sarl sas sl spa srl ug
""".split())


def has_cjk(text):
    """Tell whether the text contains Chinese, Japanese or Korean characters."""
    return bool(text) and bool(_CJK_RE.search(text))


def to_halfwidth(text, punctuation=False):
    """Turn full-width ASCII letters, digits and spaces (and punctuation if asked) half-width."""
    return text.translate(_FULLWIDTH_ALL_TABLE if punctuation else _FULLWIDTH_TABLE)


def _keeps_trailing_dot(text):
    return bool(_ABBREVIATION_RE.search(text) or _INITIALISM_RE.search(text))


def strip_trailing_punctuation(text):
    """Remove punctuation at the end, keeping closing brackets and abbreviation dots.

    Text made only of punctuation is left alone so that a rule can reject it
    with a clear message instead of saving an empty name.
    """
    if not _WORD_RE.search(text):
        return text
    while text and text[-1] in TRAILING_PUNCTUATION:
        if text[-1] == "." and _keeps_trailing_dot(text):
            break
        text = text[:-1].rstrip()
    return text


def _normalize_once(text):
    cjk = has_cjk(text)
    text = to_halfwidth(text, punctuation=not cjk)
    text = _SPACE_RE.sub(" ", text).strip()
    if cjk:
        text = text.translate(TO_FULLWIDTH_BRACKETS)
        text = _FULLWIDTH_BRACKET_SPACE_RE.sub(r"\1", text)
    else:
        text = text.translate(TO_ASCII_BRACKETS)
    text = _ASCII_BRACKET_SPACE_RE.sub(lambda m: m.group(0).strip(), text)
    return strip_trailing_punctuation(text)


def normalize_name(name):
    """Return the standard form of a customer name (falsy values are returned as is).

    Trims and collapses whitespace, turns full-width letters, digits and spaces
    half-width, uses full-width brackets in names with CJK characters and ASCII
    brackets otherwise, and removes trailing punctuation.
    """
    if not name or not isinstance(name, str):
        return name
    # Each pass only shortens the text or swaps characters one for one, so this ends.
    previous, text = None, name
    while text != previous:
        previous, text = text, _normalize_once(text)
    return text


def match_suffix(name, suffixes):
    """Return the first of the suffixes the name ends with (case-insensitive), or None.

    A Latin suffix must start a word ("XYZ AG" matches "AG", "XYZAG" does not) and
    its final dot is optional ("Acme Ltd" matches "Ltd.").
    """
    if not name:
        return None
    folded = name.casefold().rstrip(".")
    for suffix in suffixes:
        wanted = _folded_suffix(suffix)
        if not wanted or not folded.endswith(wanted):
            continue
        if len(folded) == len(wanted):
            continue  # the name must be more than the legal form
        before = folded[-len(wanted) - 1]
        if has_cjk(wanted[0]) or wanted[0] in "（(" or not before.isalnum():
            return suffix
    return None


@functools.lru_cache(maxsize=1024)
def _folded_suffix(suffix):
    """The suffix as match_suffix compares it (normalized, case-folded, no final dot)."""
    return normalize_name(suffix.strip()).casefold().rstrip(".") if suffix else ""
