"""One warm kernel per process, and the papermill engine that runs the notebooks on it.

Starting a kernel and importing pandas, camelot and matplotlib in it costs seconds; the work of
a notebook often costs less. So each process that audits (a worker of the local pool, a Dask
worker, or a single `budget-audit audit`) starts one kernel, imports the package in it once,
and runs every notebook of every document on it. Before each notebook the kernel's namespace is
reset (a new IPython session: no variables, execution counts from 1, the project root as the
working directory), so a notebook sees what a fresh kernel shows it, plus modules already
imported. tests/test_warm_kernel.py proves the outputs are those of a fresh kernel per notebook;
nbval still runs each baseline on a fresh kernel of its own.

The kernel process's own stderr is discarded: everything a cell prints travels over the
messaging channel into the executed notebook, so that stream only carries the kernel's
start-up and shutdown chatter, which would otherwise interleave with the progress lines.
(IPC sockets instead of TCP were tried: their default socket names collide between kernels
started in parallel from the same folder.)
"""

from __future__ import annotations

import atexit
import queue
import subprocess
import threading
import time
from functools import cache

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from .. import paths
from ..errors import AuditError

KERNEL = "budget-audit"
ENGINE = "budget-audit-warm"
# Imported once per kernel: everything the notebooks use (camelot too: extraction forks its
# page reader from the kernel), and what does not depend on the document (the rules catalogue,
# the CJK font registered with matplotlib). Then everything alive is frozen out of the garbage
# collector: the full collections of each reset and of the notebooks' own work no longer walk
# the ~130,000 objects of the imported modules (a reset took 0.27 s, now 0.02 s).
WARM_UP = """
import budget_audit.stages, budget_audit.fonts, budget_audit.extract, budget_audit.rules, budget_audit.findings
import budget_audit.report.sections, budget_audit.report.charts, budget_audit.report.excel
import IPython.display, matplotlib.figure, camelot
budget_audit.rules.catalogue_rules()
budget_audit.fonts.use_cjk_font_in_matplotlib()
import gc
gc.collect()
gc.freeze()
del gc
"""
# Between notebooks: a new session (namespace, history, execution count 1) in the project root,
# and the memory the last notebook freed handed back to the system, so a worker's peak is that
# of its largest notebook, not the sum of every notebook it ran. (Cheap since the warm-up froze
# the modules' objects: a collection walks only what the notebooks made.)
RESET = """get_ipython().reset(new_session=True)
import ctypes, gc, os
os.chdir({root!r})
gc.collect()
try:
    ctypes.CDLL("libc.so.6").malloc_trim(0)
except OSError:  # not glibc
    pass
del ctypes, gc, os
"""
PEAK_RSS = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
# Imported once a document's notebooks are done, while the worker turns its report into HTML:
# what only the next document's notebooks need in the kernel itself (tables.xlsx is written by
# a process forked from the kernel, which then finds openpyxl imported).
AFTER_DOCUMENT = "import openpyxl"


class QuietKernelManager(AsyncKernelManager):
    async def _async_launch_kernel(self, kernel_cmd, **kw):
        kw.setdefault("stderr", subprocess.DEVNULL)
        await super()._async_launch_kernel(kernel_cmd, **kw)


class WarmKernel:
    """A kernel started once, warmed up with the package's imports, reset before each notebook."""

    def __init__(self, name: str = KERNEL, startup_timeout: int = 60):
        self.name, self.startup_timeout = name, startup_timeout
        self.km = self.kc = None
        self.began = 0.0
        self.notebooks = 0  # notebooks run on this kernel since it started
        self.start_seconds = 0.0  # what starting and warming it up took

    async def _launch(self) -> None:
        self.began = time.perf_counter()
        self.km = QuietKernelManager(kernel_name=self.name)
        await self.km.start_kernel(cwd=str(paths.ROOT), extra_arguments=["--HistoryManager.hist_file=:memory:"])

    def launch(self) -> None:
        """Start the kernel's process only (start waits for it): the caller may go on meanwhile."""
        run_sync(self._launch)()

    @run_sync
    async def start(self) -> None:
        """Start (unless launched) and warm up."""
        if self.km is None:
            await self._launch()
        self.kc = self.km.client()
        self.kc.start_channels()
        await self._until_ready()
        self.kc.allow_stdin = False
        await self._run(WARM_UP)
        self.start_seconds = round(time.perf_counter() - self.began, 3)

    async def _until_ready(self) -> None:
        """The kernel answers on its shell channel and publishes on IOPub, so no output is lost.
        (jupyter_client's wait_for_ready checks the same, then waits 0.2 s for IOPub to fall
        quiet: not needed here, where every message read is matched to its request.)"""
        deadline = time.monotonic() + self.startup_timeout
        while True:
            self.kc.kernel_info()
            try:
                reply = await self.kc.shell_channel.get_msg(timeout=1)
                if reply["msg_type"] == "kernel_info_reply":
                    await self.kc.iopub_channel.get_msg(timeout=0.2)  # Empty: IOPub not connected yet
                    return
            except queue.Empty:
                pass
            if not await self.km.is_alive():
                raise AuditError("the Jupyter kernel died while starting")
            if time.monotonic() > deadline:
                raise AuditError(f"the Jupyter kernel did not answer within {self.startup_timeout} s")

    async def _run(self, code: str) -> str:
        """Run code outside the notebooks' record (no history, no execution count); return what it printed."""
        printed = []

        def keep(msg):
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])

        reply = await self.kc.execute_interactive(code, silent=False, store_history=False, output_hook=keep,
                                                  timeout=self.startup_timeout)
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise AuditError(f"kernel set-up failed: {content.get('ename')}: {content.get('evalue')}")
        return "".join(printed)

    @run_sync
    async def _alive(self) -> bool:
        return self.km is not None and await self.km.is_alive()

    def started(self) -> WarmKernel:
        """Started and warmed up (again, if it died)."""
        if not self._alive():
            self.shutdown()
            self.start()
            self.notebooks = 0
        elif self.kc is None:  # launched, not yet warmed up
            self.start()
        return self

    def ready(self) -> WarmKernel:
        """Started, with a clean namespace: call before each notebook."""
        run_sync(self.started()._run)(RESET.format(root=str(paths.ROOT)))
        self.notebooks += 1
        return self

    def meanwhile(self, code: str) -> None:
        """Run code outside the notebooks' record without waiting for it: the kernel is idle
        until the next notebook, whose reset waits its turn."""
        self.kc.execute(code, silent=True, store_history=False)

    def peak_rss_mb(self) -> int:
        return round(int(run_sync(self._run)(PEAK_RSS)) / 1024)

    def shutdown(self) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None and self.km.has_kernel:
            run_sync(self._kill)()
        self.km = self.kc = None

    async def _kill(self) -> None:
        """Killed (its process group, as jupyter_client does) and reaped the moment it is gone;
        jupyter_client's shutdown then finds it dead instead of polling at 0.1 s intervals."""
        await self.km.provisioner.kill()
        process = getattr(self.km.provisioner, "process", None)  # the local provisioner's Popen
        if process is not None:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # jupyter_client's shutdown goes on waiting its own way
                pass
        await self.km.shutdown_kernel(now=True)


_local = threading.local()  # a kernel's client belongs to the event loop of one thread


def warm() -> WarmKernel:
    """This process's (thread's) kernel: started on first use, shut down when the process exits."""
    if getattr(_local, "kernel", None) is None:
        _local.kernel = WarmKernel()
        atexit.register(_local.kernel.shutdown)
    return _local.kernel


@cache
def engine() -> str:
    """Register papermill's nbclient engine on this process's warm kernel instead of a new one;
    its name. (papermill is imported here, not at the top: the kernel starts before it loads.)"""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            kernel = warm().ready()
            client = PapermillNotebookClient(
                nb_man, km=kernel.km, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logger, log_output=log_output, stdout_file=stdout_file,
                stderr_file=stderr_file)
            client.kc = kernel.kc  # kept: the client neither starts nor stops the kernel
            return client.execute()

    papermill_engines.register(ENGINE, WarmEngine)
    return ENGINE
