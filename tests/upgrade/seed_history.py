# Piped into `odoo shell` of the PREVIOUS release by bin/test-upgrade (``env`` is given there).
# Adds the history that only the ORM and the crons write: tracked changes, former names, pool
# claims and releases, tickets moved through their stages, lifecycle transitions, reminders.
# Uses only APIs that release 11.0.1.0.0 has, so it must stay compatible with it.
import logging

_logger = logging.getLogger("upgrade.seed")
Partner = env["res.partner"]
customers = Partner.search([("customer", "=", True), ("parent_id", "=", False),
                            ("is_company", "=", True)], order="id", limit=120)
tiers = env["customer.tier"].search([], order="sequence, id")
salespeople = env["res.users"].search([("login", "like", "bench_sp_%")], order="id")

# Tracked changes and former names (the write path of the release under test).
for index, partner in enumerate(customers[:40]):
    values = {"tier_id": tiers[index % len(tiers)].id}
    if index % 4 == 0:
        values["name"] = "%s（更名%d）" % (partner.name, index)
    if salespeople and index % 3 == 0:
        values["user_id"] = salespeople[index % len(salespeople)].id
    partner.write(values)

# The pool: release some customers by hand, claim some back as a salesperson.
released = customers[40:70].filtered("user_id")
released._release_to_pool("upgrade test: released by hand")
if salespeople:
    for partner in released[:10]:
        partner.sudo(salespeople[0]).action_claim()

# Tickets through their stages.
Feedback = env["customer.feedback"]
stages = env["customer.feedback.stage"].search([], order="sequence, id")
for index, partner in enumerate(customers[70:100]):
    ticket = Feedback.create({"subject": "升级测试工单 %d" % index, "partner_id": partner.id,
                              "description": "upgrade test"})
    if stages and index % 2 == 0:
        ticket.write({"stage_id": stages[min(1, len(stages) - 1)].id})

# Every scheduled action of our addons, as the cron worker would run it.
ours = env["ir.model.data"].search([("model", "=", "ir.cron"), ("module", "in", (
    "customer_mgmt", "customer_feedback", "customer_lifecycle"))])
for cron in env["ir.cron"].browse(ours.mapped("res_id")):
    _logger.info("Running the cron %s", cron.name)
    cron.method_direct_trigger()
env.cr.commit()
_logger.info("Seeded the history of %d customers", len(customers))
