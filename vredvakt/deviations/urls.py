from django.urls import path

from vredvakt.deviations import views

app_name = "deviations"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("follow-up/", views.follow_up_list, name="follow_up_list"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/save/", views.save, name="save"),
    path("<id:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("<id:pk>/export.<str:fmt>", views.export, name="export"),
    path("case/<id:case_id>/", views.for_case, name="for_case"),
    path("outage/<id:outage_id>/", views.for_outage, name="for_outage"),
]
