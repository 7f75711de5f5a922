from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Unit
from vredvakt.jobs.models import ClaimableRow
from vredvakt.lib.names import person_name


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In Vredvakt")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class MessageQuerySet(models.QuerySet["Message"]):
    def for_user(self, user_id: int) -> "MessageQuerySet":
        return self.filter(recipient_id=user_id)

    def unread(self) -> "MessageQuerySet":
        return self.filter(read_at__isnull=True)

    def unreached(self) -> "MessageQuerySet":
        """Not read in Vredvakt and not delivered by email or SMS: nobody knows yet."""
        delivered = Delivery.objects.filter(
            message=OuterRef("pk"), status=DeliveryStatus.DELIVERED
        ).exclude(channel=Channel.IN_APP)
        return self.filter(read_at__isnull=True).exclude(Exists(delivered))


class Message(models.Model):
    """One message to one recipient: a person, or a unit's shared mailbox/phone."""

    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    recipient_unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("unit contact"),
    )
    language = models.CharField(_("language"), max_length=8)
    # The case or outage the message belongs to (generic until those apps exist).
    subject_type = models.CharField(_("subject type"), max_length=60, blank=True)
    subject_id = models.CharField(_("subject id"), max_length=60, blank=True)
    # Rendered once, when queued: a retry never sends a different text.
    title = models.CharField(_("title"), max_length=200)  # no personal data: lock screens
    body = models.TextField(_("text"))  # in-app only; may name clients (behind login)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("queued at"), db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    escalate_at = models.DateTimeField(_("escalate at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    escalation_note = models.TextField(_("escalation"), blank=True)
    escalation_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("escalation of"),
    )
    escalation_depth = models.PositiveSmallIntegerField(_("escalation depth"), default=0)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="message_inbox"),
            models.Index(fields=["subject_type", "subject_id"], name="message_subject"),
            models.Index(
                fields=["escalate_at"],
                condition=Q(escalated_at__isnull=True, read_at__isnull=True),
                name="message_escalation_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False, recipient_unit__isnull=True)
                | Q(recipient__isnull=True, recipient_unit__isnull=False),
                name="message_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        if self.recipient is not None:
            return person_name(self.recipient)
        return str(self.recipient_unit)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed permanently")
    GAVE_UP = "gave_up", _("Gave up")


class Delivery(ClaimableRow):
    """The outbox row: one message on one channel, delivered by the worker."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)
    # The idempotency key: the email's Message-ID and the SMS gateway's reference.
    key = models.UUIDField(_("idempotency key"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    created_at = models.DateTimeField(_("queued at"))
    due_at = models.DateTimeField(_("next attempt at"))
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Set just before a send, cleared when it is recorded: still set on the next
    # send means a worker died mid-send and this one may arrive twice (#16).
    send_started_at = models.DateTimeField(_("send started at"), null=True, blank=True)
    suspected_duplicates = models.PositiveIntegerField(_("suspected duplicates"), default=0)
    subject_line = models.CharField(_("subject line"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["due_at"], condition=Q(status="pending"), name="delivery_due"),
            models.Index(fields=["address", "-created_at"], name="delivery_address"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["message", "channel"], name="delivery_one_per_channel"),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="delivery_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_at__isnull=False),
                name="delivery_delivered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address} ({self.get_status_display()})"


class AttemptOutcome(models.TextChoices):
    DELIVERED = "delivered", _("Delivered")
    TEMPORARY_ERROR = "temporary_error", _("Temporary error")
    PERMANENT_ERROR = "permanent_error", _("Permanent error")
    # Sent after another worker had already recorded the row as delivered.
    SUPERSEDED = "superseded", _("Sent again (already delivered)")


class DeliveryAttempt(models.Model):
    """Every try, with its error: the delivery record shown per case or outage."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    worker_id = models.CharField(_("worker"), max_length=120)
    outcome = models.CharField(_("outcome"), max_length=20, choices=AttemptOutcome.choices)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M:%S} {self.get_outcome_display()}"


class NotificationPreferences(models.Model):
    """A person's language and chosen channels per kind of message."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )
    # {"case_opened": ["email"], …}; a kind missing here uses its default channels.
    channels = models.JSONField(_("channels per kind"), default=dict, blank=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
