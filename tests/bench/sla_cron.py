"""Benchmark of the SLA cron at N open tickets (goal at 100,000: < 60 s).

  sla_cron.py --db DB [--tickets 100000] [--runs 3]

On a database with customer_feedback installed (e.g. a bin/bench "ours" database kept with
--keep, or a developer's database), inserts N open tickets with bare SQL on the customers
there, spread as a cron every 15 minutes meets them: received over the last 30 days, deadlines
and at-risk points over the next 30 days and the last 2 days, next escalation levels due for
0.2% of them. Then runs the cron (no commits: a "testing" thread) and rolls everything back,
``runs`` times; prints the seconds of each run, the statuses refreshed and the levels fired.
"""
import argparse
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from run import start_odoo  # noqa: E402  (after the path)


def fill(cr, tickets):
    """N open tickets on the shipped Standard policy, in one INSERT."""
    cr.execute("""
        SELECT p.id, e.id FROM customer_feedback_sla_policy p
          JOIN customer_feedback_sla_escalation e ON e.policy_id = p.id
         WHERE e.target = 'resolution' AND e.trigger = 'breach' ORDER BY p.sequence DESC LIMIT 1""")
    policy_id, level_id = cr.fetchone()
    cr.execute("SELECT id FROM customer_feedback_stage WHERE NOT is_closed AND sla_pause IS NULL"
               " AND NOT is_resolved ORDER BY sequence LIMIT 1")
    stage_id = cr.fetchone()[0]
    cr.execute("SELECT array_agg(id) FROM res_partner WHERE customer AND parent_id IS NULL")
    partners = cr.fetchone()[0]
    cr.execute("""
        INSERT INTO customer_feedback
               (name, subject, partner_id, feedback_type, channel, priority, stage_id,
                is_closed, is_resolved, date_received, company_id, sla_status, sla_policy_id,
                sla_response_deadline, sla_response_risk_date, sla_resolution_deadline,
                sla_resolution_risk_date, sla_next_escalation_date, sla_next_escalation_id,
                sla_paused_hours, create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH-SLA-' || k, 'Bench SLA ' || k, (%(partners)s::int[])[1 + k %% %(n)s],
               'complaint', 'phone', '1', %(stage)s, FALSE, FALSE, r, 1,
               CASE WHEN k %% 10 = 0 THEN 'at_risk' ELSE 'on_track' END,
               %(policy)s, d + interval '4 hours', d, d + interval '3 days', d + interval '2 days',
               CASE WHEN k %% 500 = 0 THEN now() AT TIME ZONE 'UTC' - interval '10 minutes'
                    ELSE d + interval '3 days' END, %(level)s, 0.0,
               1, 1, r, r
          FROM (SELECT k, now() AT TIME ZONE 'UTC' - random() * interval '30 days' AS r,
                       now() AT TIME ZONE 'UTC' + (random() * 32 - 2) * interval '1 day' AS d
                  FROM generate_series(1, %(tickets)s) k) g
    """, {"partners": partners, "n": len(partners), "stage": stage_id, "policy": policy_id,
          "level": level_id, "tickets": tickets})
    cr.execute("ANALYZE customer_feedback")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--tickets", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    odoo = start_odoo(args.db)
    threading.current_thread().testing = True   # the batch runner does not commit
    registry = odoo.registry(args.db)
    for run in range(args.runs):
        with odoo.api.Environment.manage(), registry.cursor() as cr:
            start = time.perf_counter()
            fill(cr, args.tickets)
            filled = time.perf_counter() - start
            cr.execute("SELECT count(*) FROM customer_feedback WHERE NOT is_closed")
            open_count = cr.fetchone()[0]
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            start = time.perf_counter()
            result = env["customer.feedback"]._cron_escalate_sla_breaches()
            seconds = time.perf_counter() - start
            print("run %d: %d open tickets (filled in %.1f s); cron %.1f s: %s"
                  % (run + 1, open_count, filled, seconds, result), flush=True)
            cr.rollback()


if __name__ == "__main__":
    main()
