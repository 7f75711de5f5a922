from django.urls import path

from vredvakt.keys.views import loans, overview

app_name = "keys"
urlpatterns = [
    path("", loans.mine, name="mine"),
    path("sign-out/", loans.sign_out, name="sign_out"),
    path("loans/<id:pk>/return/", loans.return_key, name="return"),
    path("loans/<id:pk>/hand-over/", loans.hand_over, name="hand_over"),
    path("places/", overview.storage_list, name="storages"),
    path("places/<id:pk>/", overview.storage, name="storage"),
    path("health/", overview.health, name="health"),
]
