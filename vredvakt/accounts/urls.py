from django.urls import path

from vredvakt.accounts import oidc, signin_views, views

app_name = "accounts"

urlpatterns = [
    # After the password: the second factor (#14) and single sign-on.
    path("login/second-factor/", signin_views.second_factor, name="second_factor"),
    path(
        "login/second-factor/setup/",
        signin_views.second_factor_setup,
        name="second_factor_setup",
    ),
    path("login/oidc/start/", oidc.SignInStart.as_view(), name="oidc_start"),
    path("login/oidc/callback/", oidc.SignInCallback.as_view(), name="oidc_callback"),
    # One's own API tokens (#14).
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
