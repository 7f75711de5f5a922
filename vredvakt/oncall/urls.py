from django.urls import path

from vredvakt.oncall import views

app_name = "oncall"
urlpatterns = [
    path("", views.index, name="index"),
    path("<id:pk>/", views.unit_roster, name="unit"),
    path("<id:pk>/periods/", views.slot_set, name="slot_set"),
    path("<id:pk>/periods/<id:slot_pk>/remove/", views.slot_remove, name="slot_remove"),
    path("<id:pk>/exceptions/", views.exception_add, name="exception_add"),
    path(
        "<id:pk>/exceptions/<id:exception_pk>/remove/",
        views.exception_remove,
        name="exception_remove",
    ),
]
