from django.urls import path

from vredvakt.cases.views import actions, alarm, desk, detail, patrol, report, tonight

app_name = "cases"
urlpatterns = [
    path("", desk.desk, name="desk"),
    path("close-restored/", desk.close_restored, name="close_restored"),
    path("report/", report.report, name="report"),
    path("alarm/", alarm.queue, name="alarm_queue"),
    path("tonight/", tonight.tonight, name="tonight"),
    path("night-patrol/<id:unit_pk>/", patrol.compose, name="night_patrol"),
    path("<id:pk>/", detail.detail, name="detail"),
    path("<id:pk>/reported/", report.reported, name="reported"),
    path("<id:pk>/night-patrol/", patrol.send_one, name="night_patrol_one"),
    path("<id:pk>/steps/<slug:code>/done/", actions.step_done, name="step_done"),
    path("<id:pk>/inform-alarm-group/", actions.inform_alarm_group, name="inform"),
    path("<id:pk>/acknowledge/", actions.acknowledge, name="acknowledge"),
    path("<id:pk>/note/", actions.note, name="note"),
    path("<id:pk>/fixed/", actions.fixed, name="fixed"),
    path("<id:pk>/restore/", actions.restore, name="restore"),
    path("<id:pk>/close/", actions.close, name="close"),
    path("<id:pk>/deviation/", actions.deviation, name="deviation"),
    path("<id:pk>/timeline/<id:entry_pk>/correct/", actions.correct, name="correct"),
]
