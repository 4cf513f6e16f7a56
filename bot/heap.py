"""Handing the heap's freed pages back to the system once the answerer is built.

Building the hybrid index reads the shipped question lists (about 22,000 questions and their
vectors) through temporary arrays of ten to twenty megabytes each. glibc raises its threshold
for serving large blocks from their own mappings after the first such block is freed, so the
later ones come from the heap, and the heap keeps their pages when they are freed: the running
bot held about 20 MB it no longer used (``bench/bench_capacity.py``, sixteenth pass: 254 MB
ready instead of 236 after the lists grew by a tenth). ``malloc_trim`` returns those pages.
Where the C library has no such call (musl, macOS), nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return getattr(libc, "malloc_trim", None)


def release_freed_memory() -> bool:
    """Whether the C library could be asked to return freed heap pages (it was, if so)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
