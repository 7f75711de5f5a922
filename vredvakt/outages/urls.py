from django.urls import path

from vredvakt.outages.views import battery, outage

app_name = "outages"
urlpatterns = [
    path("", outage.outage_list, name="list"),
    path("declare/", outage.declare, name="declare"),
    path("<id:pk>/", outage.detail, name="detail"),
    path("<id:pk>/clients/", outage.clients, name="clients"),
    path("<id:pk>/notify/", outage.notify_managers, name="notify"),
    path("<id:pk>/notify/preview/", outage.notify_preview, name="notify_preview"),
    path("<id:pk>/update/", outage.update, name="update"),
    path("<id:pk>/restore/", outage.restore, name="restore"),
    path("<id:pk>/restore/preview/", outage.restore_preview, name="restore_preview"),
    path("<id:pk>/deviation/", outage.deviation, name="deviation"),
    path("battery/<id:pk>/done/", battery.battery_done, name="battery_done"),
]
