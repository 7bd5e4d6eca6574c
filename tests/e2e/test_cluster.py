"""The same per-document pipeline on a Dask distributed cluster gives identical findings."""

import json

from distributed import Client, LocalCluster, get_task_stream

from budget_audit import paths
from budget_audit.run.cluster import audit_remote

PDF = paths.RAW / "2024" / "jianghan_dsjzx_2024_budget.pdf"


def test_cluster_run_matches_the_local_run(default_report):
    local = {name: (default_report / name).read_text(encoding="utf-8")
             for name in ("findings.json", "checks.json")}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client, get_task_stream(client) as stream:
        status = audit_remote(cluster.scheduler_address, PDF, 2024)
    assert status.status == "ok", status.message
    assert any("audit" in str(t["key"]) for t in stream.data), "the audit did not run on a worker"
    for name, text in local.items():
        assert (default_report / name).read_text(encoding="utf-8") == text, name
    assert json.loads(local["findings.json"])["summary"]["checks_run"] > 0
