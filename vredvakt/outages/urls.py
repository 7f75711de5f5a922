from django.urls import path

from vredvakt.outages.views import battery, outage

app_name = "outages"
urlpatterns = [
    path("", outage.outage_list, name="list"),
    path("declare/", outage.declare, name="declare"),
    path("<int:pk>/", outage.detail, name="detail"),
    path("<int:pk>/clients/", outage.clients, name="clients"),
    path("<int:pk>/notify/", outage.notify_managers, name="notify"),
    path("<int:pk>/notify/preview/", outage.notify_preview, name="notify_preview"),
    path("<int:pk>/update/", outage.update, name="update"),
    path("<int:pk>/restore/", outage.restore, name="restore"),
    path("<int:pk>/restore/preview/", outage.restore_preview, name="restore_preview"),
    path("<int:pk>/deviation/", outage.deviation, name="deviation"),
    path("battery/<int:pk>/done/", battery.battery_done, name="battery_done"),
]
