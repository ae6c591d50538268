"""Context keys are client input: every RPC call carries a context the client wrote. The
markers our code sets for itself (skip a check, a merge in progress, a user's own partner) are
read through utils.markers.marked, which no client can satisfy; this test walks the sources
of the four addons for any other read of a key of ours, and shows on the worst markers that a
client sending the key changes nothing."""
import os
import re

from odoo.exceptions import ValidationError

from .common import CustomerMasterCase

ADDONS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUR_ADDONS = ("customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy")
READ = re.compile(r"context(?:\.get\(|\[)\s*([^,)\]]+)")
# Odoo's own keys: their meaning is Odoo's, sent by its web client.
ODOO_KEYS = {"active_id", "active_ids", "active_model", "lang", "tz", "recompute",
             "prefetch_fields", "bin_size", "show_email", "tracking_disable"}
ODOO_PREFIXES = ("default_", "search_default_", "mail_")
# Keys a client may send on purpose, with what they can do.
CLIENT_KEYS = {
    '"lifecycle_reason"': "the reason a kanban move asks for",
    '"lifecycle_force"': "read by the private _lifecycle_move only; manual moves force anyway",
    '"lifecycle_no_activity"': "only fewer entry to-dos of a move",
    '"lifecycle_skip_update"': "only defers a confirmed order's stage to the nightly job",
    '"reveal_field"': "which masked value Show number reveals (logged, limited per day)",
    '"timeline_kind"': "the timeline's default filter",
    '"partner_category_display"': "how tags are named",
    '"survey_answers_all"': "the campaign's answer filter",
    '"customer_mgmt_skip_fields_sync"': "skips base's sync only when no synced field is written",
    '"customer_profile_no_recompute"': "profile fields are data administrators' configuration",
    "IMPORT_KEY": "only words a refusal of load() as its message",
    "NO_COMMIT_KEY": "only keeps a batch run in one transaction",
}
# Reads checked where they are: an identity or type test no JSON value passes.
CHECKED = re.compile(r"\) is (not )?[A-Z_]+\b|isinstance\(")


def our_reads():
    """(file:line, key expression, line) of every context read in our addons' code."""
    for addon in OUR_ADDONS:
        for folder, dirs, files in os.walk(os.path.join(ADDONS_DIR, addon)):
            dirs[:] = [d for d in dirs if d not in ("tests", "migrations")]
            for name in files:
                if not name.endswith(".py"):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    lines = handle.read().split("\n")
                for number, line in enumerate(lines):
                    around = "\n".join(lines[max(number - 1, 0):number + 2])
                    for match in READ.finditer(line):
                        # A key on the next line: its first expression.
                        key = match.group(1).strip() or re.split(
                            r"[,)\]]", lines[number + 1].strip())[0].strip()
                        yield ("%s:%d" % (os.path.relpath(path, ADDONS_DIR), number + 1),
                               key, around)


class TestContextMarkers(CustomerMasterCase):

    def test_every_read_of_our_keys_is_a_marker_or_meant_for_clients(self):
        unchecked = []
        for where, key, line in our_reads():  # line: the read with the lines around it
            plain = key.strip("\"'")
            if (plain in ODOO_KEYS or plain.startswith(ODOO_PREFIXES) or key in CLIENT_KEYS
                    or "markers.py" in where or CHECKED.search(line)):
                continue
            unchecked.append("%s reads %s" % (where, key))
        self.assertFalse(unchecked, "context keys a client can set; read them with "
                                    "utils.markers.marked or list them in CLIENT_KEYS:\n%s"
                         % "\n".join(unchecked))

    def test_client_cannot_pass_as_a_users_own_partner(self):
        """The marker of a new user's partner skips validation: a client sending it does not."""
        Partner = self.env["res.partner"].sudo(self.user_salesperson).with_context(
            customer_mgmt_internal_partner=True)
        with self.assertRaisesRegex(ValidationError, "12"), self.env.cr.savepoint():
            Partner.create({"name": "Marker Trading Co., Ltd.", "is_company": True,
                            "customer": True, "phone": "12"})
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Marker Trading Co., Ltd.")]))

    def test_client_cannot_skip_the_duplicate_check(self):
        self.create_customer("Marker Duplicate Machinery Co., Ltd.",
                             user_id=self.user_salesperson.id)
        twin = self.env["res.partner"].sudo(self.user_salesperson).with_context(
            customer_mgmt_skip_duplicate_check=True).create({
                "name": "Marker Duplicate Machinery Co., Ltd.", "is_company": True,
                "customer": True})
        self.assertTrue(twin.possible_duplicate)

