from django.urls import path

from vredvakt.deviations import views

app_name = "deviations"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("follow-up/", views.follow_up_list, name="follow_up_list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/save/", views.save, name="save"),
    path("<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("case/<int:case_id>/", views.for_case, name="for_case"),
    path("outage/<int:outage_id>/", views.for_outage, name="for_outage"),
]
