"""Smoke run of the benchmarks: the generator and every measurement at a tiny size.

Proves that bin/bench still works (data fills, each figure is measured, the table is written);
it asserts no speed: speed is measured by bin/bench itself (docs/benchmarks.md).
"""
import json
import numbers
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIZE = 300
# A scheduled action still running after this is stopped and reported (its speed is the
# benchmark's business, not this test's).
CRON_TIMEOUT = 60


@pytest.fixture(scope="module")
def bench_result():
    if not os.environ.get("CRM_TEST_DB"):
        pytest.skip("run through bin/test (it sets up PostgreSQL and the virtualenv)")
    env = dict(os.environ, CRM_BENCH_PREFIX="crm_bench_smoke_%d" % os.getpid(),
               CRM_BENCH_CRON_TIMEOUT=str(CRON_TIMEOUT))
    # Our addons are installed in the test database already: bin/bench copies it instead of
    # installing them again (minutes), which needs this process's connections closed.
    import odoo
    odoo.sql_db.close_db(os.environ["CRM_TEST_DB"])
    proc = subprocess.run(
        [os.path.join(ROOT, "bin", "bench"), "--size", str(SIZE), "--runs", "1",
         "--import-rows", "20", "--clients", "2", "--requests", "6",
         "--ours-from", os.environ["CRM_TEST_DB"]],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        universal_newlines=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-4000:]
    with open(os.path.join(ROOT, "artifacts", "bench-%d.json" % SIZE)) as handle:
        result = json.load(handle)
    with open(os.path.join(ROOT, "artifacts", "bench-%d.md" % SIZE)) as handle:
        table = handle.read()
    return result, table, proc.stdout


def test_table_is_printed_and_written(bench_result):
    result, table, output = bench_result
    assert "| figure | ours | plain | floor | ratio | goal | met |" in table
    assert "| figure | ours | plain | floor | ratio | goal | met |" in output
    assert result["size"] == SIZE


def test_every_measurement_gives_numbers(bench_result):
    result, _table, _output = bench_result
    for side in ("ours", "plain"):
        create = result["create"][side]
        for key in ("create_ms", "create_queries", "write_ms", "write_queries"):
            assert isinstance(create[key], numbers.Number) and create[key] > 0, (side, key)
        assert isinstance(result["import"][side]["import_s"], numbers.Number)
        assert result["import"][side]["import_errors"] == 0, side
    for view in ("list", "kanban"):
        for who in ("salesperson", "manager", "plain", "plain_manager"):
            listing = result[view][who]
            assert isinstance(listing["ms"], numbers.Number), (view, who)
            assert listing["rows"] > 0, (view, who)
            assert listing["columns_read"] > 0, (view, who)
    assert isinstance(result["duplicate"]["ms"], numbers.Number)
    for kind, found in result["search"]["ours"].items():
        assert isinstance(found["ms"], numbers.Number) and found["found"], kind
        assert found["plan"], kind
    assert len(result["search"]["ours"]) == 6
    assert result["search"]["plain"]["name fragment"]["found"]
    assert result["duplicate"]["plan"], "the similar-name query was not captured"
    assert result["crons"], "no scheduled action of our addons was found"
    for cron in result["crons"]:
        assert isinstance(cron["floor_s"], numbers.Number), cron
        if cron["errors"]:
            # Only a stopped slow cron is tolerated here; a crash fails.
            assert all("still running after" in e for e in cron["error_samples"]), cron
            continue
        assert isinstance(cron["seconds"], numbers.Number), cron
        assert isinstance(cron["rss_peak_mb"], numbers.Number), cron
    assert any(cron["seconds"] is not None for cron in result["crons"])
    for side in ("ours", "plain"):
        run = result["concurrency"][side]
        assert run["requests"] > 0, side
        assert isinstance(run["p95_ms"], numbers.Number), side


def test_plain_with_tracking_is_measured(bench_result):
    """The third database tracks the standard fields: its phone write posts a tracking message."""
    result, table, _output = bench_result
    assert "| figure | ours | plain + tracking | plain | ours / tracked | goal | met |" in table
    tracked, plain = result["create"]["tracked"], result["create"]["plain"]
    for key in ("create_ms", "create_queries", "write_ms", "write_queries"):
        assert isinstance(tracked[key], numbers.Number) and tracked[key] > 0, key
    assert tracked["write_queries"] > plain["write_queries"] + 10, (tracked, plain)
    assert result["import"]["tracked"]["import_errors"] == 0
    assert result["list"]["tracked"]["rows"] > 0
    assert result["concurrency"]["tracked"]["requests"] > 0
    assert {row["figure"].split(" (")[0] for row in result["tracked_rows"]} >= {
        "1. create company + 2 contacts", "1. write a phone", "2. import 20 customers",
        "6. 2 clients, throughput"}


def test_generator_filled_both_databases_alike(bench_result):
    """The same customers in both databases; ours also has the interactions and tiers."""
    result, _table, output = bench_result
    counts = [json.loads(line) for line in output.splitlines()
              if line.startswith("{") and line.endswith("}")]
    # The plain database's counts first, our extra data's last (in between: the same common
    # data filled into the copy of the test database).
    common, ours = counts[0], counts[-1]
    for other in counts[1:-1]:
        assert other["companies"] == common["companies"], counts
    assert common["companies"] == SIZE
    assert common["contacts"] > SIZE  # two contacts per company on average
    assert common["sale_orders"] > 0
    assert ours.get("interactions", 0) > 0
    assert ours.get("tiered", 0) == SIZE
