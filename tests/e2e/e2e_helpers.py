"""Drive Odoo 11's web client in Debian's headless Chromium, and prepare data over XML-RPC.

`WebUI` waits for what the user would wait for (elements, the end of RPCs), never for a fixed
time. `Admin` creates the users and customers a scenario needs through XML-RPC.
"""
import os
import re

from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException, StaleElementReferenceException, TimeoutException, WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The first page of a fresh database compiles the assets with lessc: be patient once.
FIRST_LOAD_TIMEOUT = 240
TIMEOUT = 60
CUSTOMERS_APP = "customer_mgmt.customer_mgmt_menu_root"

# True once no RPC runs (the loading indicator puts .oe_wait on the web client; the
# longpolling bus runs "shadow" RPCs that do not count), nothing blocks the screen and no
# jQuery animation (dialog, dropdown) is under way.
IDLE_JS = """
return document.readyState === 'complete'
    && !document.querySelector('.oe_wait, .blockUI')
    && !(window.jQuery && jQuery(':animated').length > 0);
"""


def new_chromium():
    """Headless Debian Chromium through chromedriver (no browser download)."""
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1366,900", "--lang=en-US",
                "--force-device-scale-factor=1"):
        options.add_argument(arg)
    service = Service(os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(FIRST_LOAD_TIMEOUT)
    return driver


def normalize(text):
    """Collapse whitespace, as the browser renders it."""
    return re.sub(r"\s+", " ", text or "").strip()


def po_translations(addon, lang="zh_CN"):
    """msgid -> msgstr of an addon's .po file (ours or Odoo's): what users of that language read."""
    path = os.path.join(ROOT, "addons", addon, "i18n", "%s.po" % lang)
    if not os.path.exists(path):
        import odoo.modules.module
        path = os.path.join(odoo.modules.module.get_module_path(addon), "i18n", "%s.po" % lang)
    entries, key, current = {}, None, {}
    with open(path, encoding="utf-8") as po:
        for line in po:
            line = line.strip()
            if line.startswith("msgid "):
                if current.get("msgid") and current.get("msgstr"):
                    entries[current["msgid"]] = current["msgstr"]
                current, key = {"msgid": "", "msgstr": ""}, "msgid"
                line = line[len("msgid "):]
            elif line.startswith("msgstr "):
                key = "msgstr"
                line = line[len("msgstr "):]
            elif not line.startswith('"'):
                continue
            if key and line.startswith('"'):
                current[key] += _unquote(line)
    if current.get("msgid") and current.get("msgstr"):
        entries[current["msgid"]] = current["msgstr"]
    return entries


def matches(template, text, *values):
    """Whether text shows a translated message: its fixed parts in order, and the values."""
    parts = re.split(r"%(?:\([a-z_]+\))?[sd]", normalize(template))
    pattern = ".*?".join(re.escape(part.strip()) for part in parts)
    text = normalize(text)
    return bool(re.search(pattern, text)) and all(str(value) in text for value in values)


def _unquote(quoted):
    return quoted[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


class Admin(object):
    """XML-RPC as an administrator: users, customers, settings."""

    def __init__(self, server, login, password):
        self.server = server
        self.password = password
        self.uid = server.login(login, password)
        assert self.uid, "%s cannot log in over XML-RPC" % login

    def call(self, model, method, *args, **kwargs):
        return self.server.execute(self.uid, self.password, model, method, *args, **kwargs)

    def as_user(self, user, model, method, *args, **kwargs):
        """Call as another user (a dict made by create_user)."""
        return self.server.execute(user["id"], user["password"], model, method, *args, **kwargs)

    def ref(self, xmlid):
        return self.call("ir.model.data", "xmlid_to_res_id", xmlid, True)

    def read_one(self, model, record_id, fields, **kwargs):
        return self.call(model, "read", [record_id], fields, **kwargs)[0]

    def label(self, model, field, lang):
        """A field's label in a language, as forms and messages show it."""
        return self.call(model, "fields_get", [field], ["string"],
                         context={"lang": lang})[field]["string"]

    def ensure_language(self, code):
        """Install a language with the translations of every installed module."""
        if self.call("res.lang", "search", [("code", "=", code), ("active", "=", True)]):
            return
        wizard = self.call("base.language.install", "create", {"lang": code})
        self.call("base.language.install", "lang_install", [wizard])

    def create_user(self, login, name, group_xmlids, lang="en_US", password=None, **values):
        """A user with a password, in exactly these groups (and the implied ones)."""
        password = password or "%s-pw" % login
        vals = {
            "name": name,
            "login": login,
            "password": password,
            "email": login if "@" in login else "%s@example.com" % login,
            "lang": lang,
            "tz": "Asia/Shanghai",
            "groups_id": [(6, 0, [self.ref(x) for x in group_xmlids])],
        }
        vals.update(values)
        user_id = self.call("res.users", "create", vals, context={"no_reset_password": True})
        partner_id = self.read_one("res.users", user_id, ["partner_id"])["partner_id"][0]
        return {"id": user_id, "login": login, "password": password, "name": name,
                "partner_id": partner_id}

    def create_customer(self, name, **values):
        vals = {"name": name, "is_company": True, "customer": True}
        vals.update(values)
        return self.call("res.partner", "create", vals)

    def get_param(self, key, default=False):
        return self.call("ir.config_parameter", "get_param", key, default)

    def set_param(self, key, value):
        return self.call("ir.config_parameter", "set_param", key, value)


class WebUI(object):
    """A user in the web client: log in, open menus, fill forms, read dialogs."""

    def __init__(self, driver, url, artifacts, scenario):
        self.driver = driver
        self.url = url
        self.artifacts = artifacts
        self.scenario = scenario

    # ------------------------------------------------------------- waiting

    def wait(self, timeout=TIMEOUT):
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1, ignored_exceptions=(
            StaleElementReferenceException,))

    def wait_idle(self, timeout=TIMEOUT):
        """Wait until the web client has no RPC running and nothing blocks the screen."""
        self.wait(timeout).until(lambda d: d.execute_script(IDLE_JS),
                                 "the web client stayed busy")

    def visible(self, css, timeout=TIMEOUT):
        return self.wait(timeout).until(
            ec.visibility_of_element_located((By.CSS_SELECTOR, css)),
            "nothing visible matches %s" % css)

    def all_visible(self, css):
        return [el for el in self.driver.find_elements(By.CSS_SELECTOR, css) if el.is_displayed()]

    def gone(self, css, timeout=TIMEOUT):
        self.wait(timeout).until(
            ec.invisibility_of_element_located((By.CSS_SELECTOR, css)),
            "%s is still visible" % css)

    def text_in(self, css, text, timeout=TIMEOUT):
        self.wait(timeout).until(
            lambda d: any(text in normalize(el.text) for el in self.all_visible(css)),
            "%r never appeared in %s" % (text, css))

    def click(self, css, within=None):
        """Click the visible element (through JS when something overlaps it)."""
        self.wait_idle()
        if within is not None:
            element = next(el for el in within.find_elements(By.CSS_SELECTOR, css)
                           if el.is_displayed())
        else:
            element = self.wait().until(
                ec.element_to_be_clickable((By.CSS_SELECTOR, css)), "cannot click %s" % css)
        try:
            element.click()
        except WebDriverException:
            self.driver.execute_script("arguments[0].click();", element)
        return element

    # ------------------------------------------------------------ session

    def login(self, login, password, backend=True):
        """Log in through the login page, as a person would; wait for the web client (or, for
        portal users, for the page the login leads to).

        The previous user's session is ended on the server first, and the web client must show
        this user: deleting the cookie alone sometimes left the previous user logged in (the
        old page's requests brought the session back), and the scenario ran as them.
        """
        for _attempt in range(2):
            self._login_once(login, password, backend)
            if not backend or self._session_login() == login:
                return
        raise AssertionError("logged in as %r instead of %r" % (self._session_login(), login))

    def _session_login(self):
        return self.driver.execute_script(
            "return (window.odoo && odoo.session_info && odoo.session_info.username) || null;")

    def _login_once(self, login, password, backend):
        self.driver.get(self.url + "/web/session/logout?redirect=/web/login")
        self.driver.delete_all_cookies()
        self.driver.get(self.url + "/web/login")
        field = self.visible("input[name=login]", FIRST_LOAD_TIMEOUT)
        field.clear()
        field.send_keys(login)
        password_field = self.driver.find_element(By.NAME, "password")
        password_field.clear()
        password_field.send_keys(password)
        self.driver.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
        if not backend:
            self.wait(FIRST_LOAD_TIMEOUT).until(
                lambda d: "/web/login" not in d.current_url, "the login was refused")
            return
        self.visible("#oe_main_menu_navbar", FIRST_LOAD_TIMEOUT)
        self.wait_idle(FIRST_LOAD_TIMEOUT)

    def goto(self, fragment):
        """Open a web client URL such as '#id=3&model=res.partner&view_type=form'."""
        self.driver.get(self.url + "/web" + fragment)
        self.visible("#oe_main_menu_navbar", FIRST_LOAD_TIMEOUT)
        self.wait_idle()

    def open_menu(self, *xmlids):
        """Click menus in order (app, then sub-menus), as the navbar and sidebar offer them."""
        for xmlid in xmlids:
            css = "a[data-menu-xmlid='%s']" % xmlid
            self.wait_idle()
            link = self.wait().until(
                ec.presence_of_element_located((By.CSS_SELECTOR, css)), "no menu %s" % xmlid)
            self.driver.execute_script("arguments[0].click();", link)
        self.wait_idle()
        self.visible(".o_view_manager_content > div, .o_content > div")
        self.wait_idle()

    def open_customers(self, xmlid):
        """Open the Customers app, then one of its menus."""
        self.open_menu(CUSTOMERS_APP, xmlid)

    def switch_view(self, view_type):
        """Click the view switcher button (list, kanban, pivot, graph...)."""
        self.click(".o_cp_switch_%s" % view_type)
        self.visible(".o_cp_switch_%s.active" % view_type)
        self.wait_idle()

    def breadcrumb(self, index=0):
        self.click(".breadcrumb li:nth-child(%d) a" % (index + 1))
        self.wait_idle()

    # ------------------------------------------------------------- search

    def search(self, text):
        """Type in the search box and press Enter (searches the first field)."""
        self.clear_search()
        box = self.visible(".o_searchview_input")
        box.send_keys(text)
        self.wait_idle()
        box.send_keys(Keys.ENTER)
        self.wait_idle()

    def clear_search(self):
        for facet_remove in self.all_visible(".o_searchview_facet .o_facet_remove"):
            facet_remove.click()
            self.wait_idle()

    def list_rows(self):
        return [normalize(row.text) for row in self.all_visible(".o_list_view .o_data_row")]

    def row(self, text):
        """The visible list row showing text."""
        self.wait().until(lambda d: any(text in normalize(r.text) for r in self.all_visible(
            ".o_list_view .o_data_row")), "no row shows %r" % text)
        return next(r for r in self.all_visible(".o_list_view .o_data_row")
                    if text in normalize(r.text))

    def open_card(self, text):
        """Open the kanban card showing text."""
        self.wait().until(lambda d: any(text in normalize(c.text) for c in self.all_visible(
            ".o_kanban_record")), "no card shows %r" % text)
        card = next(c for c in self.all_visible(".o_kanban_record") if text in normalize(c.text))
        card.click()
        self.visible(".o_form_view")
        self.wait_idle()

    def kanban_column(self, title):
        """The kanban column (group) whose title is title."""
        for column in self.all_visible(".o_kanban_group"):
            titles = column.find_elements(By.CSS_SELECTOR, ".o_column_title")
            if titles and normalize(titles[0].text) == title:
                return column
        raise AssertionError("no kanban column %r" % title)

    def drag_card(self, text, column_title):
        """Drag the card showing text into another column, with the mouse, as a user does."""
        self.wait_idle()
        card = next(c for c in self.all_visible(".o_kanban_record") if text in normalize(c.text))
        target = self.kanban_column(column_title)
        actions = ActionChains(self.driver)
        actions.click_and_hold(card).move_by_offset(5, 5)
        # jQuery UI's sortable follows the mouse: a few steps, then drop inside the column.
        actions.move_to_element(target).move_by_offset(0, 10).move_by_offset(0, 10)
        actions.release().perform()
        self.wait_idle()
        self.wait().until(lambda d: text in normalize(self.kanban_column(column_title).text),
                          "the card did not land in %r" % column_title)

    def open_row(self, text):
        """Open the list row showing text."""
        for row in self.all_visible(".o_list_view .o_data_row"):
            if text in normalize(row.text):
                row.find_element(By.CSS_SELECTOR, "td.o_data_cell").click()
                self.visible(".o_form_view")
                self.wait_idle()
                return
        raise AssertionError("no row shows %r: %r" % (text, self.list_rows()))

    # --------------------------------------------------------------- forms

    def field(self, name, root=None):
        """The input (or select/textarea) of a form field, in a dialog when one is open."""
        root = root or self._form_root()
        css = ("input[name='{0}'], textarea[name='{0}'], select[name='{0}'], "
               ".o_field_widget[name='{0}'] input, .o_field_widget[name='{0}'] textarea, "
               ".o_field_widget[name='{0}'] select, select.o_field_widget[name='{0}'], "
               "input.o_field_widget[name='{0}'], textarea.o_field_widget[name='{0}']").format(name)
        self.wait().until(lambda d: [el for el in root.find_elements(By.CSS_SELECTOR, css)
                                     if el.is_displayed()], "no editable field %s" % name)
        return next(el for el in root.find_elements(By.CSS_SELECTOR, css) if el.is_displayed())

    def _form_root(self):
        dialogs = self.all_visible(".modal-dialog .o_form_view")
        return dialogs[-1] if dialogs else self.driver

    def field_text(self, name):
        """What a form field displays (read-only mode), in the open dialog if any."""
        css = ".o_form_view .o_field_widget[name='%s']" % name
        if self.all_visible(".modal-dialog"):
            css = ".modal-dialog " + css
        element = self.visible(css)
        return normalize(element.text or element.get_attribute("value"))

    def set(self, name, value, root=None):
        """Type a value into a char/text field, then leave it (fires the onchange)."""
        element = self.field(name, root)
        element.clear()
        element.send_keys(value)
        element.send_keys(Keys.TAB)
        self.wait_idle()

    def selected(self, name, root=None):
        return normalize(Select(self.field(name, root)).first_selected_option.text)

    def select(self, name, label, root=None):
        Select(self.field(name, root)).select_by_visible_text(label)
        self.wait_idle()

    def set_many2one(self, name, text, pick=None, root=None):
        """Type in a many2one and pick the suggestion showing `pick` (default: text)."""
        element = self.field(name, root)
        element.clear()
        element.send_keys(text)
        pick = pick or text
        xpath = ("//ul[contains(@class,'ui-autocomplete')]//li/a[contains(normalize-space(.), %s)]"
                 % _xpath_literal(pick))
        option = self.wait().until(ec.element_to_be_clickable((By.XPATH, xpath)),
                                   "no suggestion %r for %s" % (pick, name))
        option.click()
        self.wait_idle()

    def action_menu_entry(self, label, action_label, reselect):
        """The entry ``label`` of the list's Action menu (``action_label``), as a person opens
        it. The list may be drawn again after a selection: ``reselect()`` ticks the rows again
        until the menu shows the entry; the menu is opened only when closed (a second click
        would close the one still being drawn)."""
        def entry(_driver):
            links = [a for a in self.all_visible(".o_cp_sidebar .dropdown-menu a")
                     if normalize(a.text) == label]
            if links:
                return links[0]
            togglers = [b for b in self.all_visible(".o_cp_sidebar .o_dropdown_toggler_btn")
                        if normalize(b.text) == action_label]
            if not togglers:
                reselect()
            elif togglers[0].get_attribute("aria-expanded") != "true":
                togglers[0].click()
            return False

        return self.wait().until(entry, "the Action menu offers no %r" % label)

    def statusbar(self, label):
        """Click a stage of the form's status bar (folded stages sit in its drop-down)."""
        xpath = ("//div[contains(@class,'o_statusbar_status')]//*[self::button or self::a]"
                 "[normalize-space(.)=%s]" % _xpath_literal(label))
        self.wait_idle()
        shown = [b for b in self.driver.find_elements(By.XPATH, xpath) if b.is_displayed()]
        if not shown:
            self.click(".o_statusbar_status .dropdown-toggle")
            shown = self.wait().until(lambda d: [
                b for b in d.find_elements(By.XPATH, xpath) if b.is_displayed()],
                "no stage %r in the status bar" % label)
        shown[0].click()
        self.wait_idle()

    def tab(self, label):
        """Open a notebook page of the form by its title."""
        xpath = ("//ul[contains(@class,'nav-tabs')]//a[normalize-space(.)=%s]"
                 % _xpath_literal(label))
        self.wait().until(ec.element_to_be_clickable((By.XPATH, xpath)),
                          "no tab %r" % label).click()
        self.wait_idle()

    def create(self):
        """The Create button of the current list, kanban or form view."""
        self.click(".o_list_button_add, .o-kanban-button-new, .o_form_button_create")
        self.visible(".o_form_view.o_form_editable")
        self.wait_idle()

    def edit(self):
        self.click(".o_form_button_edit")
        self.visible(".o_form_view.o_form_editable")
        self.wait_idle()

    def save(self):
        """Click Save; return the warning dialog text if the server refused, else None."""
        self.click(".o_form_button_save")
        self.wait().until(lambda d: self.all_visible(".modal-dialog .o_dialog_warning")
                          or self.all_visible(".o_form_view.o_form_readonly"),
                          "neither saved nor refused")
        self.wait_idle()
        dialogs = self.all_visible(".modal-dialog")
        return normalize(dialogs[-1].text) if dialogs else None

    def discard(self):
        self.click(".o_form_button_cancel")
        self.wait_idle()
        # Odoo asks to confirm when the record was changed.
        if self.all_visible(".modal-dialog .modal-footer .btn-primary"):
            self.click(".modal-dialog .modal-footer .btn-primary")
            self.wait_idle()

    def button(self, label, root=None):
        """Click the visible button showing label (its text or title) in the form or dialog.

        Odoo 11 renders object buttons without their method name, so users and tests find
        them by what they read. Stat buttons hidden under "More" are revealed first.
        """
        if root is None:
            dialogs = self.all_visible(".modal-dialog")
            root = dialogs[-1] if dialogs else self.driver
        xpath = (".//button[normalize-space(.)=%s or @title=%s or .//*[normalize-space(.)=%s]]"
                 % ((_xpath_literal(label),) * 3))

        def find(_driver):
            candidates = root.find_elements(By.XPATH, xpath)
            shown = [b for b in candidates if b.is_displayed()]
            if not shown and candidates:
                for more in root.find_elements(By.CSS_SELECTOR, ".o_button_more"):
                    if more.is_displayed():
                        more.click()
            return shown

        buttons = self.wait().until(find, "no button %r" % label)
        self.wait_idle()
        buttons[0].click()
        self.wait_idle()

    def scroll_to(self, css, text=None):
        """Bring the (first visible) element showing text into view, e.g. for a screenshot."""
        for element in self.all_visible(css):
            if text is None or text in normalize(element.text):
                self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});",
                                           element)
                return element
        raise AssertionError("nothing in %s shows %r" % (css, text))

    def page_text(self):
        return normalize(self.driver.find_element(By.TAG_NAME, "body").text)

    def chatter_text(self):
        return normalize(self.visible(".o_mail_thread, .o_chatter").text)

    # -------------------------------------------------------------- dialogs

    def dialog_text(self, timeout=TIMEOUT):
        """Wait for a dialog (warning, error, wizard) and return its text, title included."""
        self.visible(".modal-dialog", timeout)
        self.wait_idle()
        return normalize(self.all_visible(".modal-dialog")[-1].text)

    def close_dialog(self):
        """Close the top dialog with its primary button (Ok / Close)."""
        dialog = self.all_visible(".modal-dialog")[-1]
        buttons = [b for b in dialog.find_elements(
            By.CSS_SELECTOR, ".modal-footer .btn-primary, .modal-footer .btn") if b.is_displayed()]
        if buttons:
            buttons[0].click()
        else:
            dialog.find_element(By.CSS_SELECTOR, ".modal-header .close").click()
        self.wait().until(lambda d: dialog not in self.all_visible(".modal-dialog"),
                          "the dialog stays open")
        self.wait_idle()

    def close_dialogs_quietly(self):
        try:
            for _dialog in range(3):
                if not self.all_visible(".modal-dialog"):
                    return
                self.close_dialog()
        except (TimeoutException, WebDriverException, NoSuchElementException):
            pass

    # ------------------------------------------------------------ evidence

    def screenshot(self, step):
        """Save a PNG of the whole window as artifacts/e2e/<scenario>_<step>.png."""
        path = os.path.join(self.artifacts, "%s_%s.png" % (self.scenario, step))
        try:
            self.wait_idle(20)
        except TimeoutException:
            pass
        self.driver.save_screenshot(path)
        return path

    def dump(self, step):
        """Save the page source, to see the real DOM of a failure."""
        path = os.path.join(self.artifacts, "%s_%s.html" % (self.scenario, step))
        with open(path, "w", encoding="utf-8") as html:
            html.write(self.driver.page_source)
        return path


def _xpath_literal(text):
    if "'" not in text:
        return "'%s'" % text
    if '"' not in text:
        return '"%s"' % text
    return "concat('%s')" % "', \"'\", '".join(text.split("'"))

