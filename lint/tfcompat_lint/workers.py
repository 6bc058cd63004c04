"""Worker processes and signals: no worker outlives the command; a SIGTERM during a write cleans up."""
from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_HELD = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool whose workers end with this process: on exit, on an exception, and on SIGKILL."""
    context = multiprocessing.get_context()
    # a forkserver worker's parent is the server, which itself ends with this process
    parent = None if context.get_start_method() == "forkserver" else os.getpid()
    pool = ProcessPoolExecutor(workers, context, initializer=_die_with_parent, initargs=(parent,))
    try:
        # The first task starts the workers (all of them, with fork). A Ctrl-C or SIGTERM that lands in
        # os.fork's at-fork hooks would be lost (the run went on to write every file), so both wait until
        # the workers exist and then act here, where the code below ends the workers.
        with signals_held():
            pool.submit(os.getpid)
        yield pool
    except BaseException:
        # Ctrl-C or an error: stop now rather than wait for the files the workers hold (the executor
        # has no public way to stop running workers)
        processes = getattr(pool, "_processes", None) or {}
        for process in list(processes.values()):
            process.kill()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _die_with_parent(parent: int | None) -> None:
    """Worker initializer: end this worker as soon as the process that started it is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the workers
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # a forked worker inherits the parent's signals_held()
    parent = parent or os.getppid()
    if not _kernel_kills_orphan():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)


def _kernel_kills_orphan() -> bool:
    """Linux: ask the kernel for SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait (blocked, not lost) until the end of the block, where they act as usual."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """While inside, SIGTERM raises SystemExit, so `finally` and `except BaseException` clean up (temp files).

    Kept to short stretches of plain code: a handler's exception is lost if it fires inside a finalizer or an
    at-fork hook (as while the pool starts its workers)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
