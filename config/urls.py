from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from vredvakt.accounts import signin_views
from vredvakt.accounts.ratelimit import login_key, web_rate_limited
from vredvakt.api import api

# A database failure raised in a middleware is a 503 too (vredvakt.lib.unavailable).
handler500 = "vredvakt.lib.unavailable.server_error"

urlpatterns = [
    # The admin site signs in through /login/ and its second factor.
    path("admin/login/", signin_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "login/",
        web_rate_limited("login", login_key)(signin_views.SignInView.as_view()),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include("vredvakt.locks.ingest_api")),  # signed telemetry, R17
    path("api/v1/", api.urls),
    path("", include("vredvakt.accounts.urls")),  # second factor, single sign-on, API tokens
    path("data-protection/", include("vredvakt.retention.urls")),  # client export, #14
    path("import/", include("vredvakt.imports.urls")),
    path("cases/", include("vredvakt.cases.urls")),
    path("keys/", include("vredvakt.keys.urls")),
    path("oncall/", include("vredvakt.oncall.urls")),  # who is on call out of hours, #12
    path("outages/", include("vredvakt.outages.urls")),  # major outages, R11-R15
    path("deviations/", include("vredvakt.deviations.urls")),  # deviation reports, R14-R15
    path("reports/", include("vredvakt.reports.urls")),  # statistics, #15
    path("locks/", include("vredvakt.front.fleet_urls")),  # the fleet view, names locks:…
    path("", include("vredvakt.notifications.urls")),
    path("", include("vredvakt.jobs.urls")),  # /healthz, /healthz/system
    path("", include("vredvakt.ops.urls")),  # /metrics, behind METRICS_TOKEN
    path("", include("vredvakt.front.urls")),
]
