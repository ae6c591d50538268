"""One visible write path: each of our addons overrides create and write of a model once."""
import inspect

from odoo.tests import common

OUR_ADDONS = ("customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy")
CRUD = ("create", "write")


class TestPipeline(common.TransactionCase):

    def _overrides(self, model_name):
        """{(addon, method): [source files]} of the classes of our addons defining create/write."""
        found = {}
        for cls in type(self.env[model_name]).__mro__:
            addon = (getattr(cls, "_module", None) or "")
            # Registry classes (module odoo.api) carry the guard's wrappers, not an addon's code.
            if addon not in OUR_ADDONS or not cls.__module__.startswith("odoo.addons."):
                continue
            for method in CRUD:
                if method in vars(cls):
                    found.setdefault((addon, method), []).append(inspect.getsourcefile(cls))
        return found

    def test_one_create_and_write_per_addon_and_model(self):
        """Walk the registry: no model gets two create or two write overrides from one addon."""
        for model_name in self.env.registry:
            for (addon, method), files in self._overrides(model_name).items():
                self.assertEqual(len(files), 1, "%s overrides %s.%s in %s" % (
                    addon, model_name, method, ", ".join(files)))

    def test_partner_pipeline_files(self):
        """res.partner's create and write live in each addon's models/res_partner.py."""
        overrides = self._overrides("res.partner")
        self.assertIn(("customer_mgmt", "create"), overrides)
        self.assertIn(("customer_mgmt", "write"), overrides)
        for (addon, method), files in overrides.items():
            self.assertTrue(files[0].endswith("/%s/models/res_partner.py" % addon),
                            "%s.%s of res.partner is in %s" % (addon, method, files[0]))

    def test_write_of_one_partner_is_one_super_call(self):
        """Checked values, naming flags and the code travel in the one write: one UPDATE sets
        them all (the ORM's recomputed columns follow in their own)."""
        partner = self.env["res.partner"].create({
            "name": "Pipeline Co", "is_company": True, "customer": False,
            "country_id": self.env.ref("base.cn").id})
        self.env.cr.execute("SELECT write_date FROM res_partner WHERE id = %s", (partner.id,))
        queries = []
        execute = self.env.cr.execute

        def counting(query, params=None, log_exceptions=None):
            if isinstance(query, str) and query.lstrip().upper().startswith(
                    'UPDATE "RES_PARTNER"'):
                queries.append(query)
            return execute(query, params)

        self.env.cr.execute = counting
        try:
            partner.write({"customer": True, "phone": "010 6552 9988", "name": "Pipeline  Co"})
        finally:
            del self.env.cr.execute
        self.assertTrue(partner.customer_code, "the new account got its code in the same write")
        self.assertEqual(partner.phone, "+86 10 6552 9988")
        pipeline = ('"customer"=', '"phone"=', '"name"=', '"phone_issue"=', '"naming_issue"=',
                    '"customer_code"=')
        setting = [query for query in queries if any(column in query for column in pipeline)]
        self.assertEqual(len(setting), 1, queries)
        self.assertTrue(all(column in setting[0] for column in pipeline), setting[0])

    def test_stored_computes_of_partners_run_as_superuser(self):
        """Walk res.partner: no stored computed field is recomputed as the user who triggered
        it (each would cost a check of the write rules, and its stored value is shared)."""
        fields = self.env["res.partner"]._fields
        self.assertFalse(sorted(name for name, field in fields.items()
                                if field.compute and field.store and not field.compute_sudo))

    def test_superuser_computes_give_the_salesperson_s_values(self):
        salesperson = self.env["res.users"].create({
            "name": "Pipeline Salesperson", "login": "pipeline_sp", "email": "pipeline_sp@example.com",
            "groups_id": [(6, 0, [self.env.ref("customer_mgmt.group_customer_salesperson").id])]})
        Partner = self.env["res.partner"].sudo(salesperson)
        company = Partner.create({"name": "Pipeline Share Co", "is_company": True,
                                  "customer": True, "user_id": salesperson.id,
                                  "country_id": self.env.ref("base.cn").id})
        contact = Partner.create({"name": "Li Lei", "parent_id": company.id})
        self.assertEqual(contact.commercial_partner_id, company)
        self.assertEqual(contact.commercial_company_name, "Pipeline Share Co")
        self.assertEqual(contact.commercial_partner_country_id, self.env.ref("base.cn"))
        self.assertEqual(contact.display_name, "Pipeline Share Co, Li Lei")
        self.assertTrue(contact.partner_share)
        self.assertFalse(salesperson.partner_id.partner_share)

    def test_partner_concerns_are_mixins(self):
        """Our res.partner code is abstract mixins, plus each addon's res_partner.py (and the
        install code of its table): a concern never extends res.partner directly."""
        direct = (".models.res_partner", ".models.res_partner_install")
        for cls in type(self.env["res.partner"]).__mro__:
            if (getattr(cls, "_module", None) not in OUR_ADDONS
                    or not cls.__module__.startswith("odoo.addons.")
                    or cls.__module__.endswith(direct) or cls._inherit == "base"):
                continue  # not ours, the pipeline, or the guard (which extends every model)
            self.assertTrue(cls._abstract and cls._name.endswith(".mixin"),
                            "%s extends res.partner directly" % cls.__module__)
