from django.urls import path

from vredvakt.outages import views, views_battery

app_name = "outages"
urlpatterns = [
    path("", views.outage_list, name="list"),
    path("declare/", views.declare, name="declare"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/clients/", views.clients, name="clients"),
    path("<int:pk>/notify/", views.notify_managers, name="notify"),
    path("<int:pk>/update/", views.update, name="update"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/deviation/", views.deviation, name="deviation"),
    path("battery/<int:pk>/done/", views_battery.battery_done, name="battery_done"),
]
