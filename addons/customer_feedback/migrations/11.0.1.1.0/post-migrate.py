"""The survey-campaign cron's batch_limit now counts invitations, not campaigns: the old
argument (20) would commit every 20 invitations, so the cron's code (noupdate data) takes
the new default. Safe to run twice: it only changes the old code."""

OLD_CODE = "model._cron_send_due_campaigns(batch_limit=20)"
NEW_CODE = "model._cron_send_due_campaigns()"


def migrate(cr, version):
    cr.execute("""
        UPDATE ir_act_server server
           SET code = %s
          FROM ir_cron cron
          JOIN ir_model_data data ON data.model = 'ir.cron' AND data.res_id = cron.id
         WHERE data.module = 'customer_feedback'
           AND data.name = 'ir_cron_send_due_survey_campaigns'
           AND server.id = cron.ir_actions_server_id
           AND server.code = %s
    """, (NEW_CODE, OLD_CODE))
