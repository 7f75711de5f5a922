from django.urls import path

from vredvakt.cases import (
    views_actions,
    views_alarm,
    views_desk,
    views_detail,
    views_patrol,
    views_report,
)

app_name = "cases"
urlpatterns = [
    path("", views_desk.desk, name="desk"),
    path("close-restored/", views_desk.close_restored, name="close_restored"),
    path("report/", views_report.report, name="report"),
    path("alarm/", views_alarm.queue, name="alarm_queue"),
    path("night-patrol/<int:unit_pk>/", views_patrol.compose, name="night_patrol"),
    path("<int:pk>/", views_detail.detail, name="detail"),
    path("<int:pk>/reported/", views_report.reported, name="reported"),
    path("<int:pk>/night-patrol/", views_patrol.send_one, name="night_patrol_one"),
    path("<int:pk>/steps/<slug:code>/done/", views_actions.step_done, name="step_done"),
    path("<int:pk>/inform-alarm-group/", views_actions.inform_alarm_group, name="inform"),
    path("<int:pk>/acknowledge/", views_actions.acknowledge, name="acknowledge"),
    path("<int:pk>/note/", views_actions.note, name="note"),
    path("<int:pk>/fixed/", views_actions.fixed, name="fixed"),
    path("<int:pk>/restore/", views_actions.restore, name="restore"),
    path("<int:pk>/close/", views_actions.close, name="close"),
    path("<int:pk>/deviation/", views_actions.deviation, name="deviation"),
    path("<int:pk>/timeline/<int:entry_pk>/correct/", views_actions.correct, name="correct"),
]
