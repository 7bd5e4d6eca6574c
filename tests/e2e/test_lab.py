"""`make lab`: JupyterLab on the project's environment serves the notebooks with the project kernel."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "budget-audit-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_lab_serves_explore_with_the_project_kernel():
    port = _free_port()
    args = [sys.executable, "-m", "jupyter", "lab", "--notebook-dir=notebooks", "--no-browser",
            f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}"]
    if os.getuid() == 0:
        args.append("--allow-root")  # as the Makefile does
    server = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(120):
            try:
                specs = _get(f"{base}/kernelspecs?token={TOKEN}")
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("JupyterLab did not start within 60 s")
        assert "budget-audit" in specs["kernelspecs"]
        explore = _get(f"{base}/contents/explore.ipynb?token={TOKEN}")
        assert explore["content"]["metadata"]["kernelspec"]["name"] == "budget-audit"
    finally:
        server.terminate()
        server.wait(timeout=30)
