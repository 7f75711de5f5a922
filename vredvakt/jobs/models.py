from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ClaimableRow(models.Model):
    """A row the worker claims for a while (a lease) before it acts on it.

    A worker killed mid-work leaves its claim behind; once `claimed_until` has
    passed any worker may take the row over, so nothing is lost.
    """

    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=120, blank=True)
    claim_token = models.UUIDField(_("claim token"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True


class JobState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


class ScheduledJob(ClaimableRow):
    """Work due at a moment: a deadline, a reminder, an overdue check (R9, R10, R12, R5)."""

    kind = models.CharField(_("kind"), max_length=60)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    due_at = models.DateTimeField(_("due at"))
    # What the job belongs to, e.g. ("cases.faultcase", "12"); generic so any app can use it.
    subject_type = models.CharField(_("subject type"), max_length=60, blank=True)
    subject_id = models.CharField(_("subject id"), max_length=60, blank=True)
    # Scheduling the same key twice yields one job (a retried request never doubles a reminder).
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.PENDING
    )
    created_at = models.DateTimeField(_("created at"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    done_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        indexes = [
            models.Index(fields=["due_at"], condition=Q(state="pending"), name="job_pending_due"),
            models.Index(fields=["subject_type", "subject_id"], name="job_subject"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=JobState.values), name="job_state_valid"),
            models.CheckConstraint(
                condition=Q(state="pending", done_at__isnull=True)
                | (~Q(state="pending") & Q(done_at__isnull=False)),
                name="job_done_at_matches_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.due_at:%Y-%m-%d %H:%M} ({self.state})"


class WorkerHeartbeat(models.Model):
    """Each worker's last loop, for /healthz."""

    worker_id = models.CharField(_("worker id"), max_length=120, unique=True)
    hostname = models.CharField(_("host"), max_length=120, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"))
    last_loop_at = models.DateTimeField(_("last loop at"), db_index=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        ordering = ["-last_loop_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.last_loop_at:%Y-%m-%d %H:%M:%S}"
