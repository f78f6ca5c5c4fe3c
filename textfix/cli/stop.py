"""How a run stops from outside: a reader that goes away (``| head``) and SIGTERM.

A closed pipe on stdout stops the run at once, not at the next write: a thread waits for the
pipe's error condition and raises :class:`BrokenPipeError` in the main thread (as SIGPIPE).
SIGTERM raises :class:`Terminated`, so the run unwinds like Ctrl-C: workers are ended and
temporary files removed.
"""

from __future__ import annotations

import os
import select
import signal
import stat
import sys
import threading
from types import FrameType

#: Exit code after SIGTERM (128 + 15), as shells expect.
EX_TERMINATED = 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived: the run unwinds and exits with :data:`EX_TERMINATED`."""


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _broken(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # once: later writes just fail
    raise BrokenPipeError(32, "Broken pipe")


def install() -> None:
    """Turn SIGTERM into :class:`Terminated` and a closed stdout pipe into BrokenPipeError."""
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGTERM, _terminated)
    try:
        fd = sys.stdout.fileno()
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return
    except (AttributeError, OSError, ValueError):
        return
    signal.signal(signal.SIGPIPE, _broken)
    main = threading.main_thread().ident
    assert main is not None
    threading.Thread(target=_watch, args=(fd, main), daemon=True,
                     name="textfix-stdout").start()


def _watch(fd: int, main: int) -> None:
    """Wait until the reader of the pipe ``fd`` is gone, then interrupt the main thread."""
    poll = select.poll()
    poll.register(fd, select.POLLERR)
    while True:
        events = poll.poll()
        if any(ev & (select.POLLERR | select.POLLHUP | select.POLLNVAL) for _, ev in events):
            break
    signal.pthread_kill(main, signal.SIGPIPE)
