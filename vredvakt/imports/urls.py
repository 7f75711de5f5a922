from django.urls import path

from vredvakt.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("run/", views.run, name="run"),
]
