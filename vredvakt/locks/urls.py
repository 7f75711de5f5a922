"""The fleet view's pages, mounted at /locks/ beside the registry's (vredvakt.front)."""

from django.urls import path

from vredvakt.locks import fleet_views

app_name = "locks"
urlpatterns = [
    path("fleet/", fleet_views.fleet, name="fleet"),
    path("fleet/counts/", fleet_views.fleet_counts, name="fleet_counts"),
    path("<int:pk>/history/", fleet_views.history, name="history"),
]
