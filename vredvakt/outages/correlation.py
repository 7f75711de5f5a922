"""Many locks offline at once in one place: a major outage (R11), decided from the fleet.

The rule (docs/outages.md): locks that went offline within the last
`major_outage_window_minutes` are grouped by area, then the rest by gateway,
then the rest by vendor. A group qualifies when it holds at least
`major_outage_min_locks` of them, or at least MIN_SHARE_LOCKS that are also at
least `major_outage_min_share_percent` of the group's monitored locks (those
heard from at least once). Separately, a vendor whose monitored locks are
nearly all offline (PLATFORM_SHARE_PERCENT) points at its platform.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q

from vredvakt.locks.models import Lock
from vredvakt.locks.telemetry import LockStatus
from vredvakt.outages.models import MajorOutage
from vredvakt.routine.parameters import RoutineParameters

# Below this many locks a share of a small area is still chance (two dead batteries).
MIN_SHARE_LOCKS = 3
# "The whole fleet of a vendor": this share of its monitored locks offline.
PLATFORM_SHARE_PERCENT = 90
DIMENSIONS = ("area", "gateway", "vendor")


def qualifies(count: int, group_size: int, params: RoutineParameters) -> bool:
    """R11's threshold for one group: pure, so it is tested on its own."""
    if count >= params.major_outage_min_locks:
        return True
    share = params.major_outage_min_share_percent
    return count >= MIN_SHARE_LOCKS and count * 100 >= share * group_size


def whole_fleet(offline: int, monitored: int) -> bool:
    return monitored > 0 and offline * 100 >= PLATFORM_SHARE_PERCENT * monitored


@dataclass
class Scope:
    area: set[str] = field(default_factory=set)
    gateway: set[str] = field(default_factory=set)
    vendor: set[str] = field(default_factory=set)
    silent_vendors: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.area or self.gateway or self.vendor)

    @classmethod
    def of(cls, outage: MajorOutage | None) -> "Scope":
        if outage is None:
            return cls()
        return cls(
            set(outage.areas),
            set(outage.gateways),
            set(outage.vendors),
            set(outage.silent_vendors),
        )

    def values(self, dimension: str) -> set[str]:
        chosen: set[str] = getattr(self, dimension)
        return chosen

    def covers(self, lock: dict[str, str]) -> bool:
        return any(lock[d] and lock[d] in self.values(d) for d in DIMENSIONS)

    def q(self) -> Q:
        """The locks this scope covers (any status)."""
        query = Q(pk__in=[])
        for dimension in DIMENSIONS:
            if self.values(dimension):
                query |= Q(**{f"{dimension}__in": sorted(self.values(dimension))})
        return query


def scope_q(outage: MajorOutage) -> Q:
    return Scope.of(outage).q()


def find_groups(
    offline_ids: list[int], *, known: Scope, now: datetime, params: RoutineParameters
) -> Scope:
    """The groups among `offline_ids`' locks that qualify now and `known` does not cover yet."""
    fresh = [
        row
        for row in Lock.objects.filter(pk__in=offline_ids, status=LockStatus.OFFLINE).values(
            "pk", *DIMENSIONS
        )
        if not known.covers(row)
    ]
    found = Scope()
    if not fresh:
        return found
    since = now - timedelta(minutes=params.major_outage_window_minutes)
    recent = Lock.objects.filter(status=LockStatus.OFFLINE, status_changed_at__gte=since)
    explained: set[int] = set()
    for dimension in DIMENSIONS:
        candidates = {row[dimension] for row in fresh if row[dimension]}
        if not candidates:
            continue
        rows = list(
            recent.filter(**{f"{dimension}__in": sorted(candidates)}).values_list("pk", dimension)
        )
        counts = Counter(value for pk, value in rows if pk not in explained)
        sizes = _monitored(dimension, set(counts))
        chosen = {v for v, n in counts.items() if qualifies(n, sizes.get(v, n), params)}
        explained |= {pk for pk, value in rows if value in chosen}
        found.values(dimension).update(chosen)
    found.silent_vendors = _silent_vendors({row["vendor"] for row in fresh}, since, params)
    found.vendor |= found.silent_vendors
    return found


def _monitored(dimension: str, values: set[str]) -> dict[str, int]:
    """Locks per group that telemetry watches (heard from at least once)."""
    if not values:
        return {}
    rows = (
        Lock.objects.filter(last_seen_at__isnull=False, **{f"{dimension}__in": sorted(values)})
        .values(dimension)
        .annotate(n=Count("pk"))
        .values_list(dimension, "n")
    )
    return dict(rows)


def _silent_vendors(vendors: set[str], since: datetime, params: RoutineParameters) -> set[str]:
    silent = set()
    for vendor in sorted(v for v in vendors if v):
        monitored = Lock.objects.filter(vendor=vendor, last_seen_at__isnull=False)
        counts = monitored.aggregate(
            total=Count("pk"),
            offline=Count("pk", filter=Q(status=LockStatus.OFFLINE)),
            # "At once": enough of them went offline within the window, not over days.
            fresh=Count("pk", filter=Q(status=LockStatus.OFFLINE, status_changed_at__gte=since)),
        )
        if whole_fleet(counts["offline"], counts["total"]) and qualifies(
            counts["fresh"], counts["total"], params
        ):
            silent.add(vendor)
    return silent
