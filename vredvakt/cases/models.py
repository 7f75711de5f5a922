from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Unit
from vredvakt.clients.models import Client
from vredvakt.locks.models import Lock
from vredvakt.routine_versions.models import RoutineVersion


class CaseKind(models.TextChoices):
    LOCK = "lock", _("The lock")
    APP = "app", _("The app")
    OTHER = "other", _("Something else")


class CaseSource(models.TextChoices):
    CARE_WORKER = "care_worker", _("Care worker")
    COORDINATOR = "coordinator", _("Coordinator")
    TELEMETRY = "telemetry", _("Lock telemetry")


class CaseMode(models.TextChoices):
    WEEKDAY = "weekday", _("Weekday")
    # R10b (#12): a working day after the coordinators' day, until midnight.
    OUT_OF_HOURS = "out_of_hours", _("Out of hours")
    WEEKEND = "weekend", _("Weekend or holiday")  # R10


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESTORED = "restored", _("Works again")  # R7: the technical part is over
    CLOSED = "closed", _("Closed")


class FaultCase(models.Model):
    """One lock (or the app) not working for one client."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="cases")
    # The client's unit when the case opened: who owns the case even if the client moves.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases")
    lock = models.ForeignKey(
        Lock, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    kind = models.CharField(_("what fails"), max_length=10, choices=CaseKind.choices)
    source = models.CharField(_("source"), max_length=20, choices=CaseSource.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=CaseMode.choices)
    shift = models.CharField(_("shift"), max_length=10)
    key_kind = models.CharField(_("key to use"), max_length=20)
    routine_version = models.ForeignKey(
        RoutineVersion, on_delete=models.PROTECT, null=True, related_name="cases"
    )  # R16: the version the case runs under
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    # R4: an expired decision explains a lock that will not open; not a technical fault.
    access_revoked = models.BooleanField(_("access revoked: decision expired"), default=False)
    decision_expires_on = models.DateField(_("care decision expires"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), db_index=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    restored_at = models.DateTimeField(_("works again"), null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # R7: telemetry may propose "works again"; a person confirms it.
    restore_proposed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    alarm_acknowledged_at = models.DateTimeField(null=True, blank=True)
    alarm_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vendor_ticket = models.CharField(_("vendor ticket"), max_length=60, blank=True)
    # R11: part of a major outage; its per-case messages wait while the outage is open.
    major_outage = models.ForeignKey(
        "outages.MajorOutage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("major outage"),
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("fault case")
        verbose_name_plural = _("fault cases")
        constraints = [
            # A second report of the same client's lock joins the open case (R3, R6).
            models.UniqueConstraint(
                fields=["client", "kind"],
                condition=Q(status="open"),
                name="case_one_open_per_client_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(restored_at__isnull=False),
                name="case_not_open_has_restored_at",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="case_closed_has_closed_at",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.client} ({self.get_kind_display()})"


class CaseStep(models.Model):
    """One step of the routine's checklist for a case, owned by a role, with a due time."""

    case = models.ForeignKey(FaultCase, on_delete=models.CASCADE, related_name="steps")
    code = models.CharField(max_length=40)
    rule = models.CharField(max_length=5)
    role = models.CharField(max_length=20)
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The person who must do it when it is one person (R14: the reporter).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "code"], name="case_step_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.code}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class TimelineEntry(models.Model):
    """The case's record (R6, R7): appended, never edited or deleted."""

    case = models.ForeignKey(FaultCase, on_delete=models.PROTECT, related_name="timeline")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    # A correction is a new entry pointing at the entry it corrects.
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d %H:%M} {self.kind}"


class SubmissionToken(models.Model):
    """A form's idempotency token: a retried submit joins the first one (UX.md)."""

    token = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(FaultCase, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.token


class NightPatrolMessage(models.Model):
    """R9: what the coordinator sent the night patrol, when, about which cases."""

    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    cases = models.ManyToManyField(FaultCase, related_name="night_patrol_messages")

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.unit} {self.sent_at:%Y-%m-%d %H:%M}"
