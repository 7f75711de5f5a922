from django.urls import path

from vredvakt.notifications import views

app_name = "notifications"
urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/<id:pk>/", views.detail, name="detail"),
    path("messages/<id:pk>/read/", views.mark_read, name="mark_read"),
    path("messages/read-all/", views.mark_all_read, name="mark_all_read"),
    path("messages/settings/", views.preferences, name="preferences"),
]
