"""The comparisons of bin/test-upgrade and bin/test-faults catch what they claim to catch.

Pure Python on hand-made fingerprints and outcomes: each kind of loss the two suites look for
is planted once, and the comparison must name it; equal inputs must compare equal.
"""
import collections
import copy
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "upgrade"))
sys.path.insert(0, os.path.join(HERE, "faults"))

import fingerprint  # noqa: E402
import outcome  # noqa: E402


def _fingerprint():
    return {
        "tables": {
            "res_partner": {"columns": ["id", "name", "ref", "write_date"],
                            "rows": {"1": ["1", "a", "r1", "t"], "2": ["2", "b", "r2", "t"],
                                     "7": ["7", "stage", "s", "t"]}},
            "rel": {"columns": ["a_id", "b_id"], "multiset": ["x", "y"]},
        },
        "owned": {"res_partner": [7]},
        "data": {"res_partner": [7]},
    }


def test_an_unchanged_database_compares_equal():
    before = _fingerprint()
    diff = fingerprint.compare(before, copy.deepcopy(before))
    assert not any(diff.values()), diff


def test_lost_created_dropped_and_changed_are_each_named():
    before = _fingerprint()
    after = copy.deepcopy(before)
    rows = after["tables"]["res_partner"]["rows"]
    del rows["2"]                                   # a customer lost
    rows["9"] = ["9", "c", "r9", "t"]               # a row the upgrade created
    rows["1"][2] = "changed"                        # a code rewritten
    rows["1"][3] = "later"                          # write_date: ignored
    rows["7"][1] = "renamed stage"                  # module data: may be rewritten
    after["tables"]["rel"]["multiset"] = ["x"]      # a relation row lost
    after["tables"]["res_partner"]["columns"].append("new_field")
    for values in rows.values():
        values.append("n")
    diff = fingerprint.compare(before, after)
    assert diff["lost_rows"] == {"res_partner": [2]}
    assert diff["new_rows"] == {"res_partner": [9]}
    assert diff["changed"] == {"res_partner": {"ref": [1]}}
    assert diff["new_columns"] == {"res_partner": ["new_field"]}
    assert diff["multiset"] == {"rel": (2, 1)}


def test_a_dropped_column_is_named():
    before = _fingerprint()
    after = copy.deepcopy(before)
    table = after["tables"]["res_partner"]
    table["columns"].remove("ref")
    for values in table["rows"].values():
        del values[2]
    assert fingerprint.compare(before, after)["dropped_columns"] == {"res_partner": ["ref"]}


def test_rows_created_by_a_data_file_are_not_a_loss_or_a_duplicate():
    before = _fingerprint()
    after = copy.deepcopy(before)
    after["tables"]["res_partner"]["rows"]["12"] = ["12", "new stage", "s2", "t"]
    after["data"]["res_partner"].append(12)
    assert fingerprint.compare(before, after)["new_rows"] == {}


def _outcome():
    return {
        "mail_activity": (["res_id", "summary"], {1: (10, "old")},
                          collections.Counter({(11, "new reminder"): 1})),
        "rel": (["a", "b"], {(1, 2): 1}, collections.Counter()),
    }


def test_equal_outcomes_have_no_difference():
    assert outcome.differences(_outcome(), _outcome()) == []


def test_a_job_run_twice_or_cut_short_is_named():
    doubled = _outcome()
    doubled["mail_activity"][2][(11, "new reminder")] += 1
    assert any("too many" in line for line in outcome.differences(_outcome(), doubled))
    missing = _outcome()
    missing["mail_activity"][2].clear()
    assert any("missing" in line for line in outcome.differences(_outcome(), missing))
    changed = _outcome()
    changed["mail_activity"][1][1] = (10, "other")
    assert any("end differently" in line for line in outcome.differences(_outcome(), changed))
    relation = _outcome()
    relation["rel"][1][(1, 2)] = 2
    assert any("relation rows differ" in line for line in outcome.differences(_outcome(), relation))


def test_random_tokens_do_not_count_as_differences():
    assert outcome.TOKEN.sub("<token>", "/survey/start/abc/8f14e45f-ceea-467f-a1c2-0123456789ab") \
        == outcome.TOKEN.sub("<token>", "/survey/start/abc/0c2d1e3f-aaaa-4bbb-8ccc-ba9876543210")


def test_a_stored_file_is_compared_by_its_row_not_its_folder():
    assert outcome.FILE_NAME.match("74/" + "a" * 40) and outcome.FILE_NAME.match("e7/" + "b" * 40)
    assert not outcome.FILE_NAME.match("Monthly Management Report 2027-03.pdf")
