"""Process work units in order, in this process or in a pool of worker processes.

Each worker builds its :class:`~textfix.Rewriter` once (from glossary names or paths and the
options, never a pickled Rewriter); at most a fixed number of units is in flight, so memory
stays bounded however long the input is, and results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Generic, TypeVar

from textfix.catalog import default_glossaries, get_glossary
from textfix.engine.compile import check_compiles
from textfix.engine.rewrite import Rewriter
from textfix.glossary.model import Glossary

T = TypeVar("T")
R = TypeVar("R")

_REWRITER: Rewriter | None = None


def load_glossaries(glossaries: Sequence[str] | None) -> list[Glossary]:
    """The glossaries named (shipped names or paths); None or empty: the default set."""
    return [get_glossary(g) for g in glossaries] if glossaries else default_glossaries()


def build_rewriter(glossaries: Sequence[str] | None, options: dict[str, Any]) -> Rewriter:
    """The Rewriter for glossary names/paths (None: the default set) and config options."""
    return Rewriter(load_glossaries(glossaries), **options)


def init_worker(glossaries: Sequence[str] | None, options: dict[str, Any],
                in_worker: bool = True) -> None:
    """Build this process's Rewriter; workers leave Ctrl-C to the parent process and end
    themselves when it is gone."""
    global _REWRITER
    if in_worker:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _follow_parent()
    _REWRITER = build_rewriter(glossaries, options)


def _follow_parent() -> None:
    """End this worker as soon as the process that started the pool is gone (kill -9).

    Such a worker would otherwise wait for work forever: it holds a write end of its own task
    queue, so it never reads end-of-file, and it keeps the fork server alive too. The parent's
    sentinel (a pipe only the parent holds open) becomes readable when the parent ends.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="textfix-parent").start()


def check_rewriter(glossaries: Sequence[str] | None, options: dict[str, Any], jobs: int) -> None:
    """Make sure a Rewriter of these glossaries and options can be built, before any work.

    With one job it is built here, as this process's Rewriter; with workers, which build their
    own, the glossaries are only loaded and checked to compile together (a set in the compile
    cache compiled before). Raises ValueError (a GlossaryError names file, line and entry).
    """
    if jobs > 1:
        check_compiles(load_glossaries(glossaries))
    else:
        init_worker(glossaries, options, in_worker=False)


def rewriter() -> Rewriter:
    """This process's Rewriter, built by :func:`init_worker`."""
    if _REWRITER is None:
        raise RuntimeError("init_worker() was not called in this process")
    return _REWRITER


def default_jobs() -> int:
    """All cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1


def _context() -> Any:
    """A start method that is safe with threads around (tqdm's monitor) and fast on POSIX."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods and sys.platform != "darwin":
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["textfix.run.forkserver"])
        return ctx
    return multiprocessing.get_context("spawn")


class OrderedMap(Generic[T, R]):
    """Apply ``fn`` to the items marked as work, keeping at most ``window`` in flight.

    Iterating yields ``(item, result)`` in input order (``result`` is None for items that are
    not work). With ``jobs <= 1``, or when there is at most one work item, everything runs in
    this process; the results are the same either way.
    """

    def __init__(self, fn: Callable[[T], R], items: Iterable[tuple[T, bool]], jobs: int,
                 initargs: tuple[Sequence[str] | None, dict[str, Any]],
                 window: int | None = None) -> None:
        self.fn, self.items, self.jobs, self.initargs = fn, items, jobs, initargs
        self.window = window or max(4, 2 * jobs)
        self._pool: ProcessPoolExecutor | None = None

    def __iter__(self) -> Iterator[tuple[T, R | None]]:
        it = iter(self.items)
        head: list[tuple[T, bool]] = []
        if self.jobs > 1:
            work = 0
            for entry in it:
                head.append(entry)
                work += entry[1]
                if work > 1:
                    break
            if work > 1:
                return self._parallel(head, it)
        return self._serial(head, it)

    def _serial(self, head: list[tuple[T, bool]], it: Iterator[tuple[T, bool]]
                ) -> Iterator[tuple[T, R | None]]:
        init_worker(self.initargs[0], self.initargs[1], in_worker=False)
        for item, work in _chain(head, it):
            yield item, (self.fn(item) if work else None)

    def _parallel(self, head: list[tuple[T, bool]], it: Iterator[tuple[T, bool]]
                  ) -> Iterator[tuple[T, R | None]]:
        pool = ProcessPoolExecutor(self.jobs, mp_context=_context(), initializer=init_worker,
                                   initargs=self.initargs)
        self._pool = pool
        pending: deque[tuple[T, Future[R] | None]] = deque()
        finished = False
        try:
            for item, work in _chain(head, it):
                pending.append((item, pool.submit(self.fn, item) if work else None))
                while len(pending) > self.window or (pending and pending[0][1] is None):
                    done, fut = pending.popleft()
                    yield done, (fut.result() if fut is not None else None)
            while pending:
                done, fut = pending.popleft()
                yield done, (fut.result() if fut is not None else None)
            finished = True
        finally:
            if finished:
                pool.shutdown(wait=True)
            else:  # stopped early (an error, a closed pipe, a signal): end the workers now
                _end_workers(pool)
            self._pool = None


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool without waiting for the work in flight: its workers are terminated."""
    procs = list((pool._processes or {}).values())
    result_queue = pool._result_queue  # shutdown() drops these two
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        p.terminate()
    for p in procs:
        p.join(2)
        if p.is_alive():
            p.kill()
            p.join(1)
    # A worker ended in the middle of sending a result leaves the pool's manager thread
    # waiting for the rest of that message, and the interpreter joins that thread at exit, so
    # the process would never end. With every worker gone, this process holds the last write
    # end of the result pipe: closing it turns the wait into end-of-file, and the manager
    # thread winds the pool down. It is waited for here: the interpreter's exit hook would
    # otherwise race it for the pool's wake-up pipe.
    writer = getattr(result_queue, "_writer", None)
    if writer is not None and not any(p.is_alive() for p in procs):
        writer.close()
        if manager is not None:
            manager.join(5)


def _chain(head: list[tuple[T, bool]], it: Iterator[tuple[T, bool]]
           ) -> Iterator[tuple[T, bool]]:
    yield from head
    yield from it

