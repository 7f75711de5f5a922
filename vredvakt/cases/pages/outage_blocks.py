"""The desk's block for a major outage's cases (#13).

A major outage's cases show on the desk as one block, not one card each. What
the block's head says (the outage, its count for the user's units, the link to
its clients and keys) is the outages app's to tell; outages sits above cases,
so it registers the renderer from its `AppConfig.ready()`. An open outage with
no case on the desk yet (declared: the app cannot reach an area's locks, R11)
shows as its banner alone, told by the outages app the same way.
"""

from collections.abc import Callable

from django.utils.safestring import SafeString

from vredvakt.accounts.access import AnyUser

OutageBlockHead = Callable[[AnyUser, int], SafeString]
_heads: list[OutageBlockHead] = []


def outage_block_register(render: OutageBlockHead) -> OutageBlockHead:
    _heads.clear()  # one renderer: a second registration replaces the first
    _heads.append(render)
    return render


def outage_block_head(user: AnyUser, outage_id: int) -> SafeString:
    return _heads[0](user, outage_id) if _heads else SafeString("")


# The banners of the user's open outages that have no block on the desk (ids given).
OutageBanners = Callable[[AnyUser, set[int]], SafeString]
_banners: list[OutageBanners] = []


def outage_banners_register(render: OutageBanners) -> OutageBanners:
    _banners.clear()
    _banners.append(render)
    return render


def outage_banners(user: AnyUser, without: set[int]) -> SafeString:
    return _banners[0](user, without) if _banners else SafeString("")
