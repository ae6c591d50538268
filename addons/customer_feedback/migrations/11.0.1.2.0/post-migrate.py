"""SLAs in working time (11.0.1.2.0): the policies get the shipped calendar and the default
escalation levels (a breach of each promise to the team leader, the former single escalation);
breaches escalated before the upgrade count as fired levels, so they are not escalated again;
the shipped "Waiting for customer" stage pauses the clock (a reply moves it to "In progress",
as before). Deadlines already set stay as they
were (wall-clock); the at-risk points of those tickets keep the former rule (75% of the time to
the deadline). Several public pools (customer_mgmt 11.0.1.2.0): the salespeople's rules of
tickets and of the ticket analysis read pool customers' tickets only of the pools serving them
(where the company kept the shipped rule). Safe to run twice: each step only fills what is
empty."""
from psycopg2 import sql

from odoo import SUPERUSER_ID, api

from odoo.addons.customer_mgmt.utils.migration import rewrite_shipped_rule, salesperson_rule_domains



def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    calendar = env.ref("customer_feedback.resource_calendar_china_standard")
    cr.execute("UPDATE customer_feedback_sla_policy SET calendar_id = %s WHERE calendar_id IS NULL",
               (calendar.id,))
    cr.execute("UPDATE customer_feedback_sla_policy SET tz = 'Asia/Shanghai' WHERE tz IS NULL")
    Policy = env["customer.feedback.sla.policy"].with_context(active_test=False)
    for policy in Policy.search([("escalation_ids", "=", False)]):
        policy.write({"escalation_ids": policy._default_escalation_ids()})
    for target in ("response", "resolution"):
        # The breach level of the ticket's policy, for the tickets whose breach was escalated.
        cr.execute(sql.SQL("""
            INSERT INTO customer_feedback_sla_escalation_log
                   (feedback_id, escalation_id, user_id, date, create_uid, write_uid,
                    create_date, write_date)
            SELECT f.id, e.id, NULL, COALESCE(f.write_date, now() AT TIME ZONE 'UTC'), 1, 1,
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM customer_feedback f
              JOIN LATERAL (
                    SELECT id FROM customer_feedback_sla_escalation
                     WHERE policy_id = f.sla_policy_id AND target = %s AND trigger = 'breach'
                     ORDER BY sequence, id LIMIT 1) e ON TRUE
             WHERE f.{}
            ON CONFLICT (feedback_id, escalation_id) DO NOTHING
        """).format(sql.Identifier("sla_%s_escalated" % target)), (target,))
    waiting = env.ref("customer_feedback.customer_feedback_stage_waiting", raise_if_not_found=False)
    if waiting:
        in_progress = env.ref("customer_feedback.customer_feedback_stage_in_progress",
                              raise_if_not_found=False)
        cr.execute("UPDATE customer_feedback_stage SET sla_pause = 'customer', "
                   "reply_stage_id = %s WHERE id = %s AND sla_pause IS NULL",
                   (in_progress.id if in_progress else None, waiting.id))
    for target in ("response", "resolution"):
        risk = sql.Identifier("sla_%s_risk_date" % target)
        deadline = sql.Identifier("sla_%s_deadline" % target)
        cr.execute(sql.SQL("""
            UPDATE customer_feedback
               SET {risk} = date_received + ({deadline} - date_received) * 0.75
             WHERE {deadline} IS NOT NULL AND {risk} IS NULL
        """).format(risk=risk, deadline=deadline))
    Feedback = env["customer.feedback"].with_context(active_test=False, tracking_disable=True)
    Feedback.invalidate_cache()
    tickets = Feedback.search([("sla_policy_id", "!=", False)])
    fields = [Feedback._fields["response_work_hours"], Feedback._fields["resolution_work_hours"]]
    for start in range(0, len(tickets), 2000):
        batch = tickets[start:start + 2000]
        for field in fields:
            env.add_todo(field, batch)
        Feedback.recompute()
        batch.filtered(lambda t: not t.is_closed)._sla_schedule_escalations()
        batch.invalidate_cache()
    for rule in ("customer_feedback_rule_salesperson", "customer_feedback_report_rule_salesperson"):
        rewrite_shipped_rule(cr, "customer_feedback", rule, salesperson_rule_domains("partner_id."))
