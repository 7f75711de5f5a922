from django.urls import path

from vredvakt.accounts import oidc, signin_views

app_name = "accounts"

urlpatterns = [
    path("second-factor/", signin_views.second_factor, name="second_factor"),
    path("second-factor/setup/", signin_views.second_factor_setup, name="second_factor_setup"),
    path("oidc/start/", oidc.SignInStart.as_view(), name="oidc_start"),
    path("oidc/callback/", oidc.SignInCallback.as_view(), name="oidc_callback"),
]
