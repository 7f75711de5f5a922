from django.urls import path

from vredvakt.cases.views import actions, alarm, desk, detail, patrol, report, tonight

app_name = "cases"
urlpatterns = [
    path("", desk.desk, name="desk"),
    path("close-restored/", desk.close_restored, name="close_restored"),
    path("report/", report.report, name="report"),
    path("alarm/", alarm.queue, name="alarm_queue"),
    path("tonight/", tonight.tonight, name="tonight"),
    path("night-patrol/<int:unit_pk>/", patrol.compose, name="night_patrol"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/reported/", report.reported, name="reported"),
    path("<int:pk>/night-patrol/", patrol.send_one, name="night_patrol_one"),
    path("<int:pk>/steps/<slug:code>/done/", actions.step_done, name="step_done"),
    path("<int:pk>/inform-alarm-group/", actions.inform_alarm_group, name="inform"),
    path("<int:pk>/acknowledge/", actions.acknowledge, name="acknowledge"),
    path("<int:pk>/note/", actions.note, name="note"),
    path("<int:pk>/fixed/", actions.fixed, name="fixed"),
    path("<int:pk>/restore/", actions.restore, name="restore"),
    path("<int:pk>/close/", actions.close, name="close"),
    path("<int:pk>/deviation/", actions.deviation, name="deviation"),
    path("<int:pk>/timeline/<int:entry_pk>/correct/", actions.correct, name="correct"),
]
