# Piped into `odoo shell` of the CURRENT code by bin/test-upgrade: every scheduled action of our
# addons runs once on the upgraded data, as the cron worker would run it; a failure exits non-zero.
import logging
import sys

_logger = logging.getLogger("upgrade.crons")
ours = env["ir.model.data"].search([("model", "=", "ir.cron"), ("module", "like", "customer_%")])
failed = []
for cron in env["ir.cron"].browse(ours.mapped("res_id")):
    try:
        cron.method_direct_trigger()
        env.cr.commit()
    except Exception:
        _logger.exception("The scheduled action %s failed on the upgraded data", cron.name)
        env.cr.rollback()
        failed.append(cron.name)
print("Scheduled actions run: %d, failed: %s" % (len(ours), ", ".join(failed) or "none"))
sys.exit(1 if failed else 0)
