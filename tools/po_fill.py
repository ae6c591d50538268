"""Fill empty msgstr entries of a .po file from a JSON object {msgid: translation}.

Usage: po_fill.py [--force] PO_FILE TRANSLATIONS.json   (prints the count still untranslated)
--force also replaces existing translations of the given msgids.
"""
import json
import sys

from po_merge import ENTRY, _quote, _unquote


def fill(po_path, translations, force=False):
    blocks = open(po_path, encoding="utf-8").read().rstrip("\n").split("\n\n")
    out, left = [], 0
    for block in blocks:
        match = ENTRY.search(block + "\n")
        msgid = match and _unquote(match.group("id"))
        if not msgid:
            out.append(block)
            continue
        msgstr = _unquote(match.group("str"))
        if force and msgid in translations or not msgstr:
            msgstr = translations.get(msgid, msgstr)
        left += not msgstr
        out.append(match.group("head") + "msgid " + match.group("id") + "msgstr " + _quote(msgstr).rstrip("\n"))
    with open(po_path, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(out) + "\n")
    return left


if __name__ == "__main__":
    args = sys.argv[1:]
    force = args[0] == "--force"
    if force:
        args = args[1:]
    print(fill(args[0], json.load(open(args[1], encoding="utf-8")), force=force))
