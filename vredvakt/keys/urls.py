from django.urls import path

from vredvakt.keys import pages, views

app_name = "keys"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("loans/<int:pk>/return/", views.return_key, name="return"),
    path("loans/<int:pk>/hand-over/", views.hand_over, name="hand_over"),
    path("places/", pages.storage_list, name="storages"),
    path("places/<int:pk>/", pages.storage, name="storage"),
    path("health/", pages.health, name="health"),
]
