#!/usr/bin/env python3
"""What an Odoo 11 server connected to a PostgreSQL hot standby can still do.

    replica_check.py URL DB UID LOGIN PASSWORD

Start Odoo on the standby first (``bin/odoo -c odoo.conf --db_port=<standby port> -d DB
--http-port=8091 --max-cron-threads=0``). Each line says OK or FAIL and why, from outside
over XML-RPC and the web client's own routes (docs/deployment.md, "Reports on a replica").
"""
import http.cookiejar
import json
import sys
import time
import urllib.request
import xmlrpc.client


def main(url, db, uid, login, password):
    uid = int(uid)
    common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common")
    models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def call(model, method, *args, **kwargs):
        return models.execute_kw(db, uid, password, model, method, list(args), kwargs)

    def attempt(label, func):
        start = time.perf_counter()
        try:
            result = func()
        except Exception as error:  # each failure is the finding, reported and not raised
            lines = [line.strip() for line in str(error).replace("\\n", "\n").splitlines()
                     if "rror" in line] or [str(error)]
            print("FAIL %-48s %s" % (label, lines[-1][-160:]))
            return
        print("OK   %-48s %6.0f ms  %s" % (label, (time.perf_counter() - start) * 1000,
                                           str(result)[:60]))

    def json_call(path, params):
        body = json.dumps({"jsonrpc": "2.0", "params": params}).encode()
        request = urllib.request.Request(url + path, body, {"Content-Type": "application/json"})
        reply = json.loads(opener.open(request).read().decode())
        if reply.get("error"):
            raise RuntimeError(reply["error"]["data"]["message"])
        return reply["result"]

    customers = [("customer", "=", True), ("parent_id", "=", False)]
    attempt("XML-RPC authenticate (log in)", lambda: common.authenticate(db, login, password, {}))
    attempt("XML-RPC search_read of customers", lambda: len(call(
        "res.partner", "search_read", customers, fields=["display_name", "phone"], limit=80)))
    attempt("XML-RPC search_count", lambda: call("res.partner", "search_count", customers))
    attempt("XML-RPC read_group region x tier (pivot)", lambda: len(call(
        "res.partner", "read_group", customers, ["region_id", "tier_id"],
        ["region_id", "tier_id"], lazy=False)))
    attempt("XML-RPC name_search", lambda: len(call("res.partner", "name_search", "a", limit=8)))
    attempt("XML-RPC export_data (audited export)", lambda: len(call(
        "res.partner", "export_data", call("res.partner", "search", customers, limit=5),
        ["display_name"])["datas"]))
    attempt("XML-RPC write of a phone", lambda: call(
        "res.partner", "write", call("res.partner", "search", customers, limit=1),
        {"phone": "+86 21 6888 1234"}))
    attempt("web client log in (/web/session/authenticate)", lambda: json_call(
        "/web/session/authenticate", {"db": db, "login": login, "password": password})["uid"])
    attempt("web client page (/web)", lambda: len(opener.open(url + "/web").read()))
    attempt("log-in page (/web/login)", lambda: opener.open(url + "/web/login").status)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
