"""Import a company registry extract (CSV or .xlsx): every row checked, then all of them or none."""
import base64
import csv
import datetime
import io
import re
import unicodedata

import xlrd

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.base_guard import NAME_MAX_LENGTH
from ..utils.access import DATA_ADMIN, allowed_groups
from ..utils.normalize import normalize_name
from ..utils.registration import InvalidRegistration, clean_registration

# Column -> the headers it is recognised by (compared without case, spaces or punctuation).
COLUMN_HEADERS = {
    "uscc": ("uscc", "unified social credit code", "统一社会信用代码", "信用代码", "registration number"),
    "name": ("registered name", "name", "company name", "企业名称", "名称", "公司名称", "登记名称"),
    "former_names": ("former names", "former name", "曾用名"),
    "legal_representative": ("legal representative", "法定代表人", "法人代表", "法人"),
    "registered_capital": ("registered capital", "注册资本"),
    "founding_date": ("founding date", "date of establishment", "成立日期", "成立时间"),
    "status": ("status", "registry status", "登记状态", "经营状态", "企业状态"),
    "address": ("address", "registered address", "地址", "注册地址", "住所"),
    "business_scope": ("business scope", "经营范围"),
    "source": ("source", "来源", "数据来源"),
}
STATUS_VALUES = {
    "active": ("active", "存续", "在业", "在营", "开业", "在册", "存续（在营、开业、在册）"),
    "deregistered": ("deregistered", "注销", "已注销"),
    "revoked": ("revoked", "吊销", "已吊销", "吊销，未注销"),
    "moved_out": ("moved out", "moved_out", "迁出", "已迁出"),
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
CAPITAL_PATTERN = re.compile(
    r"^(?P<amount>\d+(?:\.\d+)?)\s*(?P<unit>万元|万|元)?\s*(?:人民币|CNY|RMB)?(?:元)?$", re.I)
MAX_REPORTED_ROWS = 20


def header_key(text):
    """A header as compared: NFKC, no case, no spaces, underscores or punctuation around it."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    return re.sub(r"[\s_*:()（）]+", " ", text).strip()


HEADER_COLUMNS = {header_key(header): column for column, headers in COLUMN_HEADERS.items()
                  for header in headers}
STATUS_KEYS = {header_key(value): status for status, values in STATUS_VALUES.items()
               for value in values}


class CustomerRegistryImportWizard(models.TransientModel):
    """Upload a registry extract: rows upserted by USCC, or nothing when any row is refused."""

    _name = "customer.registry.import.wizard"
    _description = "Import Company Registry"

    data_file = fields.Binary(string="File", required=True, attachment=False,
                              help="A CSV file (UTF-8) or an Excel .xlsx file, one company a row.")
    filename = fields.Char(string="File Name")
    result = fields.Text(string="Result", readonly=True)

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_import(self):
        """Read, check every row, then create or update the registry records by USCC."""
        self.ensure_one()
        rows = self._read_rows()
        values = self._check_rows(rows)
        created, updated = self._upsert(values)
        self.result = _("%(created)s registry records created, %(updated)s updated.") % {
            "created": created, "updated": updated}
        return {
            "type": "ir.actions.act_window", "name": _("Import Company Registry"),
            "res_model": self._name, "res_id": self.id, "view_mode": "form", "target": "new",
        }

    # ------------------------------------------------------------------ reading

    @api.multi
    def _read_rows(self):
        """[(row number, header, value)] lists of the file: CSV or .xlsx, by name or content."""
        content = base64.b64decode(self.data_file or b"")
        if not content:
            raise UserError(_("The file is empty."))
        name = (self.filename or "").lower()
        if name.endswith((".xlsx", ".xls")) or content[:2] == b"PK":
            table = self._read_xlsx(content)
        else:
            table = self._read_csv(content)
        table = [row for row in table if any(str(cell).strip() for cell in row)]
        if not table:
            raise UserError(_("The file has no header row."))
        header, data = table[0], table[1:]
        columns = []
        for cell in header:
            key = header_key(cell)
            if key and key not in HEADER_COLUMNS:
                raise UserError(_("Column \"%s\" is not a registry column; the columns are: %s.")
                                % (cell, ", ".join(headers[0] for headers in COLUMN_HEADERS.values())))
            columns.append((HEADER_COLUMNS.get(key), str(cell).strip()))
        for required in ("uscc", "name"):
            if required not in [column for column, _label in columns]:
                raise UserError(_("The file has no column \"%s\".") % COLUMN_HEADERS[required][0])
        if not data:
            raise UserError(_("The file has no rows below its header."))
        return [(number, [(column, label, row[index] if index < len(row) else "")
                          for index, (column, label) in enumerate(columns) if column])
                for number, row in enumerate(data, start=2)]

    @api.model
    def _read_csv(self, content):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("gb18030")
            except UnicodeDecodeError:
                raise UserError(_("The file is neither UTF-8 nor GB18030 text, nor an .xlsx file."))
        return list(csv.reader(io.StringIO(text)))

    @api.model
    def _read_xlsx(self, content):
        try:
            book = xlrd.open_workbook(file_contents=content)
        except Exception:
            raise UserError(_("The file cannot be read as an Excel workbook."))
        sheet = book.sheet_by_index(0)
        table = []
        for index in range(sheet.nrows):
            row = []
            for cell in sheet.row(index):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    row.append(datetime.datetime(*xlrd.xldate_as_tuple(
                        cell.value, book.datemode)).date())
                elif cell.ctype == xlrd.XL_CELL_NUMBER and cell.value == int(cell.value):
                    row.append(str(int(cell.value)))
                else:
                    row.append(cell.value)
            table.append(row)
        return table

    # ------------------------------------------------------------------ checking

    @api.model
    def _check_rows(self, rows):
        """The values of each row, or a ValidationError listing every refused cell."""
        errors, values, seen = [], [], {}
        today = fields.Date.from_string(fields.Date.context_today(self))
        for number, cells in rows:
            vals = {}
            for column, label, raw in cells:
                text = raw if isinstance(raw, datetime.date) else str(raw or "").strip()
                try:
                    vals[column] = self._parse_cell(column, text, today)
                except ValueError as problem:
                    errors.append(_("Row %(row)s, column \"%(column)s\": %(problem)s (value \"%(value)s\").") % {
                        "row": number, "column": label, "problem": problem.args[0], "value": raw})
            if vals.get("uscc"):
                if vals["uscc"] in seen:
                    errors.append(_("Row %(row)s, column \"%(column)s\": the USCC is already on row %(other)s (value \"%(value)s\").") % {
                        "row": number, "column": self._label(cells, "uscc"), "other": seen[vals["uscc"]],
                        "value": vals["uscc"]})
                seen.setdefault(vals["uscc"], number)
            values.append(vals)
        if errors:
            shown = errors[:MAX_REPORTED_ROWS]
            if len(errors) > MAX_REPORTED_ROWS:
                shown.append(_("... and %s more.") % (len(errors) - MAX_REPORTED_ROWS))
            raise ValidationError(_("Nothing was imported: %s refused in the file.\n%s") % (
                len(errors), "\n".join(shown)))
        return values

    @staticmethod
    def _label(cells, column):
        return next((label for name, label, _raw in cells if name == column), column)

    @api.model
    def _parse_cell(self, column, text, today):
        """The stored value of one cell, or ValueError with a translated problem."""
        if column == "uscc":
            if not text:
                raise ValueError(_("the USCC is missing"))
            try:
                return clean_registration(text, "CN")
            except InvalidRegistration:
                raise ValueError(_("not a valid Unified Social Credit Code"))
        if column == "name":
            name = normalize_name(text)
            if not name:
                raise ValueError(_("the registered name is missing"))
            if len(name) > NAME_MAX_LENGTH:
                raise ValueError(_("the registered name is longer than %s characters")
                                 % NAME_MAX_LENGTH)
            return name
        if column == "registered_capital":
            if not text:
                return 0.0
            match = CAPITAL_PATTERN.match(unicodedata.normalize("NFKC", text).replace(",", ""))
            if not match:
                raise ValueError(_("not an amount (write 500万元 or 5000000)"))
            amount = float(match.group("amount"))
            return amount * 10000 if (match.group("unit") or "").startswith("万") else amount
        if column == "founding_date":
            if not text:
                return False
            date = text if isinstance(text, datetime.date) else None
            for date_format in DATE_FORMATS if date is None else ():
                try:
                    date = datetime.datetime.strptime(text, date_format).date()
                    break
                except ValueError:
                    continue
            if date is None:
                raise ValueError(_("not a date (write 2020-05-31)"))
            if date > today:
                raise ValueError(_("the founding date is in the future"))
            return fields.Date.to_string(date)
        if column == "status":
            if not text:
                return "active"
            status = STATUS_KEYS.get(header_key(text))
            if not status:
                raise ValueError(_("not a registry status (存续, 在业, 注销, 吊销 or 迁出)"))
            return status
        if column == "former_names":
            return "\n".join(name for name in re.split(r"[\n;；]", text) if name.strip()) or False
        return text or False

    # ------------------------------------------------------------------ saving

    @api.multi
    def _upsert(self, values):
        """Create the new USCCs, update the known ones: (created, updated), in one savepoint."""
        Record = self.env["customer.registry.record"]
        existing = {record.uscc: record for record in Record.search(
            [("uscc", "in", [vals["uscc"] for vals in values])])}
        now = fields.Datetime.now()
        default_source = self.filename or _("File import")
        created = updated = 0
        with self.env.cr.savepoint():
            for vals in values:
                vals = dict(vals, import_date=now)
                vals.setdefault("source", default_source)
                vals["source"] = vals["source"] or default_source
                record = existing.get(vals["uscc"])
                if record:
                    record.write(vals)
                    updated += 1
                else:
                    Record.create(vals)
                    created += 1
        return created, updated
