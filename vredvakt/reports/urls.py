from django.urls import path

from vredvakt.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:name>.csv", views.download, name="csv"),
]
