from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vredvakt.clients.models import Client
from vredvakt.locks.telemetry import EventType, LockState, LockStatus


class Lock(models.Model):
    vendor = models.CharField(_("vendor"), max_length=60)
    model = models.CharField(_("model"), max_length=60, blank=True)
    vendor_lock_id = models.CharField(_("vendor's lock id"), max_length=80)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="locks"
    )
    heartbeat_interval_s = models.PositiveIntegerField(
        _("expected heartbeat interval (seconds)"), default=900
    )
    area = models.CharField(_("area"), max_length=80, blank=True)
    gateway = models.CharField(_("gateway"), max_length=80, blank=True)
    # R17: the lock's state as its telemetry last left it (see telemetry.next_state).
    status = models.CharField(
        _("status"), max_length=20, choices=LockStatus.choices, default=LockStatus.UNKNOWN
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    # The newest event applied to the state: older ones arriving late never move it back.
    last_event_at = models.DateTimeField(_("newest event"), null=True, blank=True)
    battery = models.PositiveSmallIntegerField(_("battery (%)"), null=True, blank=True)
    jammed = models.BooleanField(_("jammed"), default=False)
    # When the lock counts as silent: last seen + heartbeat interval + grace. Indexed
    # (only where set) so the sweep reads the due locks, whatever the fleet size.
    overdue_at = models.DateTimeField(_("silent after"), null=True, blank=True)

    class Meta:
        ordering = ["vendor", "vendor_lock_id"]
        verbose_name = _("lock")
        verbose_name_plural = _("locks")
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "vendor_lock_id"], name="lock_vendor_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(heartbeat_interval_s__gte=10), name="lock_heartbeat_interval_sane"
            ),
            models.CheckConstraint(
                condition=Q(battery__lte=100) | Q(battery__isnull=True),
                name="lock_battery_percent",
            ),
            models.CheckConstraint(
                condition=Q(status__in=LockStatus.values), name="lock_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["overdue_at"],
                name="lock_overdue_idx",
                condition=Q(overdue_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} {self.vendor_lock_id}"

    @property
    def telemetry_state(self) -> LockState:
        return LockState(
            heartbeat_interval=timedelta(seconds=self.heartbeat_interval_s),
            status=self.status,
            status_changed_at=self.status_changed_at,
            last_seen_at=self.last_seen_at,
            last_event_at=self.last_event_at,
            battery=self.battery,
            jammed=self.jammed,
            overdue_at=self.overdue_at,
        )


class Integration(models.Model):
    """A lock vendor's system that posts signed telemetry (docs/integration.md)."""

    name = models.SlugField(_("name"), max_length=60, unique=True)
    # Matches Lock.vendor: an integration only ever reaches its own vendor's locks.
    vendor = models.CharField(_("vendor"), max_length=60)
    # HMAC needs the secret itself, so it is stored as is; rotate it (the previous
    # one stays valid until the vendor has switched) and never show it after creation.
    secret = models.CharField(_("secret"), max_length=100)
    previous_secret = models.CharField(_("previous secret"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"))
    secret_rotated_at = models.DateTimeField(_("secret rotated"), null=True, blank=True)
    # Written by the ingest at most once a minute (ingest.py, LAST_USED_RESOLUTION).
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    # Revoked for good (#14): the ingest refuses its secrets; unlike `active`, never undone.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        constraints = [
            models.CheckConstraint(condition=~Q(secret=""), name="integration_has_secret"),
        ]

    def __str__(self) -> str:
        return self.name


class LockEvent(models.Model):
    """One telemetry event as the vendor sent it; never updated."""

    # No single-column indexes on the two foreign keys: the unique constraint and the
    # history index below lead with them, and every extra index slows the ingest.
    integration = models.ForeignKey(
        Integration, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    event_id = models.CharField(_("vendor's event id"), max_length=100)
    # Kept as sent, so events for locks not (yet) registered are kept and reported.
    vendor_lock_id = models.CharField(_("vendor's lock id"), max_length=80)
    lock = models.ForeignKey(
        Lock,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        db_index=False,
    )
    type = models.CharField(_("type"), max_length=20, choices=EventType.choices)
    at = models.DateTimeField(_("at"))
    battery = models.PositiveSmallIntegerField(_("battery (%)"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("lock event")
        verbose_name_plural = _("lock events")
        constraints = [
            # Vendors retry: the same event posted twice is stored once.
            models.UniqueConstraint(
                fields=["integration", "event_id"], name="lock_event_unique_per_integration"
            ),
            models.CheckConstraint(
                condition=Q(battery__lte=100) | Q(battery__isnull=True),
                name="lock_event_battery_percent",
            ),
        ]
        indexes = [
            models.Index(fields=["lock", "-at"], name="lock_event_history_idx"),
            # Events for a lock not registered yet, found when it is (adoption.py);
            # an insert for a known lock adds nothing to it.
            models.Index(
                fields=["vendor_lock_id"],
                name="lock_event_orphan_idx",
                condition=Q(lock__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor_lock_id} {self.type} {self.at:%Y-%m-%d %H:%M:%S}"
