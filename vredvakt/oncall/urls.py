from django.urls import path

from vredvakt.oncall import views

app_name = "oncall"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.unit_roster, name="unit"),
    path("<int:pk>/periods/", views.slot_set, name="slot_set"),
    path("<int:pk>/periods/<int:slot_pk>/remove/", views.slot_remove, name="slot_remove"),
    path("<int:pk>/exceptions/", views.exception_add, name="exception_add"),
    path(
        "<int:pk>/exceptions/<int:exception_pk>/remove/",
        views.exception_remove,
        name="exception_remove",
    ),
]
