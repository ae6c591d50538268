"""The customer account: a commercial entity flagged customer (``customer`` set, no parent).

The one definition of the concept, in its forms: a domain for the ORM, an SQL condition on an
aliased ``res_partner`` table, and predicates on a partner record and on a new partner's
values. Every module of the customer addons imports them from here instead of restating it.
"""
from psycopg2 import sql

ACCOUNT_DOMAIN = [("customer", "=", True), ("parent_id", "=", False)]

_ACCOUNT_SQL = sql.SQL("{0}.customer AND {0}.parent_id IS NULL")
_ACTIVE_ACCOUNT_SQL = sql.SQL("{0}.active AND {0}.customer AND {0}.parent_id IS NULL")


def account_domain(*conditions):
    """A new domain list: the customer accounts, and the given conditions."""
    return ACCOUNT_DOMAIN + list(conditions)


def account_domain_text(*conditions):
    """The domain as source text, for field domains that name other fields of the form."""
    return "[%s]" % ", ".join([repr(term) for term in ACCOUNT_DOMAIN] + list(conditions))


def account_sql(alias="res_partner", active=True):
    """The condition selecting the (active) customer accounts of ``res_partner`` as ``alias``."""
    return (_ACTIVE_ACCOUNT_SQL if active else _ACCOUNT_SQL).format(sql.Identifier(alias))


def is_account(partner):
    """Whether the partner record is a customer account."""
    return bool(partner.customer and not partner.parent_id)


def is_account_values(vals):
    """Whether the complete values of a new partner (defaults included) make an account."""
    return bool(vals.get("customer") and not vals.get("parent_id"))
