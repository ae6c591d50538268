from odoo import api, models


class Base(models.AbstractModel):
    """Saves that Odoo retries after a concurrent update start from a clean to-do list."""

    _inherit = "base"

    @api.model
    def recompute(self):
        """Drop the recomputations a failed attempt left behind, then recompute as Odoo does.

        Odoo 11 retries a request that met a concurrent update (``odoo.service.model.check``)
        on a new cursor, but the thread's environments keep the failed attempt's to-do list,
        whose records live on the closed cursor: the retry would fail on them with "Unable to
        use a closed cursor" instead of saving. Their transaction was rolled back, so nothing
        of them is left to recompute.
        """
        todo = self.env.all.todo
        for field in [f for f, recs_list in todo.items() if any(r.env.cr.closed for r in recs_list)]:
            alive = [recs for recs in todo[field] if not recs.env.cr.closed]
            if alive:
                todo[field] = alive
            else:
                del todo[field]
        return super().recompute()
