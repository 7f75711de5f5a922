"""CPython 3.11 maps and unmaps a chunk of frame memory for every call that crosses
the end of a chunk (gh-142183); a request served through `with_deep_stack` does not
(vredvakt/lib/deep_stack.py). Each fresh chunk costs the kernel a page fault when
first written, which is what these tests count.

Each measurement runs in a thread of its own: a thread has a stack of frames of its
own, and tests/conftest.py runs every test's own thread through `with_deep_stack`.
"""

import resource
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest

from vredvakt.lib.deep_stack import claim_stack, with_deep_stack

CALLS = 200


def _leaf() -> None:
    pass


# A frame of 2 KiB, more than a step of the recursion below: some depth leaves less
# room than that at the end of a chunk, wherever the test's own stack begins.
claim_stack(_leaf, 256)


def _calls_at(depth: int) -> int:
    """Page faults of CALLS calls made `depth` frames further down the stack."""
    if depth:
        return _calls_at(depth - 1)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(CALLS):
        _leaf()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def worst_depth() -> int:
    """The most page faults a loop of calls makes at any depth over two chunks' worth."""
    return max(_calls_at(depth) for depth in range(400))


def in_new_thread(function: Callable[[], int]) -> int:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


def test_calls_through_it_never_map_a_chunk_per_call() -> None:
    assert in_new_thread(lambda: with_deep_stack(worst_depth)) < CALLS / 10


def test_without_it_some_depth_maps_a_chunk_per_call() -> None:
    # The behaviour the workaround exists for, so the test above can fail. The project
    # runs on Python 3.11 (scripts/lib.sh); on a Python that keeps a spare chunk this
    # fails, and deep_stack.py can go.
    assert in_new_thread(worst_depth) >= CALLS


def test_it_passes_arguments_results_and_errors_through() -> None:
    assert with_deep_stack(divmod, 7, 2) == (3, 1)
    assert with_deep_stack(sorted, [3, 1], reverse=True) == [3, 1]
    with pytest.raises(ZeroDivisionError):
        with_deep_stack(divmod, 1, 0)
