"""Figures read from the database at scrape time, the same whichever process answers.

Apps register a function in their AppConfig.ready() that yields metric
families (`@scrape_gauges`), so this low app needs to import none of them,
like /healthz sections (vredvakt/jobs/healthz.py).
"""

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

GaugeSource = Callable[[datetime], Iterable[Metric]]
_sources: dict[str, GaugeSource] = {}


def scrape_gauges(name: str) -> Callable[[GaugeSource], GaugeSource]:
    def register(source: GaugeSource) -> GaugeSource:
        _sources[name] = source
        return source

    return register


def gauge(name: str, documentation: str, labels: list[str] | None = None) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, labels=labels)


class _DatabaseCollector(Collector):
    def __init__(self, now: datetime) -> None:
        self.now = now

    def collect(self) -> Iterator[Metric]:
        for source in _sources.values():
            yield from source(self.now)


def gauges_exposition(now: datetime) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_DatabaseCollector(now))
    return generate_latest(registry)
