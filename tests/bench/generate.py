"""Benchmark data: fills a database set-based (SQL ``INSERT ... SELECT generate_series``).

Two steps, so that plain Odoo and our addons get the very same rows:
``fill_common`` runs on the plain database (columns every Odoo 11 database has), the database
is then copied and our addons are installed on the copy (Odoo computes their stored fields),
and ``fill_ours`` adds what only our addons have (tiers, interactions, feedback tickets).
Names come from word lists (no Faker dependency); sizes are skewed (Pareto: a few big
customers, many small). Random numbers are seeded, so one size always gives the same data.
"""
import logging
import time

_logger = logging.getLogger("bench.generate")

PASSWORD = "bench"
SALESPERSON_LOGIN = "bench_sp_%02d"
MANAGER_LOGIN = "bench_manager"

CN_CITIES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "西安",
             "重庆", "天津", "宁波", "青岛", "厦门", "长沙", "郑州", "济南", "合肥", "福州",
             "无锡", "佛山", "东莞", "大连", "沈阳", "昆明", "温州", "嘉兴", "绍兴", "常州"]
CN_WORDS = ["华", "盛", "达", "信", "恒", "瑞", "鑫", "泰", "丰", "宏", "远", "隆", "嘉", "德",
            "新", "安", "博", "众", "汇", "通", "景", "明", "诚", "卓", "越", "凯", "锦", "海",
            "天", "星", "辰", "宇", "中", "正", "和", "美", "佳", "永", "兴", "旺", "合", "力",
            "智", "科", "创", "联", "金", "银", "润", "祥", "福", "康", "宁", "源", "峰", "立",
            "邦", "捷", "腾", "飞"]
CN_TRADES = ["贸易", "科技", "电子", "机械", "化工", "纺织", "食品", "医药", "物流", "建材",
             "环保", "软件", "信息技术", "新能源", "汽车配件", "家具", "服装", "包装", "光电",
             "精密制造"]
CN_FORMS = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"]
EN_CITIES = ["Shanghai", "Hangzhou", "Shenzhen", "Guangzhou", "Suzhou", "Ningbo", "Singapore",
             "Hamburg", "Lyon", "Milano", "Osaka", "Chicago", "Toronto", "Sydney", "Rotterdam",
             "Manchester", "Barcelona", "Seoul", "Bangkok", "Dubai"]
EN_WORDS = ["Golden", "Pacific", "Northern", "Bright", "Summit", "Harbor", "Union", "Silver",
            "Eastern", "Prime", "Crystal", "Orient", "Apex", "Vertex", "Delta", "Nova", "Atlas",
            "Falcon", "Maple", "Cedar", "Lotus", "Phoenix", "Dragon", "Jade", "Pioneer", "Royal",
            "Unity", "Vista", "Zenith", "Horizon", "Evergreen", "Redwood", "Blue River",
            "Greenfield", "Stone Bridge", "Sunrise", "Westgate", "Highland", "Oak", "Pearl"]
EN_TRADES = ["Trading", "Technology", "Electronics", "Machinery", "Chemicals", "Textiles",
             "Foods", "Pharma", "Logistics", "Materials", "Software", "Energy", "Auto Parts",
             "Furniture", "Apparel", "Packaging", "Optics", "Precision", "Instruments", "Media"]
EN_FORMS = ["Co., Ltd.", "Co., Ltd.", "Limited", "Inc.", "GmbH", "LLC"]
CN_SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
               "胡", "郭", "何", "林", "高", "罗"]
CN_GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
            "涛", "明", "超", "秀英", "霞", "平", "刚", "建华", "志强", "晓东", "海燕"]
EN_FIRST = ["James", "Mary", "John", "Linda", "Michael", "Sarah", "David", "Emma", "Daniel",
            "Laura", "Thomas", "Anna", "Peter", "Julia", "Mark", "Sophie", "Paul", "Nina"]
EN_LAST = ["Smith", "Brown", "Miller", "Wilson", "Taylor", "Clark", "Walker", "Young", "King",
           "Wright", "Green", "Baker", "Adams", "Nelson", "Hill", "Moore", "Lee", "Martin"]
CN_AREAS = ["10", "21", "20", "755", "571", "25", "512", "28", "27", "29", "23", "22", "574"]
FUNCTIONS = ["采购经理", "总经理", "财务", "Purchasing Manager", "CEO", "Buyer", "工程师"]


def _log(message, *args):
    _logger.info(message, *args)


def table_columns(cr, table):
    """Columns of a table (empty when the table does not exist)."""
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s",
               (table,))
    return {row[0] for row in cr.fetchall()}


def ensure_users(env, count, teams=5):
    """Salespeople with the password ``bench`` (ORM: groups, partners), in a few teams."""
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    group_ids = [env.ref("base.group_user").id, env.ref("base.group_partner_manager").id,
                 env.ref("sales_team.group_sale_salesman").id]
    users = Users.browse()
    for index in range(1, count + 1):
        login = SALESPERSON_LOGIN % index
        user = Users.search([("login", "=", login)])
        if not user:
            user = Users.create({
                "name": "Bench Salesperson %02d" % index, "login": login, "password": PASSWORD,
                "email": "%s@bench.example.com" % login, "groups_id": [(6, 0, group_ids)]})
        users |= user
    manager = Users.search([("login", "=", MANAGER_LOGIN)])
    if not manager:
        manager = Users.create({
            "name": "Bench Manager", "login": MANAGER_LOGIN, "password": PASSWORD,
            "email": "bench_manager@bench.example.com",
            "groups_id": [(6, 0, group_ids + [env.ref("sales_team.group_sale_manager").id])]})
    Team = env["crm.team"].with_context(tracking_disable=True, mail_create_nosubscribe=True)
    team_ids = []
    for index in range(teams):
        members = users[index::teams]
        team = Team.search([("name", "=", "Bench Team %d" % (index + 1))])
        if not team:
            team = Team.create({"name": "Bench Team %d" % (index + 1), "user_id": members[:1].id})
        members.write({"sale_team_id": team.id})
        team_ids.append(team.id)
    return users, manager, team_ids


def fill_common(env, customers, seed=0.42):
    """Customers, contacts, salespeople, teams, confirmed sales orders and survey answers.

    Returns a dict of row counts. Works on the columns of a plain Odoo 11 database with
    contacts, crm, sale_management and survey.
    """
    cr = env.cr
    start = time.time()
    counts = {}
    salespeople, manager, team_ids = ensure_users(env, max(2, min(50, customers // 20)))
    cr.execute("SELECT setseed(%s)", (seed,))
    cr.execute("SELECT id, code FROM res_country WHERE code IN ('CN', 'US', 'DE', 'SG', 'JP')")
    countries = dict((code, cid) for cid, code in cr.fetchall())
    cr.execute("SELECT id FROM res_country_state WHERE country_id = %s ORDER BY id",
               (countries["CN"],))
    cn_states = [row[0] for row in cr.fetchall()] or [None]
    cr.execute("SELECT id FROM res_partner_industry ORDER BY id")
    industries = [row[0] for row in cr.fetchall()] or [None]
    user_ids = salespeople.ids
    team_of = {user.id: user.sale_team_id.id for user in salespeople}

    # Companies: 70% Chinese names, 30% international; 8% in nobody's hands (the pool).
    cr.execute("DROP TABLE IF EXISTS bench_co")
    cr.execute("""
        CREATE TEMP TABLE bench_co AS
        SELECT g AS n, random() < 0.7 AS cn, random() AS r_user, random() AS r_size,
               now() - (random() * interval '1500 days') AS created
        FROM generate_series(1, %s) g
    """, (customers,))
    cr.execute("""
        INSERT INTO res_partner (
            name, display_name, commercial_company_name, ref, is_company, customer, supplier,
            employee, active, type, company_id, lang, country_id, state_id, city, phone, mobile,
            email, website, industry_id, user_id, team_id, color, partner_share, opt_out,
            message_bounce, invoice_warn, sale_warn, create_uid, write_uid, create_date,
            write_date)
        SELECT nm, nm, nm, 'BENCH-' || n, TRUE, TRUE, FALSE, FALSE, TRUE, 'contact', 1,
               CASE WHEN cn THEN 'zh_CN' ELSE 'en_US' END,
               CASE WHEN cn THEN %(cn)s ELSE (%(others)s::int[])[1 + n %% 4] END,
               CASE WHEN cn THEN (%(states)s::int[])[1 + n %% %(nstates)s] END,
               CASE WHEN cn THEN city_cn ELSE city_en END,
               CASE WHEN cn THEN '+86 ' || area || ' ' || lpad((n::bigint * 7919 %% 100000000)::text, 8, '0')
                    ELSE '+1 212 ' || lpad((n::bigint * 7919 %% 10000000)::text, 7, '0') END,
               CASE WHEN random() < 0.6 THEN '+86 13' || (n %% 10) || ' ' ||
                    lpad((n::bigint * 104729 %% 100000000)::text, 8, '0') END,
               'info' || n || '@' || lower(regexp_replace(city_en, '\\W', '', 'g')) || n %% 97 || '.example.com',
               'https://www.company' || n || '.example.com',
               (%(industries)s::int[])[1 + (n * 31) %% %(nindustries)s],
               CASE WHEN r_user < 0.92 THEN (%(users)s::int[])[1 + (n * 17) %% %(nusers)s] END,
               NULL, 0, TRUE, FALSE, 0, 'no-message', 'no-message', 1, 1, created, created
        FROM (
            SELECT c.*,
                   (%(cn_cities)s::text[])[1 + floor(random() * %(ncc)s)::int] AS city_cn,
                   (%(en_cities)s::text[])[1 + floor(random() * %(nec)s)::int] AS city_en,
                   (%(areas)s::text[])[1 + floor(random() * %(nareas)s)::int] AS area,
                   CASE WHEN c.cn THEN
                     (%(cn_cities)s::text[])[1 + floor(random() * %(ncc)s)::int]
                     || (%(cn_words)s::text[])[1 + floor(random() * %(ncw)s)::int]
                     || (%(cn_words)s::text[])[1 + floor(random() * %(ncw)s)::int]
                     || (%(cn_trades)s::text[])[1 + floor(random() * %(nct)s)::int]
                     || (%(cn_forms)s::text[])[1 + floor(random() * %(ncf)s)::int]
                   ELSE
                     (%(en_cities)s::text[])[1 + floor(random() * %(nec)s)::int] || ' '
                     || (%(en_words)s::text[])[1 + floor(random() * %(new)s)::int] || ' '
                     || (%(en_words)s::text[])[1 + floor(random() * %(new)s)::int] || ' '
                     || (%(en_trades)s::text[])[1 + floor(random() * %(net)s)::int] || ' '
                     || (%(en_forms)s::text[])[1 + floor(random() * %(nef)s)::int]
                   END AS nm
            FROM bench_co c ORDER BY c.n
        ) s
    """, {
        "cn": countries["CN"], "others": [countries[c] for c in ("US", "DE", "SG", "JP")],
        "states": cn_states, "nstates": len(cn_states),
        "industries": industries, "nindustries": len(industries),
        "users": user_ids, "nusers": len(user_ids),
        "cn_cities": CN_CITIES, "ncc": len(CN_CITIES), "en_cities": EN_CITIES, "nec": len(EN_CITIES),
        "areas": CN_AREAS, "nareas": len(CN_AREAS),
        "cn_words": CN_WORDS, "ncw": len(CN_WORDS), "cn_trades": CN_TRADES, "nct": len(CN_TRADES),
        "cn_forms": CN_FORMS, "ncf": len(CN_FORMS), "en_words": EN_WORDS, "new": len(EN_WORDS),
        "en_trades": EN_TRADES, "net": len(EN_TRADES), "en_forms": EN_FORMS, "nef": len(EN_FORMS),
    })
    counts["companies"] = cr.rowcount
    cr.execute("""
        UPDATE res_partner p SET commercial_partner_id = p.id, commercial_partner_country_id = p.country_id
        WHERE p.ref LIKE 'BENCH-%%' AND p.commercial_partner_id IS NULL
    """)
    # Teams follow the salesperson.
    for user_id, team_id in team_of.items():
        cr.execute("UPDATE res_partner SET team_id = %s WHERE user_id = %s AND ref LIKE 'BENCH-%%'",
                   (team_id, user_id))
    cr.execute("CREATE TEMP TABLE bench_company AS SELECT id, user_id, team_id, lang, country_id, "
               "create_date, name FROM res_partner WHERE ref LIKE 'BENCH-%%'")
    cr.execute("ALTER TABLE bench_company ADD PRIMARY KEY (id)")

    # Contacts: 0 to 5 per company, 2 on average.
    cr.execute("""
        INSERT INTO res_partner (
            name, display_name, commercial_company_name, parent_id, commercial_partner_id,
            commercial_partner_country_id, is_company, customer, supplier, employee, active, type,
            company_id, lang, country_id, function, phone, mobile, email, user_id, team_id, color,
            partner_share, opt_out, message_bounce, invoice_warn, sale_warn, create_uid,
            write_uid, create_date, write_date)
        SELECT nm, c.name || ', ' || nm, c.name, c.id, c.id, c.country_id, FALSE, TRUE, FALSE,
               FALSE, TRUE, 'contact', 1, c.lang, c.country_id,
               (%(functions)s::text[])[1 + (c.id + k) %% %(nfunctions)s],
               NULL,
               '+86 139 ' || lpad(((c.id::bigint * 10 + k) * 7907 %% 100000000)::text, 8, '0'),
               'contact' || k || '.' || c.id || '@mail' || c.id %% 89 || '.example.com',
               c.user_id, c.team_id, 0, TRUE, FALSE, 0, 'no-message', 'no-message', 1, 1,
               c.create_date, c.create_date
        FROM (
            SELECT c.*, k,
                   CASE WHEN c.lang = 'zh_CN' THEN
                     (%(surnames)s::text[])[1 + floor(random() * %(nsur)s)::int]
                     || (%(given)s::text[])[1 + floor(random() * %(ngiv)s)::int]
                   ELSE
                     (%(first)s::text[])[1 + floor(random() * %(nfirst)s)::int] || ' '
                     || (%(last)s::text[])[1 + floor(random() * %(nlast)s)::int]
                   END AS nm
            FROM bench_company c,
                 LATERAL generate_series(1, (c.id * 2654435761 %% 5)::int) k
        ) c
    """, {"functions": FUNCTIONS, "nfunctions": len(FUNCTIONS), "surnames": CN_SURNAMES,
          "nsur": len(CN_SURNAMES), "given": CN_GIVEN, "ngiv": len(CN_GIVEN),
          "first": EN_FIRST, "nfirst": len(EN_FIRST), "last": EN_LAST, "nlast": len(EN_LAST)})
    counts["contacts"] = cr.rowcount

    # Confirmed sales orders over two years, Pareto-skewed per customer (alpha 1.16: 80/20).
    cr.execute("SELECT p.id, t.uom_id FROM product_product p "
               "JOIN product_template t ON t.id = p.product_tmpl_id "
               "WHERE t.sale_ok AND p.active ORDER BY p.id LIMIT 5")
    products = cr.fetchall()
    cr.execute("SELECT id FROM product_pricelist ORDER BY id LIMIT 1")
    pricelist_id = cr.fetchone()[0]
    cr.execute("SELECT currency_id FROM res_company WHERE id = 1")
    currency_id = cr.fetchone()[0]
    cr.execute("""
        CREATE TEMP TABLE bench_order AS
        SELECT c.id AS partner_id, c.user_id, c.team_id, k,
               now() - (random() * interval '730 days') AS date_order,
               round((50 + random() * 5000)::numeric, 2) AS amount
        FROM (SELECT c.*, least(300, floor(power(1 - random(), -1 / 1.16)))::int - 1
                            + (random() < 0.7)::int AS n_orders
              FROM bench_company c) c,
             LATERAL generate_series(1, c.n_orders) k
    """)
    cr.execute("""
        INSERT INTO sale_order (
            name, partner_id, partner_invoice_id, partner_shipping_id, pricelist_id, company_id,
            date_order, confirmation_date, state, invoice_status, user_id, team_id,
            amount_untaxed, amount_tax, amount_total, create_uid, write_uid, create_date,
            write_date)
        SELECT 'BENCH-SO-' || row_number() OVER (), partner_id, partner_id, partner_id, %s, 1,
               date_order, date_order, 'sale', 'to invoice', user_id, team_id, amount, 0, amount,
               1, 1, date_order, date_order
        FROM bench_order
    """, (pricelist_id,))
    counts["sale_orders"] = cr.rowcount
    product_id, uom_id = products[0]
    cr.execute("""
        INSERT INTO sale_order_line (
            order_id, name, sequence, product_id, product_uom, product_uom_qty, price_unit,
            price_subtotal, price_tax, price_total, price_reduce, price_reduce_taxinc,
            price_reduce_taxexcl, discount, qty_delivered, qty_to_invoice, qty_invoiced,
            customer_lead, state, invoice_status, salesman_id, currency_id, company_id,
            order_partner_id, is_downpayment, create_uid, write_uid, create_date, write_date)
        SELECT o.id, 'Bench product', 10, %s, %s, 1, o.amount_total, o.amount_total, 0,
               o.amount_total, o.amount_total, o.amount_total, o.amount_total, 0, 0, 1, 0, 0,
               'sale', 'to invoice', o.user_id, %s, 1, o.partner_id, FALSE, 1, 1, o.date_order,
               o.date_order
        FROM sale_order o WHERE o.name LIKE 'BENCH-SO-%%'
    """, (product_id, uom_id, currency_id))
    counts["sale_order_lines"] = cr.rowcount

    # Survey answers (done) from a fifth of the customers.
    cr.execute("SELECT id FROM survey_survey ORDER BY id LIMIT 1")
    survey = cr.fetchone()
    if survey:
        cr.execute("""
            INSERT INTO survey_user_input (survey_id, partner_id, email, date_create, type, state,
                                           token, test_entry, create_uid, write_uid, create_date,
                                           write_date)
            SELECT %s, c.id, 'info' || c.id || '@bench.example.com', d, 'link', 'done',
                   md5('bench' || c.id), FALSE, 1, 1, d, d
            FROM (SELECT c.*, now() - random() * interval '365 days' AS d FROM bench_company c
                  WHERE c.id %% 5 = 0) c
        """, (survey[0],))
        counts["survey_answers"] = cr.rowcount
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE sale_order")
    counts["seconds"] = round(time.time() - start, 1)
    _log("common data: %s", counts)
    return counts


def recompute_ours(env):
    """Compute our addons' stored partner fields on SQL-inserted rows (what an install does).

    Used when the generator fills a database that already has our addons (the smoke run):
    the ORM recomputes every stored computed res.partner field our modules define, and
    customer_mgmt gives the new customers their codes.
    """
    env.cr.execute("""
        SELECT f.name FROM ir_model_fields f
        JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
        WHERE f.model = 'res.partner' AND d.module IN %s
    """, (("customer_mgmt", "customer_feedback", "customer_lifecycle"),))
    names = {row[0] for row in env.cr.fetchall()}
    Partner = env["res.partner"].with_context(active_test=False)
    fields = [Partner._fields[n] for n in sorted(names)
              if n in Partner._fields and Partner._fields[n].store and Partner._fields[n].compute]
    partners = Partner.search([("ref", "=like", "BENCH-%")])
    partners |= Partner.search([("commercial_partner_id", "in", partners.ids)])
    for start_at in range(0, len(partners), 5000):
        for field in fields:
            env.add_todo(field, partners[start_at:start_at + 5000])
        Partner.recompute()
    if hasattr(Partner, "_customer_mgmt_assign_missing_codes"):
        Partner._customer_mgmt_assign_missing_codes()
    return len(partners)


def fill_ours(env, seed=0.42):
    """What only our addons have: roles of the bench users, tiers, interactions, feedback."""
    cr = env.cr
    start = time.time()
    counts = {}
    cr.execute("SELECT setseed(%s)", (seed,))
    Users = env["res.users"].with_context(tracking_disable=True)
    salespeople = Users.search([("login", "like", "bench_sp_%")])
    manager = Users.search([("login", "=", MANAGER_LOGIN)])
    salespeople.write({"groups_id": [(4, env.ref("customer_mgmt.group_customer_salesperson").id)]})
    manager.write({"groups_id": [(4, env.ref("customer_mgmt.group_customer_manager").id)]})

    Partner = env["res.partner"].with_context(tracking_disable=True, active_test=False)
    cr.execute("DROP TABLE IF EXISTS bench_company")
    cr.execute("CREATE TEMP TABLE bench_company AS SELECT id, user_id, team_id, create_date "
               "FROM res_partner WHERE ref LIKE 'BENCH-%%'")
    cr.execute("ALTER TABLE bench_company ADD PRIMARY KEY (id)")
    # Tiers by revenue over two years (ORM writes per tier: dependent fields recompute).
    tiers = env["customer.tier"].search([], order="sequence desc, id desc") \
        if "customer.tier" in env else []
    if tiers and "tier_id" in Partner._fields:
        cr.execute("""
            SELECT c.id, ntile(%s) OVER (ORDER BY coalesce(sum(o.amount_total), 0), c.id)
            FROM bench_company c LEFT JOIN sale_order o ON o.partner_id = c.id
            GROUP BY c.id
        """, (len(tiers),))
        by_tier = {}
        for partner_id, bucket in cr.fetchall():
            by_tier.setdefault(bucket, []).append(partner_id)
        for bucket, ids in by_tier.items():
            tier = tiers[bucket - 1]
            for start_at in range(0, len(ids), 5000):
                Partner.browse(ids[start_at:start_at + 5000]).with_context(
                    customer_mgmt_skip_fields_sync=True).write({"tier_id": tier.id})
        counts["tiered"] = sum(len(ids) for ids in by_tier.values())

    columns = table_columns(cr, "customer_interaction")
    if columns:
        values = {
            "partner_id": "c.id", "user_id": "c.user_id", "date": "d", "create_uid": "1",
            "write_uid": "1", "create_date": "d", "write_date": "d", "active": "TRUE",
            "company_id": "1", "team_id": "c.team_id",
            "channel": "(ARRAY['call', 'visit', 'email', 'meeting', 'chat'])[1 + k %% 5]",
            "name": "'Bench interaction ' || k", "summary": "'Bench interaction ' || k",
            "description": "'Bench interaction'", "note": "'Bench interaction'",
        }
        _insert_generated(cr, "customer_interaction", columns, values, """
            FROM (SELECT c.*, k, now() - random() * interval '365 days' AS d
                  FROM (SELECT c.*, least(60, floor(power(1 - random(), -1 / 1.3)))::int
                                    + (random() < 0.6)::int AS n
                        FROM bench_company c WHERE c.user_id IS NOT NULL) c,
                       LATERAL generate_series(1, c.n) k) c
        """)
        counts["interactions"] = cr.rowcount
        if hasattr(Partner, "_update_interaction_stats"):
            cr.execute("SELECT DISTINCT partner_id FROM customer_interaction")
            Partner._update_interaction_stats([row[0] for row in cr.fetchall()])
        _after_sql_insert(env, "customer.interaction")

    columns = table_columns(cr, "customer_feedback")
    if columns:
        cr.execute("SELECT id FROM customer_feedback_stage ORDER BY sequence, id")
        stages = [row[0] for row in cr.fetchall()]
        values = {
            "name": "'BENCH-FB-' || c.id || '-' || k", "subject": "'Bench feedback ' || k",
            "partner_id": "c.id", "feedback_type":
                "(ARRAY['complaint', 'suggestion', 'inquiry', 'praise', 'other'])[1 + (c.id + k) %% 5]",
            "channel": "(ARRAY['phone', 'email', 'portal', 'survey', 'visit'])[1 + k %% 5]",
            "priority": "((c.id + k) %% 4)::text", "user_id": "c.user_id", "team_id": "c.team_id",
            "stage_id": "(%(stages)s::int[])[1 + (c.id + k) %% %(nstages)s]",
            "date_received": "d", "company_id": "1", "active": "TRUE",
            "sla_status": "'on_track'", "create_uid": "1", "write_uid": "1", "create_date": "d",
            "write_date": "d", "kanban_state": "'normal'", "access_token": "md5('fb' || c.id || k)",
        }
        _insert_generated(cr, "customer_feedback", columns, values, """
            FROM (SELECT c.*, k, now() - random() * interval '400 days' AS d
                  FROM bench_company c, LATERAL generate_series(1, 1 + (c.id %% 3)) k
                  WHERE c.id %% 4 = 0) c
        """, {"stages": stages or [None], "nstages": max(1, len(stages))})
        counts["feedback"] = cr.rowcount
        if "is_closed" in columns:
            cr.execute("UPDATE customer_feedback f SET is_closed = s.is_closed "
                       "FROM customer_feedback_stage s WHERE s.id = f.stage_id")
        _after_sql_insert(env, "customer.feedback")
    cr.execute("ANALYZE")
    counts["seconds"] = round(time.time() - start, 1)
    _log("our data: %s", counts)
    return counts


def _insert_generated(cr, table, columns, values, from_clause, params=None):
    """INSERT the known columns that exist; fail clearly on a required column we do not know."""
    cr.execute("""
        SELECT column_name FROM information_schema.columns
        WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL
    """, (table,))
    unknown = [c for (c,) in cr.fetchall() if c not in values and c != "id"]
    if unknown:
        raise RuntimeError("the generator does not know the required columns %s of %s"
                           % (unknown, table))
    names = [name for name in values if name in columns]
    cr.execute("INSERT INTO %s (%s) SELECT %s %s" % (  # noqa: S608 (our own column names)
        table, ", ".join(names), ", ".join(values[n] for n in names), from_clause),
        params or {"unused": 0})


def _after_sql_insert(env, model_name):
    """Let the ORM recompute what depends on rows inserted by SQL (stored computed fields)."""
    if model_name not in env:
        return
    records = env[model_name].with_context(active_test=False).search([])
    for start_at in range(0, len(records), 20000):
        batch = records[start_at:start_at + 20000]
        batch.modified([name for name, field in batch._fields.items() if field.store])
        env[model_name].recompute()
    records.invalidate_cache()
