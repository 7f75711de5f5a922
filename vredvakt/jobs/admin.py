from django.contrib import admin

from vredvakt.jobs.models import ScheduledJob, WorkerHeartbeat


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin[ScheduledJob]):
    list_display = ["kind", "due_at", "state", "attempts", "subject_type", "subject_id", "done_at"]
    list_filter = ["state", "kind"]
    search_fields = ["key", "subject_id"]
    date_hierarchy = "due_at"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin[WorkerHeartbeat]):
    list_display = ["worker_id", "hostname", "pid", "started_at", "last_loop_at", "stopped_at"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
