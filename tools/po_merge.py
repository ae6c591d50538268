"""Keep known translations in an exported .po, blank the ones Odoo filled with the source.

Usage: po_merge.py NEW_PO OLD_PO   (rewrites NEW_PO, prints the count left untranslated)
Works on the text so that Odoo's "#: model:..." references stay exactly as exported.
"""
import ast
import re
import sys

ENTRY = re.compile(r'^(?P<head>.*?)^msgid (?P<id>"(?:.*)"\n(?:".*"\n)*)msgstr (?P<str>"(?:.*)"\n(?:".*"\n)*)',
                   re.M | re.S)


CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def _unquote(block):
    return "".join(ast.literal_eval(line) for line in block.strip().splitlines())


def _quote(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"%s"\n' % escaped


def read(path):
    """Return {msgid: msgstr} of a .po file's translated entries."""
    try:
        text = open(path, encoding="utf-8").read()
    except (IOError, OSError):
        return {}
    result = {}
    for block in text.split("\n\n"):
        match = ENTRY.search(block + "\n")
        if match:
            msgid, msgstr = _unquote(match.group("id")), _unquote(match.group("str"))
            # An entry equal to its source in a committed .po was kept on purpose
            # (technical names, Chinese source text): po_merge blanks Odoo's own copies.
            if msgid and msgstr:
                result[msgid] = msgstr
    return result


def merge(new_path, old_path):
    old = read(old_path)
    blocks = open(new_path, encoding="utf-8").read().rstrip("\n").split("\n\n")
    untranslated = 0
    out = []
    for block in blocks:
        match = ENTRY.search(block + "\n")
        if not match or not _unquote(match.group("id")):
            out.append(block)
            continue
        msgid, msgstr = _unquote(match.group("id")), _unquote(match.group("str"))
        if msgid in old:
            msgstr = old[msgid]
        elif msgstr == msgid and not CJK.search(msgid):
            # Odoo's placeholder for "no translation"; text already in Chinese stays.
            msgstr = ""
        if not msgstr:
            untranslated += 1
        out.append(match.group("head") + "msgid " + match.group("id") + "msgstr " + _quote(msgstr).rstrip("\n"))
    with open(new_path, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(out) + "\n")
    return untranslated


if __name__ == "__main__":
    print(merge(sys.argv[1], sys.argv[2]))
