from django.urls import path

from vredvakt.front.views import access_review, home, registers

app_name = "front"
urlpatterns = [
    path("", home.home, name="home"),
    path("clients/", registers.client_list, name="client_list"),
    path("clients/<id:pk>/", registers.client_detail, name="client_detail"),
    path("locks/", registers.lock_list, name="lock_list"),
    path("locks/<id:pk>/", registers.lock_detail, name="lock_detail"),
    path("keys/<id:pk>/", registers.key_detail, name="key_detail"),
    # Log review by unit managers (HSLF-FS 2016:40).
    path("audit/review/", access_review.access_review, name="access_review"),
]
