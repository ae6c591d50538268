"""An import of customers through base_import, in a process of its own, as the web client runs it.

  import_child.py --db DB --rows N --marker DOMAIN

Imports N customers (Chinese and international names, phones, cities) as the administrator,
in one transaction as Odoo's import does, each with an e-mail at DOMAIN so that
tests/faults/run.py can find them. Prints ``DONE``, or the import's errors and exits 1.
"""
import argparse
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "upgrade"))
from fingerprint import start_odoo  # noqa: E402
sys.path.insert(0, os.path.join(ROOT, "tests", "bench"))
import generate  # noqa: E402

FIELDS = ["name", "is_company", "customer", "phone", "email", "city", "country_id"]
OPTIONS = {"headers": True, "quoting": '"', "separator": ",", "encoding": "utf-8",
           "date_format": "", "datetime_format": "", "float_thousand_separator": ",",
           "float_decimal_separator": "."}


def customers_csv(rows, domain):
    rnd = random.Random(rows)
    lines = [",".join(FIELDS)]
    for serial in range(rows):
        city = rnd.choice(generate.CN_CITIES)
        name = "%s%s%s%s%s" % (city, rnd.choice(generate.CN_WORDS), rnd.choice(generate.CN_WORDS),
                               rnd.choice(generate.CN_TRADES), rnd.choice(generate.CN_FORMS))
        phone = "+86 %s %s%07d" % (rnd.choice(generate.CN_AREAS), rnd.choice("56"),
                                    rnd.randrange(10 ** 7))
        lines.append('"%s",1,1,%s,c%d@%s,%s,中国' % (name, phone, serial, domain, city))
    return ("\n".join(lines) + "\n").encode("utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--marker", required=True)
    args = parser.parse_args(argv)
    odoo, registry = start_odoo(args.db)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN"})
        wizard = env["base_import.import"].create({
            "res_model": "res.partner", "file": customers_csv(args.rows, args.marker),
            "file_name": "customers.csv", "file_type": "text/csv"})
        messages = wizard.do(FIELDS, OPTIONS)
        errors = [m for m in messages or [] if m.get("type") == "error"]
        if errors:
            print("the import was refused: %s" % errors[:3], file=sys.stderr, flush=True)
            return 1
        cr.commit()
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
