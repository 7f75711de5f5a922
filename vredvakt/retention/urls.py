from django.urls import path

from vredvakt.retention import views

app_name = "retention"
urlpatterns = [
    path("clients/<id:pk>/export.json", views.export, name="client_export"),
]
