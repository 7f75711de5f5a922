"""What lock telemetry sets off (R17) and the major outage that groups many faults (R11–R15)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vredvakt.jobs.models import ClaimableRow
from vredvakt.locks.models import Lock
from vredvakt.routine_versions.models import RoutineVersion


class OutageStatus(models.TextChoices):
    OPEN = "open", _("Ongoing")
    RESTORED = "restored", _("Over: the locks work again")


class OutageSource(models.TextChoices):
    DETECTED = "detected", _("Detected from lock telemetry")
    DECLARED = "declared", _("Declared by hand")


class OutageCause(models.TextChoices):
    NETWORK = "network", _("Network loss in an area or at a gateway suspected")
    PLATFORM = "platform", _("The lock vendor's platform or its network suspected")
    UNKNOWN = "unknown", _("Cause not known yet")


class MajorOutage(models.Model):
    """Many locks out of order at once, coordinated by the alarm group's unit manager (R11)."""

    status = models.CharField(
        _("status"), max_length=10, choices=OutageStatus.choices, default=OutageStatus.OPEN
    )
    source = models.CharField(_("source"), max_length=10, choices=OutageSource.choices)
    cause = models.CharField(
        _("suspected cause"),
        max_length=10,
        choices=OutageCause.choices,
        default=OutageCause.UNKNOWN,
    )
    description = models.TextField(_("description"), blank=True)
    # What the outage covers: an offline lock matching any of these belongs to it.
    areas = models.JSONField(_("areas"), default=list, blank=True)
    gateways = models.JSONField(_("gateways"), default=list, blank=True)
    vendors = models.JSONField(_("vendors"), default=list, blank=True)
    # Vendors whose locks went (nearly) all silent: their platform is suspected.
    silent_vendors = models.JSONField(_("vendors gone silent"), default=list, blank=True)
    routine_version = models.ForeignKey(
        RoutineVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # R16
    opened_at = models.DateTimeField(_("started"), db_index=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # R11: its cases are attached and the leader told; until then the worker retries.
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    # R11: the alarm group's unit manager who took the lead (the first to act).
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # R12/R13: when all unit managers and the operations manager were told.
    managers_notified_at = models.DateTimeField(_("unit managers told"), null=True, blank=True)
    last_update_at = models.DateTimeField(_("last update sent"), null=True, blank=True)
    # Most of its locks report again: the leader is asked to confirm it is over.
    restore_proposed_at = models.DateTimeField(null=True, blank=True)
    restored_at = models.DateTimeField(_("over"), null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # R15: the operations manager writes the deviation report.
    deviation_reference = models.CharField(_("deviation reference"), max_length=100, blank=True)
    deviation_reported_at = models.DateTimeField(_("deviation reported"), null=True, blank=True)
    deviation_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("major outage")
        verbose_name_plural = _("major outages")
        constraints = [
            # One outage at a time is coordinated; new groups of failures join it.
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="open"), name="outage_one_open"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(restored_at__isnull=False),
                name="outage_restored_has_restored_at",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.opened_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.status == OutageStatus.OPEN

    @property
    def has_scope(self) -> bool:
        return bool(self.areas or self.gateways or self.vendors)


class OutageEntry(models.Model):
    """The outage's record: appended, never edited (R12: every update that was sent)."""

    outage = models.ForeignKey(MajorOutage, on_delete=models.PROTECT, related_name="entries")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.outage_id} {self.at:%Y-%m-%d %H:%M} {self.kind}"


class BatteryTask(models.Model):
    """R17: a battery below the warning level: the alarm group changes it before it dies."""

    lock = models.ForeignKey(Lock, on_delete=models.CASCADE, related_name="battery_tasks")
    opened_at = models.DateTimeField(_("opened"))
    battery_at_open = models.PositiveSmallIntegerField(_("battery when opened (%)"), null=True)
    # Below the critical level the lock may die any moment: a fault case runs the routine.
    critical_case = models.ForeignKey(
        "cases.FaultCase", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # None: telemetry saw the battery back above the warning level.
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["opened_at", "id"]
        verbose_name = _("battery change")
        verbose_name_plural = _("battery changes")
        constraints = [
            models.UniqueConstraint(
                fields=["lock"], condition=Q(closed_at__isnull=True), name="battery_task_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lock} {self.opened_at:%Y-%m-%d}"


class LockSignal(ClaimableRow):
    """A lock whose telemetry changed something: the worker looks at it (docs/outages.md).

    Written in the same transaction as the change (ingest, sweep), so none is
    lost; the worker opens cases and tasks from it outside the hot ingest path
    and deletes it when done.
    """

    lock = models.ForeignKey(Lock, on_delete=models.CASCADE, related_name="+", db_index=False)
    due_at = models.DateTimeField()
    # The lock left a fault state (offline, jammed, critical battery): propose "works again".
    came_back = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["due_at"], name="lock_signal_due")]

    def __str__(self) -> str:
        return f"{self.lock_id} @ {self.due_at:%H:%M:%S}"
