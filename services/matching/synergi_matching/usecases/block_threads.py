"""The ranking's blocks on both cores: numpy releases the GIL in its loops,
so two blocks at once use both, with one BLAS thread each (BLAS's own threads
on top made it twice as slow here). Kept out of the pure `domain`, which runs
the blocks one after another unless given this."""

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from threadpoolctl import ThreadpoolController

_THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ranking")
_BLAS = ThreadpoolController()


def _new_threads() -> None:
    """A forked child has the pool but not its threads: work sent to it would wait forever."""
    global _THREADS
    _THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ranking")


os.register_at_fork(after_in_child=_new_threads)


def on_both_cores(work: Callable[[np.ndarray], object], blocks: list[np.ndarray]) -> list:
    """`work` on every block, two at a time, the results in order."""
    with _BLAS.limit(limits=1, user_api="blas"):
        return list(_THREADS.map(work, blocks))
