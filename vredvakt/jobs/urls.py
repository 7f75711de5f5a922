from django.urls import path

from vredvakt.jobs import views

app_name = "jobs"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("healthz/system", views.system, name="system"),
]
