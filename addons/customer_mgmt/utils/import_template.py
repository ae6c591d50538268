"""The customer entry template (录入模板): an XLSX that Odoo's own import maps with no manual step.

The first sheet's header row holds, for each customer column, the field label in the language of
the user who downloads it: exactly the label the Import screen (base_import) matches headers
against, so every column maps automatically. Each header cell carries a note with the label in
Chinese and in English and the expected format; a second sheet (说明 / Instructions) lists every
column in both languages. The file is built on request from the fields as they are now, so it
never needs regenerating by hand when fields or their translations change.
"""
import io

import xlsxwriter

from odoo import _
from odoo.exceptions import AccessError

MANAGER_GROUP = "customer_mgmt.group_customer_manager"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHINESE = "zh_CN"
ENGLISH = "en_US"

# Customer columns, in sheet order: field, required in the template, format notes (中文, English).
COLUMNS = [
    ("name", True,
     "完整法定名称（公司不要填简称）；导入时自动去除多余空格、全角转半角、统一括号。",
     "Full legal name (no abbreviation for companies); spaces, full-width characters "
     "and brackets are normalized on import."),
    ("short_name", False, "简称，例如“明辉贸易”。", "Usual abbreviation, e.g. \"Minghui Trading\"."),
    ("is_company", True, "公司填“是”，个人填“否”（也可填 1 / 0 或 yes / no）。",
     "yes for a company, no for an individual (or 1 / 0, 是 / 否)."),
    ("customer_kind", False, "客户类型：企业、个人、政府、事业单位、其他（填名称或代码）。",
     "Enterprise, Individual, Government, Public Institution or Other."),
    ("customer_source", False, "客户来源：转介绍、展会、网站、电话开发、广告、渠道伙伴、其他。",
     "Referral, Exhibition, Website, Cold Call, Advertising, Partner Channel or Other."),
    ("registration_number", False,
     "中国企业填 18 位统一社会信用代码（USCC），按国家校验，同一代码不能重复。",
     "China: the 18-character Unified Social Credit Code (USCC); checked for the country, "
     "must be unique."),
    ("phone", False, "建议带国家代码，如 +86 21 6288 0000；不带时按本行国家解析，无效号码会被拒绝。",
     "Preferably with the country code, e.g. +86 21 6288 0000; otherwise read in the row's "
     "country. Invalid numbers are refused."),
    ("mobile", False, "手机，如 +86 138 0013 8000。", "Mobile, e.g. +86 138 0013 8000."),
    ("email", False, "有效的电子邮箱地址。", "A valid e-mail address."),
    ("website", False, "网址。", "Web site address."),
    ("street", False, "街道地址。", "Street address."),
    ("city", False, "城市。", "City."),
    ("state_id", False, "省/直辖市名称，如“上海市”“浙江省”（须与系统中的名称一致）。",
     "Province or state as named in Odoo, e.g. \"上海市\", \"浙江省\"."),
    ("zip", False, "邮编。", "Postal code."),
    ("country_id", False, "国家名称（中国 / China）或两位代码（CN）。电话按此国家解析。",
     "Country name (China / 中国) or its 2-letter code (CN); phones are read in this country."),
    ("industry_id", False, "行业名称，须为系统中已有的行业。", "An existing industry, by name."),
    ("tier_id", False, "客户层级名称，如 战略 / 重点 / 普通 / 潜在。",
     "An existing tier, by name, e.g. Strategic (VIP), Key, Normal, Potential."),
    ("employee_count", False, "员工人数（整数）；规模自动计算。",
     "Number of employees (whole number); the size class is derived from it."),
    ("registered_capital", False, "注册资本（数字，公司币种）。",
     "Registered capital (number, in the company's currency)."),
    ("annual_revenue", False, "年营业额（数字，公司币种）。",
     "Annual revenue (number, in the company's currency)."),
    ("user_id", False, "负责销售：系统用户的姓名或登录名。",
     "Salesperson: the user's name or login."),
    ("team_id", False, "销售团队名称。", "Sales team, by name."),
    ("category_id", False, "标签：已有标签名称，多个用英文逗号分隔。",
     "Tags: existing tag names, separated by commas."),
    ("comment", False, "备注。", "Internal notes."),
]

# Example rows: values per column, in the language of the file (CHINESE or ENGLISH).
# Values that name records (country, industry, tier, salesperson, team) are filled in
# from the database when the file is built.
EXAMPLES = [
    {
        "name": {CHINESE: "上海明辉贸易有限公司", ENGLISH: "上海明辉贸易有限公司"},
        "short_name": {CHINESE: "明辉贸易", ENGLISH: "明辉贸易"},
        "is_company": {CHINESE: "是", ENGLISH: "yes"},
        "customer_kind": "enterprise",
        "customer_source": "exhibition",
        "registration_number": "91310000MA1FL0X0BD",
        "phone": "021 6288 0000",
        "mobile": "138 0013 8000",
        "email": "info@minghui-trade.cn",
        "website": "www.minghui-trade.cn",
        "street": "浦东新区世纪大道100号",
        "city": "上海",
        "state_id": "customer_mgmt.state_cn_sh",
        "zip": "200120",
        "country_id": "base.cn",
        "industry_id": "base.res_partner_industry_G",
        "tier_id": "customer_mgmt.customer_tier_key",
        "employee_count": 120,
        "registered_capital": 5000000,
        "annual_revenue": 80000000,
        "user_id": True,
        "team_id": True,
        "comment": {CHINESE: "示例行：导入前请删除。", ENGLISH: "Example row: delete it before importing."},
    },
    {
        "name": {CHINESE: "Berlin Precision Tools GmbH", ENGLISH: "Berlin Precision Tools GmbH"},
        "short_name": {CHINESE: "Berlin Tools", ENGLISH: "Berlin Tools"},
        "is_company": {CHINESE: "是", ENGLISH: "yes"},
        "customer_kind": "enterprise",
        "customer_source": "website",
        "registration_number": "HRB 123456",
        "phone": "+49 30 901820",
        "email": "sales@berlin-tools.de",
        "street": "Friedrichstraße 10",
        "city": "Berlin",
        "zip": "10117",
        "country_id": "base.de",
        "industry_id": "base.res_partner_industry_C",
        "tier_id": "customer_mgmt.customer_tier_normal",
        "employee_count": 45,
        "user_id": True,
        "comment": {CHINESE: "示例行：导入前请删除。", ENGLISH: "Example row: delete it before importing."},
    },
    {
        "name": {CHINESE: "张伟", ENGLISH: "Zhang Wei"},
        "is_company": {CHINESE: "否", ENGLISH: "no"},
        "customer_kind": "individual",
        "customer_source": "referral",
        "mobile": "139 1234 5678",
        "email": "zhang.wei@example.com",
        "city": "杭州",
        "state_id": "customer_mgmt.state_cn_zj",
        "country_id": "base.cn",
        "tier_id": "customer_mgmt.customer_tier_potential",
        "user_id": True,
        "comment": {CHINESE: "示例行：导入前请删除。", ENGLISH: "Example row: delete it before importing."},
    },
]


def check_template_access(env):
    """Only those who may import customers (managers, data administrators) get the template."""
    if not env.user.has_group(MANAGER_GROUP):
        raise AccessError(_(
            "Only customer managers and data administrators may download the customer "
            "import template, because only they may import customers."))


def template_language(env):
    """Chinese file for Chinese users, English file for everyone else."""
    return CHINESE if (env.lang or "").startswith("zh") else ENGLISH


def template_filename(env):
    """Download name of the template, with its language."""
    return "customer_import_template_%s.xlsx" % template_language(env)


def _installed_lang(env, code):
    return bool(env["res.lang"].sudo().search([("code", "=", code)], limit=1))


def _field_labels(env, lang):
    """Field labels of res.partner in lang, as the Import screen shows them."""
    partner = env["res.partner"].with_context(lang=lang)
    return {name: desc["string"]
            for name, desc in partner.fields_get(attributes=["string"]).items()}


def column_headers(env):
    """The header of each template column: its label in the user's language, when it maps back.

    The Import screen matches a header to a field's technical name first, then to its label,
    the last importable field with that label winning: a label shared with another field
    (e.g. "Country" with the commercial entity's country) would map wrongly, so such a column
    uses its technical name, which maps in every language.
    """
    labels = _field_labels(env, env.lang)
    if "base_import.import" in env.registry:
        importer = env["base_import.import"]
        importable = importer.get_fields("res.partner")

        def maps_to(header):
            return [field["name"] for field in importer._match_header(header, importable, {})]
    else:
        def maps_to(header):
            return [name for name, label in labels.items() if label.lower() == header.lower()]
    headers = []
    for field_name, _required, _zh, _en in COLUMNS:
        label = labels.get(field_name) or field_name
        headers.append(label if maps_to(label) == [field_name] else field_name)
    return headers


def _example_value(env, field_name, value):
    """An example cell as text: labels and record names as the importer reads them."""
    if isinstance(value, dict):
        return value[template_language(env)]
    partner = env["res.partner"]
    field = partner._fields[field_name]
    if field.type == "selection":
        return dict(field._description_selection(env)).get(value, value)
    if field_name == "user_id":
        return env.user.name
    if field_name == "team_id":
        return env.user.sale_team_id.name or ""
    if field.type == "many2one" and isinstance(value, str):
        record = env.ref(value, raise_if_not_found=False)
        return record.sudo().display_name if record else ""
    return value


def example_rows(env):
    """The example rows of the template, in the user's language."""
    return [[_example_value(env, field_name, example[field_name]) if field_name in example else ""
             for field_name, _required, _zh, _en in COLUMNS]
            for example in EXAMPLES]


def build_import_template(env):
    """Return the XLSX template (bytes) for the current user's language."""
    check_template_access(env)
    lang = template_language(env)
    headers = column_headers(env)
    labels_en = _field_labels(env, ENGLISH)
    labels_zh = _field_labels(env, CHINESE) if _installed_lang(env, CHINESE) else labels_en
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    head_required = book.add_format({"bold": True, "bg_color": "#F4CCCC", "border": 1})
    head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    text = book.add_format({"num_format": "@"})
    example = book.add_format({"num_format": "@", "font_color": "#808080", "italic": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True})

    # First sheet: the one the Import screen reads.
    sheet = book.add_worksheet("客户 Customers" if lang == CHINESE else "Customers 客户")
    for col, (field_name, required, note_zh, note_en) in enumerate(COLUMNS):
        sheet.write_string(0, col, headers[col], head_required if required else head)
        sheet.write_comment(0, col, "%s / %s%s\n%s\n%s" % (
            labels_zh.get(field_name, field_name), labels_en.get(field_name, field_name),
            " (必填 required)" if required else "", note_zh, note_en),
            {"x_scale": 2.5, "y_scale": 2})
        sheet.set_column(col, col, max(14, len(headers[col]) + 4), text)
    for row, values in enumerate(example_rows(env), start=1):
        for col, value in enumerate(values):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(row, col, value, example)
            else:
                sheet.write_string(row, col, value or "", example)
    sheet.freeze_panes(1, 1)

    # Second sheet: how to fill in and import, in both languages.
    info = book.add_worksheet("说明 Instructions")
    info.set_column(0, 0, 24)
    info.set_column(1, 2, 22)
    info.set_column(3, 3, 14)
    info.set_column(4, 5, 60, wrap)
    notes = [
        ("客户录入模板 / Customer entry template", bold),
        ("1. 在第一个工作表中每行填写一个客户，并删除灰色示例行；不要修改第一行的列名（系统据此自动匹配字段）。", None),
        ("   Fill in one customer per row on the first sheet and delete the grey example rows; "
         "keep the header row as it is (the Import screen maps columns by it).", None),
        ("2. 打开 客户 > 客户 列表，点击“导入”，上传本文件，保持“第一行包含列名”勾选，先“测试导入”再“导入”。", None),
        ("   Open Customers > Customers, click Import, load this file, keep \"The first row "
         "contains the label of the column\" checked, then Test Import and Import.", None),
        ("3. 每行都按表单的规则校验：名称规范化、电话/手机、邮箱、统一社会信用代码、查重；任何一行被拒绝时"
         "显示原因，整个文件不会保存。", None),
        ("   Every row is checked by the same rules as the form (name normalization, phones, "
         "e-mail, registration number, duplicates); if a row is refused, its reason is shown and "
         "nothing from the file is saved.", None),
        ("4. 客户编号自动生成，不需要填写。只有客户经理和数据管理员可以导入客户。", None),
        ("   Customer codes are given automatically. Only customer managers and data "
         "administrators may import customers.", None),
    ]
    for row, (line, style) in enumerate(notes):
        info.write_string(row, 0, line, style)
    top = len(notes) + 1
    titles = ["列名 Column (header)", "中文名称", "English name", "必填 Required",
              "格式说明", "Format"]
    for col, title in enumerate(titles):
        info.write_string(top, col, title, head)
    for offset, (field_name, required, note_zh, note_en) in enumerate(COLUMNS, start=1):
        values = [headers[offset - 1], labels_zh.get(field_name, field_name),
                  labels_en.get(field_name, field_name), "是 Yes" if required else "否 No",
                  note_zh, note_en]
        for col, value in enumerate(values):
            info.write_string(top + offset, col, value, wrap)
    book.close()
    return output.getvalue()
