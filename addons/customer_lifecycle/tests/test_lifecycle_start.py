from unittest.mock import patch

from odoo import fields

from .common import LifecycleCase


class TestLifecycleStart(LifecycleCase):
    """A new customer account starts as potential in its own INSERT: no transition, no
    tracking, no UPDATE; contacts and non-customers get no stage."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"].sudo(cls.user_salesperson)

    def _create(self, vals):
        """Create as the salesperson; return (partner, statements changing res_partner)."""
        cr = self.env.cr
        execute = cr.execute
        updates = []

        def recording(query, *args, **kwargs):
            if str(query).lstrip().upper().startswith("UPDATE RES_PARTNER"):
                updates.append(str(query))
            return execute(query, *args, **kwargs)

        with patch.object(cr, "execute", recording):
            partner = self.Partner.create(vals)
        return partner.sudo(), updates

    def _company(self, name, **vals):
        return self._create(dict(vals, name=name, is_company=True, user_id=self.user_salesperson.id))

    def test_new_account_starts_potential_in_its_insert(self):
        partner, updates = self._company("Wuxi Start Trading Co., Ltd.")
        self.assertEqual(partner.lifecycle_stage_id, self.potential)
        self.assertEqual(partner.lifecycle_stage_date, fields.Date.context_today(partner))
        self.assertFalse(self.env["customer.lifecycle.transition"].search(
            [("partner_id", "=", partner.id)]), "the start is not a move")
        self.assertFalse(partner.message_ids.mapped("tracking_value_ids").filtered(
            lambda value: value.field == "lifecycle_stage_id"), "the start is not tracked")
        self.assertFalse([query for query in updates if "lifecycle_stage" in query],
                         "no UPDATE after the create")
        # A manual move is still tracked.
        partner.sudo(self.user_salesperson).write({"lifecycle_stage_id": self.loyal.id})
        self.assertTrue(partner.message_ids.mapped("tracking_value_ids").filtered(
            lambda value: value.field == "lifecycle_stage_id"), "a move is tracked")

    def test_contacts_and_non_customers_get_no_stage(self):
        company, __ = self._company("Wuxi Start Trading Co., Ltd.")
        contact, __ = self._create({"name": "Zhao Liu", "parent_id": company.id, "type": "contact"})
        self.assertFalse(contact.lifecycle_stage_id)
        self.assertFalse(contact.lifecycle_stage_date)
        supplier, __ = self._company("Wuxi Supply Trading Co., Ltd.", customer=False, supplier=True)
        self.assertFalse(supplier.lifecycle_stage_id)

    def test_stage_given_at_creation_is_kept(self):
        partner = self.env["res.partner"].create({
            "name": "Wuxi Given Trading Co., Ltd.", "is_company": True,
            "lifecycle_stage_id": self.new.id})
        self.assertEqual(partner.lifecycle_stage_id, self.new)

    def test_archived_potential_stage_starts_nothing(self):
        self.potential.active = False
        partner, __ = self._company("Wuxi Off Trading Co., Ltd.")
        self.assertFalse(partner.lifecycle_stage_id)

    def test_start_costs_at_most_the_stage_lookup(self):
        Partner = type(self.env["res.partner"])
        original = Partner._lifecycle_create_vals
        cr = self.env.cr
        queries = []

        def counting(model, vals):
            before = cr.sql_log_count
            result = original(model, vals)
            queries.append(cr.sql_log_count - before)
            return result

        self._company("Wuxi Warm Trading Co., Ltd.")  # the rules of the stages, read once
        fields.Date.context_today(self.Partner)  # the user's time zone, read once
        with patch.object(Partner, "_lifecycle_create_vals", counting):
            company, __ = self._company("Wuxi Count Trading Co., Ltd.")
            self._create({"name": "Qian Qi", "parent_id": company.id, "type": "contact"})
        self.assertEqual(company.lifecycle_stage_id, self.potential)
        self.assertEqual(queries, [1, 0], "one stage lookup for the account, none for the contact")
