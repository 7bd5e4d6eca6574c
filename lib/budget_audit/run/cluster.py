"""Run one document's audit on a Dask distributed cluster instead of this machine.

make still decides what is stale and how many documents run at once (JOBS); each recipe
submits its document to the scheduler and waits. Workers must have the project installed at
the same path, on a filesystem shared with this machine (README: "Cluster").
"""

from __future__ import annotations

from pathlib import Path

from ..errors import BadParameters


def audit_remote(scheduler: str, pdf: Path, year: int):
    from distributed import Client

    from . import pipeline

    try:
        client = Client(scheduler, timeout="30s")
    except OSError as exc:
        raise BadParameters(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        # pure=False: a re-run after a change must run again, not reuse a cached result.
        future = client.submit(pipeline.audit, pdf, year, pure=False)
        return future.result()

