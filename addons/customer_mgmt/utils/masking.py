"""Masking of contact data (脱敏): the fields that can be masked and how a value is masked.

One definition for every path (read, name_get, export, tracking values, change history): the
policies (``customer.mask.policy``) say who sees which field masked, these functions say how.
"""
import re

from .phone import parse_phone

# Fields of res.partner a policy may mask, and the fields showing the same value.
MASKABLE_FIELDS = ("phone", "mobile", "email")
DERIVED_FIELDS = {
    "phone_key": "phone",
    "mobile_key": "mobile",
    "email_key": "email",
    "email_formatted": "email",
}
MASK_FORMATS = [
    ("phone", "Phone: first 3 and last 4 digits (138****5678)"),
    ("email", "E-mail: first letter and domain (z***@example.com)"),
    ("last4", "Last 4 characters only (*******5678)"),
    ("hidden", "Hidden entirely (******)"),
]
MASK_CHAR = "*"


def mask_phone(number):
    """The national number with all but its first 3 and last 4 digits hidden: 138****5678."""
    parsed = parse_phone(number)
    digits = str(parsed.national_number) if parsed is not None else re.sub(r"\D", "", number)
    if len(digits) <= 7:
        return MASK_CHAR * 4
    # Always four stars: the mask does not tell how many digits it hides.
    return digits[:3] + MASK_CHAR * 4 + digits[-4:]


def mask_email(address):
    """The address with its local part hidden but its first letter: z***@example.com."""
    local, at, domain = address.strip().partition("@")
    if not at:
        return MASK_CHAR * 3
    return (local[:1] or MASK_CHAR) + MASK_CHAR * 3 + "@" + domain


def mask_last4(value):
    """All but the last four characters hidden."""
    value = value.strip()
    if len(value) <= 4:
        return MASK_CHAR * len(value)
    return MASK_CHAR * (len(value) - 4) + value[-4:]


MASKERS = {
    "phone": mask_phone,
    "email": mask_email,
    "last4": mask_last4,
    "hidden": lambda value: MASK_CHAR * 6,
}


def mask_value(mask_format, value):
    """The value masked in the format; empty values stay as they are."""
    if not value or not isinstance(value, str):
        return value
    return MASKERS.get(mask_format, MASKERS["hidden"])(value)


# The format of each field in the notes the system writes (a note is read by everyone who
# reads the record: its numbers are masked for all, the record's form shows the real one).
NOTE_FORMATS = {"phone": "phone", "mobile": "phone", "email": "email", "email_from": "email"}


def mask_for_note(field_name, value):
    """The value of a contact field as a system note writes it: masked when it is a phone,
    mobile or e-mail, unchanged for any other field."""
    mask_format = NOTE_FORMATS.get(field_name)
    return mask_value(mask_format, value) if mask_format else value


def masked_values_sent_back(vals, names, masks, records):
    """The fields of ``vals`` holding, on every record, the masked form of its real value (a
    form saving what it showed): ``masks`` is {record id: {field: format}}, ``records`` read
    as the system. Dropped from a write, the real values stay."""
    return [name for name in names if all(
        masks.get(record.id, {}).get(name) and record[name]
        and mask_value(masks[record.id][name], record[name]) == vals[name]
        for record in records)]


def export_masked(records, fields, masks, export, mask_cell):
    """Export lines of ``records`` with the masked cells replaced.

    ``export(records, batch)`` is the model's own export (``batch``: may invalidate its cache
    between chunks), ``mask_cell(record, field, formats, cell)`` the cell as the user sees it.
    Records without masks are exported together; each other one alone, so that the first
    line of its export is its own.
    """
    lines, plain = [], []
    for record in records:
        formats = masks.get(record.id)
        if not formats:
            plain.append(record.id)
            continue
        if plain:
            lines.extend(export(records.browse(plain), True))
            plain = []
        record_lines = export(record, False)
        if record_lines:
            for index, path in enumerate(fields):
                if path and len(path) == 1:
                    record_lines[0][index] = mask_cell(record, path[0], formats,
                                                       record_lines[0][index])
        lines.extend(record_lines)
    if plain:
        lines.extend(export(records.browse(plain), True))
    return lines
