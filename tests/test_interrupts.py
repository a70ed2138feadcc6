"""Ctrl-C held back while a Dask cluster starts (checker/runner/interrupts.py)."""

from __future__ import annotations

import signal
import threading

import pytest

from checker.runner import interrupts


@pytest.fixture
def python_sigint():
    """Ctrl-C as Python has it: KeyboardInterrupt, from the default handler."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def test_ctrl_c_during_the_block_is_raised_once_it_is_done(python_sigint):
    done = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts.held():
            signal.raise_signal(signal.SIGINT)
            done.append("the rest of the start")
    assert done == ["the rest of the start"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_twice_is_raised_at_once(python_sigint):
    done = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts.held():
            signal.raise_signal(signal.SIGINT)
            signal.raise_signal(signal.SIGINT)
            done.append("never")
    assert done == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_no_ctrl_c_no_interrupt(python_sigint):
    with interrupts.held():
        pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_error_in_the_block_is_raised_as_it_is(python_sigint):
    with pytest.raises(ValueError):
        with interrupts.held():
            raise ValueError("cannot reach the scheduler")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_outside_the_main_thread_the_block_runs_as_it_is(python_sigint):
    seen = []

    def run() -> None:
        with interrupts.held():
            seen.append(signal.getsignal(signal.SIGINT))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen == [signal.default_int_handler]
