"""The bot hands freed heap pages back after building its answerer (``bot.heap``)."""

from __future__ import annotations

import platform
from pathlib import Path

import numpy as np
import pytest

from bot import services
from bot.event import Event
from bot.heap import limit_arenas, release_freed_memory
from tests.conftest import StartHarness

MB = 2**20


def anonymous_mb() -> int:
    status = Path("/proc/self/status").read_text()
    line = next(line for line in status.splitlines() if line.startswith("RssAnon"))
    return int(line.split()[1]) // 1024


def test_freed_blocks_from_the_heap_are_returned() -> None:
    """What building the index does: a large temporary array, freed, makes glibc serve the
    next ones from the heap; freed below a live block, their pages stay the process's."""
    glibc = platform.libc_ver()[0] == "glibc"
    first = np.ones(12 * MB // 8)
    del first
    blocks = [np.ones(4 * MB // 8) for _ in range(10)]
    pinned_top = np.ones(4 * MB // 8)
    del blocks
    held = anonymous_mb() if glibc else 0
    assert release_freed_memory() is glibc
    if glibc:
        assert held - anonymous_mb() >= 20  # of the 40 MB freed
    assert pinned_top.sum() == 4 * MB // 8  # still there


def test_the_c_library_takes_the_limit_of_arenas() -> None:
    """Two heaps, whatever the threads' timing: glibc takes the limit, others have no such
    call and are left as they are."""
    assert limit_arenas() is (platform.libc_ver()[0] == "glibc")


async def test_the_bot_releases_them_once_its_answerer_is_built(
    make_harness: StartHarness, shipped_event: Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    released: list[bool] = []
    monkeypatch.setattr(services, "release_freed_memory", lambda: released.append(True))
    harness = await make_harness(shipped_event)
    await harness.services.answerer_ready()
    assert released == [True]
    assert harness.services.answerer.semantic is not None  # the hybrid one was built
