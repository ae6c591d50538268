"""Every public method customer_mgmt adds declares its groups; other roles and portal users
are refused and nothing changes."""
from .common import CustomerCase
from .public_methods import PublicMethodGroupsMixin


class TestPublicMethods(PublicMethodGroupsMixin, CustomerCase):

    addon = "customer_mgmt"
    expected_methods = (
        ("res.partner", "action_claim"),
        ("res.partner", "action_reveal_contact"),
        ("customer.naming.rule", "action_recheck_partners"),
        ("customer.handover.wizard", "action_confirm"),
        ("customer.pool.assign.wizard", "action_confirm"),
        ("customer.pool.take.back.wizard", "action_confirm"),
        ("res.partner", "action_registry_fill"),
        ("customer.registry.import.wizard", "action_import"),
        ("customer.registry.diff.wizard", "action_apply"),
        ("crm.lead", "action_request_conflict_approval"),
        ("customer.merge.wizard", "action_confirm"),
        ("customer.duplicate.pair", "action_merge_fields"),
        ("res.partner", "action_open_change_requests"),
        ("customer.change.request", "action_approve"),
        ("customer.change.request", "action_refuse"),
        ("customer.change.refuse.wizard", "action_confirm"),
    )

    def _customers(self, *names):
        return self.env["res.partner"].browse(
            [self.create_customer(name).id for name in names])

    def _duplicate_pair(self):
        partners = self._customers("Methods Alpha Co., Ltd.", "Methods Alpha Trading Co., Ltd.")
        return self.env["customer.duplicate.pair"].create({
            "partner_a_id": min(partners.ids), "partner_b_id": max(partners.ids),
            "reason": "name", "similarity": 0.8})

    def method_records(self):
        return {
            "res.partner": lambda: self._customers("Methods Pool Co., Ltd."),
            "res.partner.category": lambda: self.env["res.partner.category"].create(
                {"name": "Methods Tag"}),
            "customer.tier": lambda: self.env["customer.tier"].create({"name": "Methods Tier"}),
            "customer.dashboard.tile": lambda: self.env.ref(
                "customer_mgmt.customer_dashboard_tile_followups_today"),
            "customer.naming.rule": lambda: self.env["customer.naming.rule"].create({
                "name": "Methods rule", "kind": "length", "max_length": 200,
                "message": "Too long"}),
            "customer.duplicate.pair": self._duplicate_pair,
            "customer.handover.wizard": lambda: self.env["customer.handover.wizard"].create({
                "from_user_id": self.user_salesperson.id, "to_user_id": self.user_leader.id}),
            "customer.pool.release.wizard": lambda: self.env[
                "customer.pool.release.wizard"].create({
                    "partner_ids": [(6, 0, self._customers(
                        "Methods Held Co., Ltd.").ids)], "reason": "Test"}),
            "customer.pool.settings": lambda: self.env["customer.pool.settings"].create({}),
            "crm.lead": lambda: self.env["crm.lead"].create({
                "name": "Methods deal", "type": "lead", "user_id": self.user_salesperson.id}),
            "customer.interaction.quick": lambda: self.env["customer.interaction.quick"].create({
                "partner_id": self._customers("Methods Quick Co., Ltd.").id,
                "channel": "call", "summary": "Methods call"}),
            "customer.timeline.event": self._timeline_event,
            "customer.pool": lambda: self.env["customer.pool"].create({"name": "Methods Pool"}),
            "customer.pool.rule": lambda: self.env["customer.pool.rule"].create({
                "pool_id": self.env.ref("customer_mgmt.customer_pool_default").id,
                "kind": "no_followup", "days": 30}),
            "customer.pool.assign.wizard": lambda: self.env["customer.pool.assign.wizard"].create({
                "pool_id": self.env.ref("customer_mgmt.customer_pool_default").id,
                "partner_ids": [(6, 0, self._customers("Methods Assign Co., Ltd.").ids)],
                "user_ids": [(6, 0, self.user_salesperson.ids)]}),
            "customer.registry.import.wizard": lambda: self.env[
                "customer.registry.import.wizard"].create({"data_file": b"VVNDQw=="}),
            "customer.registry.diff.wizard": self._registry_diff_wizard,
            "customer.merge.wizard": lambda: self.env["customer.merge.wizard"]._merge_open(
                self._customers("Methods Merge Co., Ltd.", "Methods Merge Trading Co., Ltd.")
            ) and self.env["customer.merge.wizard"].search([], order="id desc", limit=1),
            "customer.change.request": self._change_request,
            "customer.change.refuse.wizard": lambda: self.env[
                "customer.change.refuse.wizard"].create({
                    "request_ids": [(6, 0, self._change_request().ids)], "reason": "Test"}),
            "customer.pool.take.back.wizard": lambda: self.env[
                "customer.pool.take.back.wizard"].create({
                    "pool_id": self.env.ref("customer_mgmt.customer_pool_default").id,
                    "partner_ids": [(6, 0, self._customers("Methods Back Co., Ltd.").ids)],
                    "reason": "Test"}),
        }

    def _change_request(self):
        return self.env["customer.change.request"].create({
            "partner_id": self._customers("Methods Change Co., Ltd.").id,
            "field_id": self.env["ir.model.fields"]._get("res.partner", "website").id,
            "field_name": "website", "new_value": "https://methods.example.com",
            "new_value_raw": '"https://methods.example.com"', "requester_id": self.env.uid})

    def _registry_diff_wizard(self):
        record = self.env["customer.registry.record"].create(
            {"uscc": "91110000600037341L", "name": "Methods Registry Co., Ltd."})
        return self.env["customer.registry.diff.wizard"].create({
            "partner_id": self._customers("Methods Registry Co., Ltd.").id,
            "record_id": record.id,
            "line_ids": [(0, 0, {"field_name": "legal_representative", "overwrite": True,
                                 "registry_value": "x"})]})

    def _timeline_event(self):
        interaction = self.env["customer.interaction"].create({
            "name": "Methods visit", "partner_id": self._customers("Methods Visit Co., Ltd.").id})
        return self.env["customer.timeline.event"].search([
            ("res_model", "=", "customer.interaction"), ("res_id", "=", interaction.id)])
