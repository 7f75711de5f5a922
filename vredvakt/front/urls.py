from django.urls import path

from vredvakt.front import registry, views

app_name = "front"
urlpatterns = [
    path("", views.home, name="home"),
    path("clients/", registry.client_list, name="client_list"),
    path("clients/<int:pk>/", registry.client_detail, name="client_detail"),
    path("locks/", registry.lock_list, name="lock_list"),
    path("locks/<int:pk>/", registry.lock_detail, name="lock_detail"),
    path("keys/<int:pk>/", registry.key_detail, name="key_detail"),
]
