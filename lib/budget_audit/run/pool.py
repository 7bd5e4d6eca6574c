"""Warm workers for a batch: the fixed cost (a process, a kernel, its imports) is paid once per
worker, not once per document.

`budget-audit run` starts a Pool of JOBS worker processes, each with its own warm kernel
(budget_audit.run.kernel), and lets make run the plan as before: make still decides what is stale
and in which order, and each recipe (`budget-audit audit`) hands its document to a free worker
over a local socket (BUDGET_AUDIT_POOL) and prints the progress the worker sends back. The pool
counts documents done and prints pages per second and an ETA.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import tempfile
import threading
import time
from multiprocessing.connection import Client, Listener
from pathlib import Path

from .. import cores

ADDRESS, KEY = "BUDGET_AUDIT_POOL", "BUDGET_AUDIT_POOL_KEY"


def _worker(conn, readers: int) -> None:
    """A worker process: warm up at once, then audit each document sent until told to stop.
    Its kernel reads a document's pages on `readers` camelot workers (extract.bounds.readers)."""
    os.environ[cores.READERS_ENV] = str(readers)
    from . import pipeline

    pipeline.warm_up()
    while (request := _receive(conn)) is not None:
        pdf, year = request
        status = pipeline.audit(Path(pdf), year, progress=lambda stage: conn.send(("stage", stage)))
        conn.send(("done", status.as_dict()))


class Pool:
    """Warm workers: `Pool(n)` starts n of them at once (their kernels warm up while the caller
    goes on planning); `expect` sizes the pool and counts the batch for the progress lines."""

    def __init__(self, size: int, say=print):
        self._context = multiprocessing.get_context("spawn")  # no inherited threads or sockets
        self._dir = tempfile.mkdtemp(prefix="budget-audit-pool-")
        self._key = os.urandom(16)
        self._listener = Listener(os.path.join(self._dir, "socket"), family="AF_UNIX", authkey=self._key)
        self._idle: queue.Queue = queue.Queue()
        self._workers = []
        self._size = size
        for _ in range(size):
            self._idle.put(self._start())
        self._say, self._lock = say, threading.Lock()
        self._total_docs = self._total_pages = 0
        self._done_docs = self._done_pages = 0
        self._stopped = self._closed = False
        self._start_time = time.perf_counter()
        threading.Thread(target=self._accept, daemon=True).start()

    def expect(self, size: int, documents: int, pages: int) -> None:
        """The batch: at least `size` workers, and its documents and pages (progress, ETA)."""
        self._size = max(self._size, size)
        while len(self._workers) < size:
            self._idle.put(self._start())
        self._total_docs, self._total_pages = documents, pages

    @property
    def environment(self) -> dict:
        """What make's recipes need to reach the pool."""
        return {ADDRESS: self._listener.address, KEY: self._key.hex()}

    def _start(self):
        """A worker; the documents audited at once (one per worker) share the cores."""
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_worker, args=(child, cores.share(self._size)), daemon=True)
        process.start()
        child.close()
        self._workers.append((process, parent))
        return process, parent

    def _accept(self) -> None:
        while True:
            try:
                conn = self._listener.accept()
            except OSError:  # closed
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn) -> None:
        with conn:
            pdf, year = conn.recv()
            worker = self._take()
            message, worker = self._audit(worker, Path(pdf), year, relay=lambda m: _send(conn, m))
            self._idle.put(worker)
            _send(conn, message)
        self._progress(message[1])

    def _take(self):
        """An idle worker; a new one if the batch's workers were already told to stop."""
        with self._lock:
            if self._stopped and self._idle.empty():
                return self._start()
        return self._idle.get()

    def _audit(self, worker, pdf: Path, year: int, relay) -> tuple[tuple, tuple]:
        """(final message, the worker to use next: a new one if this one died)."""
        process, pipe = worker
        try:
            pipe.send((str(pdf), year))
            while (message := pipe.recv())[0] != "done":
                relay(message)
            return message, worker
        except (EOFError, OSError):  # the worker died (a crash, or killed): replace it
            process.join(5)
            return ("done", _died(pdf, year, process.exitcode)), self._start()

    def _progress(self, status: dict) -> None:
        with self._lock:
            self._done_docs += 1
            self._done_pages += status.get("pages") or 0
            seconds = time.perf_counter() - self._start_time
            rate = self._done_pages / seconds if seconds else 0
            left = max(self._total_pages - self._done_pages, 0)
            eta = f"ETA {_clock(left / rate)}" if rate and left else ""
            self._say(f"[{self._done_docs}/{self._total_docs} documents done, {self._done_pages} pages "
                      f"in {_clock(seconds)}, {rate:.1f} pages/s{', ' + eta if eta else ''}]")
            if self._done_docs >= self._total_docs:
                self._stop_idle()

    def _stop_idle(self) -> None:
        """The batch is done: idle workers shut their kernels down now, while make writes the
        indexes, not after. (Called with the lock held.)"""
        self._stopped = True
        while not self._idle.empty():
            _process, pipe = self._idle.get_nowait()
            _tell_stop(pipe)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._listener.close()
        for _process, pipe in self._workers:
            _tell_stop(pipe)
        for process, _ in self._workers:
            process.join(30)
            if process.is_alive():
                process.terminate()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _receive(conn):
    """The next request; None when the batch is over, or its process is gone (the kernel is then
    shut down on the way out)."""
    try:
        return conn.recv()
    except EOFError:
        return None


def _tell_stop(pipe) -> None:
    """Ask a worker to finish (one told twice, or already gone, ignores it)."""
    try:
        pipe.send(None)
    except OSError:
        pass


def _send(conn, message) -> None:
    """To a recipe; one that was interrupted no longer listens, and its document goes on."""
    try:
        conn.send(message)
    except OSError:
        pass


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes}:{seconds:02d}"


def _died(pdf: Path, year: int, exitcode) -> dict:
    """The status of a document whose worker died: an internal error, recorded like any other."""
    from .. import atomic, paths
    from ..store import DocumentFolder
    from .pipeline import Status

    status = Status(pdf=paths.relative(pdf), year=year, stem=pdf.stem, status="internal_error",
                    message=f"the worker process auditing it died (exit code {exitcode})")
    atomic.write_json(paths.report_dir(year, pdf.stem) / DocumentFolder.STATUS_JSON, status.as_dict())
    return status.as_dict()


def pages_of(pdf: Path) -> int:
    """Page count for the ETA; 0 for a file that is no readable PDF (its audit says why)."""
    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(str(pdf))
    except Exception:  # noqa: BLE001 - any unreadable file counts no pages
        return 0
    try:
        return len(doc)
    finally:
        doc.close()


def reachable() -> bool:
    return bool(os.environ.get(ADDRESS))


def audit(pdf: Path, year: int, progress) -> dict:
    """From a recipe: audit the document on a worker of the batch's pool; the status as a dict."""
    with Client(os.environ[ADDRESS], family="AF_UNIX", authkey=bytes.fromhex(os.environ[KEY])) as conn:
        conn.send((str(pdf), year))
        while (message := conn.recv())[0] != "done":
            progress(message[1])
        return message[1]
