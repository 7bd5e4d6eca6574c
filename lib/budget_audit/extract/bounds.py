"""Bounded work: a pathological page (hundreds of thousands of drawing objects, thousands of tiny
cells) cannot hang a batch.

camelot reads the ruled pages in forked worker processes, one per core and at most four, or
``BUDGET_AUDIT_READERS`` (a batch of several documents at once sets it to its share of the
cores), each every n-th page (a document's heavy tables sit together, so contiguous shares would
not balance), a few pages per call (one call per page would re-open the PDF each time). A call
that raises, runs longer than the per-page time bound or grows the worker past the memory bound
is retried page by page under the same bounds; a page that still fails is listed as unreadable
with its reason, the worker is replaced, and the other pages go on. The bounds:
``BUDGET_AUDIT_PAGE_SECONDS`` (default 120 s) and ``BUDGET_AUDIT_PAGE_MEMORY_MB`` (default
2048 MB of growth), for each worker.

Where no child process can be made (no fork, a daemonic worker, ``BUDGET_AUDIT_INLINE=1``) the
calls run inline, failures still page by page but without the time and memory bounds.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import resource
import time

from .. import cores

__all__ = ["PageRunner", "page_seconds", "page_megabytes"]

CHUNK = 8            # pages per camelot call while nothing fails
LANE_PAGES = 4       # fewer pages than this per worker cost more in forking than they save
READERS = 4          # workers per document at most: past that the caller's own work is the longest
POLL = 0.1           # seconds between checks of the worker


def page_seconds() -> float:
    return float(os.environ.get("BUDGET_AUDIT_PAGE_SECONDS") or 120)


def page_megabytes() -> int:
    return int(os.environ.get("BUDGET_AUDIT_PAGE_MEMORY_MB") or 2048)


def _first_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:80]}".rstrip(": ")


def _worker(conn, fn, data, chunks, megabytes):
    # Backstop while the parent is busy elsewhere: allocations past the bound raise MemoryError.
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    vm = _vm_bytes(os.getpid())
    limit = vm + 2 * megabytes * 2**20
    if vm and (hard == resource.RLIM_INFINITY or limit < hard):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    for pages in chunks:
        conn.send(("start", pages, time.monotonic()))
        try:
            conn.send(("done", pages, fn(data, pages)))
        except MemoryError:
            conn.send(("failed", pages, f"超过内存上限（{megabytes} MB，BUDGET_AUDIT_PAGE_MEMORY_MB）"))
        except Exception as exc:  # noqa: BLE001 - reported per page by the parent
            conn.send(("failed", pages, f"读取出错（{_first_line(exc)}）"))
    conn.close()


def _statm(pid: int, field: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[field]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _vm_bytes(pid: int) -> int:
    return _statm(pid, 0)


def _rss_bytes(pid: int) -> int:
    return _statm(pid, 1)


def _can_fork() -> bool:
    return (os.environ.get("BUDGET_AUDIT_INLINE") != "1" and "fork" in mp.get_all_start_methods()
            and not mp.current_process().daemon)  # daemonic workers (dask, pools) may not have children


def readers() -> int:
    """camelot workers per document: BUDGET_AUDIT_READERS (a batch's pool sets it), else one per core."""
    return max(1, min(READERS, int(os.environ.get(cores.READERS_ENV) or cores.usable())))


class PageRunner:
    """``PageRunner(fn, data, pages)`` starts ``fn(data, pages) -> list`` at once, so the work
    overlaps the caller's, on up to ``readers()`` workers; ``wait()`` returns (every result in page
    order, [(page, reason)] of failed pages)."""

    def __init__(self, fn, data: bytes, pages: list[int]):
        pages = list(pages)
        n = max(1, min(readers(), len(pages) // LANE_PAGES)) if _can_fork() else 1
        self.lanes = [_Lane(fn, data, pages[i::n]) for i in range(n)]

    def wait(self) -> tuple[list, list[tuple[int, str]]]:
        results, failed = [], []
        try:
            for lane in self.lanes:
                done, lost = lane.wait()
                results += done
                failed += lost
        finally:  # interrupted: no lane's worker is left behind
            for lane in self.lanes:
                lane.stop()
        # page order, whatever the lane or the order of retries (a stable sort keeps each page's own order)
        return sorted(results, key=lambda grid: grid.page), sorted(failed)


class _Lane:
    """One worker reading its pages, under the bounds."""

    def __init__(self, fn, data: bytes, pages: list[int]):
        self.fn, self.data = fn, data
        self.seconds, self.megabytes = page_seconds(), page_megabytes()
        self.todo = [list(pages[i:i + CHUNK]) for i in range(0, len(pages), CHUNK)]
        self.results: list = []
        self.failed: list[tuple[int, str]] = []
        self.proc = None
        if self.todo and _can_fork():
            import camelot  # noqa: F401 - imported once here, not in every worker

            self._spawn()

    def _spawn(self) -> None:
        ctx = mp.get_context("fork")
        self.conn, child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_worker, args=(child, self.fn, self.data, list(self.todo), self.megabytes),
                                daemon=True)
        self.proc.start()
        child.close()
        self.current, self.started, self.rss0 = None, None, _rss_bytes(self.proc.pid)

    def _fail(self, pages: list[int], reason: str) -> None:
        """A chunk failed: its pages go back one by one; a single page is unreadable."""
        i = self.todo.index(pages)
        if len(pages) > 1:
            self.todo[i:i + 1] = [[p] for p in pages]
        else:
            del self.todo[i]
            self.failed.append((pages[0], reason))

    def _stop(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            self._stop()

    def wait(self) -> tuple[list, list[tuple[int, str]]]:
        if self.proc is None:
            return self._inline()
        try:
            return self._collect()
        finally:  # interrupted (an alarm, ^C): no worker is left behind
            self.stop()

    def _collect(self) -> tuple[list, list[tuple[int, str]]]:
        while self.todo:
            if self.conn.poll(POLL):
                try:
                    kind, pages, payload = self.conn.recv()
                except EOFError:  # the worker died (killed by the system: memory)
                    self._stop()
                    # the chunk it was reading, or the next one if it died before saying so:
                    # every death moves the work on, so a worker that keeps dying cannot loop
                    self._fail(self.current or self.todo[0], "读取进程异常终止（可能超过内存上限）")
                    if self.todo:
                        self._spawn()
                    continue
                if kind == "start":
                    self.current, self.started = pages, payload
                    continue
                self.current = None
                if kind == "done":
                    self.todo.remove(pages)
                    self.results += payload
                else:
                    self._respawn_after(pages, payload)
                continue
            if self.current is None:
                continue
            over = None
            if time.monotonic() - self.started > self.seconds:
                over = f"超过每页 {self.seconds:g} 秒的时间上限（BUDGET_AUDIT_PAGE_SECONDS）"
            elif _rss_bytes(self.proc.pid) - self.rss0 > self.megabytes * 2**20:
                over = f"超过内存上限（{self.megabytes} MB，BUDGET_AUDIT_PAGE_MEMORY_MB）"
            if over:
                pages, self.current = self.current, None
                self._stop()
                self._fail(pages, over)
                if self.todo:
                    self._spawn()
        self.proc.join()
        self.conn.close()
        return self.results, self.failed

    def _respawn_after(self, pages: list[int], reason: str) -> None:
        """The worker reported a failure: it goes on with its list unless pages must be retried."""
        if len(pages) == 1:
            self._fail(pages, reason)
            return
        self._stop()
        self._fail(pages, reason)
        self._spawn()

    def _inline(self) -> tuple[list, list[tuple[int, str]]]:
        while self.todo:
            pages = self.todo[0]
            try:
                self.results += self.fn(self.data, pages)
                self.todo.pop(0)
            except Exception as exc:  # noqa: BLE001 - a page that fails is listed as unreadable; the rest goes on
                self._fail(pages, f"读取出错（{_first_line(exc)}）")
        return self.results, self.failed
