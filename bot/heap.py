"""Handing the heap's freed pages back to the system once the answerer is built.

Building the hybrid index reads the shipped question lists (about 22,000 questions and their
vectors) through temporary arrays of ten to twenty megabytes each. glibc raises its threshold
for serving large blocks from their own mappings after the first such block is freed, so the
later ones come from the heap, and the heap keeps their pages when they are freed: the running
bot held about 20 MB it no longer used (``bench/bench_capacity.py``, sixteenth pass: 254 MB
ready instead of 236 after the lists grew by a tenth). ``malloc_trim`` returns those pages.
Where the C library has no such call (musl, macOS), nothing is done.

glibc also gives a thread that allocates while another holds the heap a heap (an arena) of its
own, up to eight per core, and freed memory in one serves no other. How many the bot ends up
with depends on timing (the index is built in a worker thread while the encoder's threads run):
the same bot measured 248 MB after 300 questions in some runs and 260 MB in others
(``bench/bench_capacity.py``, 2026-12-06). Two arenas: 246 MB, four runs alike. The bot's threads
spend their time in NumPy and the encoder, not in malloc, so the contention a second arena
saves is small.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

M_ARENA_MAX = -8  # mallopt's parameter number, from glibc's malloc.h
ARENAS = 2


@functools.cache
def _libc_call(name: str) -> Callable[..., int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
    except OSError:
        return None
    return getattr(libc, name, None)


def limit_arenas() -> bool:
    """Whether the C library took the limit of ``ARENAS`` heaps; called before any thread."""
    mallopt = _libc_call("mallopt")
    return mallopt is not None and mallopt(M_ARENA_MAX, ARENAS) == 1


def release_freed_memory() -> bool:
    """Whether the C library could be asked to return freed heap pages (it was, if so)."""
    trim = _libc_call("malloc_trim")
    if trim is None:
        return False
    trim(0)
    return True
