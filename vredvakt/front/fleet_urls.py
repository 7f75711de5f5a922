"""The fleet view's pages, mounted at /locks/ beside the registry's, under the `locks:` names.

The views live in front because they show cases and outages beside the locks,
and locks sits below both (docs/architecture.md).
"""

from django.urls import path

from vredvakt.front.views import fleet

app_name = "locks"
urlpatterns = [
    path("fleet/", fleet.fleet, name="fleet"),
    path("fleet/counts/", fleet.fleet_counts, name="fleet_counts"),
    path("<id:pk>/history/", fleet.history, name="history"),
]
