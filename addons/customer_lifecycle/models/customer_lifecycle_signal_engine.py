"""The nightly lifecycle signals, computed once for the jobs that read them.

The lifecycle update (stage moves) and the churn scoring both read the lifecycle signals of
every customer account (customer_lifecycle_signals_mixin.py). Whichever of the two runs first on a day asks
this engine, which recomputes the signals of every customer account for that day, batch by
batch through ``customer.batch.runner``, and remembers the day; the other one reads the stored
signals. Confirmed sales orders refresh their customer's signals at once in between
(sale_order.py).
"""
from odoo import api, fields, models
from odoo.tools import split_every

from .customer_reminder_mixin import to_date

SIGNALS_DATE_PARAM = "customer_lifecycle.signals_date"


class CustomerLifecycleSignalEngine(models.AbstractModel):
    """Computes the lifecycle signals of every customer account once per day."""

    _name = "customer.lifecycle.signal.engine"
    _description = "Lifecycle Signal Engine"

    @api.model
    def _signals_day(self, date_ref=None):
        """The day the signals are computed for, as a date string (today by default)."""
        return fields.Date.to_string(to_date(date_ref or fields.Date.context_today(self)))

    @api.model
    def _ensure_signals(self, batch_limit, date_ref=None):
        """Recompute the signals of every customer account for the day unless done already.

        Returns whether they were recomputed. The day is remembered once every batch is done:
        a job that died half-way leaves it to the next job to compute them all again.
        """
        day = self._signals_day(date_ref)
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(SIGNALS_DATE_PARAM) == day:
            return False
        partners = self.env["res.partner"].sudo()
        ids = partners._lifecycle_customer_ids()
        self.env["customer.batch.runner"]._run_batches(
            "Lifecycle signals", split_every(batch_limit, ids),
            lambda batch: partners.browse(batch)._recompute_lifecycle_signals(date_ref=day))
        params.set_param(SIGNALS_DATE_PARAM, day)
        return True

