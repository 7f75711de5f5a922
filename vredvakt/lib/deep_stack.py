"""Calls that need a deep Python stack, without CPython 3.11 thrashing its frame memory.

CPython 3.11 keeps the frames of running functions in 16 KiB chunks of memory,
allocated with mmap when a call does not fit the current chunk and returned with
munmap as soon as that call returns. A loop that calls across the end of a chunk
maps and unmaps memory on every call (CPython gh-142183, fixed in 3.13 and 3.14 by
keeping one chunk; 3.11 only takes security fixes). Whether a request does depends
on how deep the stack already is where it starts: under the test suite a page took
about 400 of each, a fifth of its CPU in the kernel (docs/performance.md).

`with_deep_stack` calls through a function whose frame claims a megabyte: CPython
maps one chunk of two megabytes for it, and every call made within fits in the
rest. The claim is address space only; the kernel backs the pages the calls touch.
"""

from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., object])

# Stack slots the trampoline's frame claims: 2**17 slots of 8 bytes, a megabyte.
RESERVED_SLOTS = 1 << 17


def claim_stack(function: F, slots: int) -> F:
    """`function`, its frame claiming `slots` more stack slots of 8 bytes each."""
    code = function.__code__
    function.__code__ = code.replace(co_stacksize=code.co_stacksize + slots)
    return function


def with_deep_stack(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    return function(*args, **kwargs)


claim_stack(with_deep_stack, RESERVED_SLOTS)
