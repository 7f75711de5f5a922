"""Deviation reports (R14, R15): one per fault case or major outage, prefilled from its record."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Unit


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    FOLLOWED_UP = "followed_up", _("Followed up and closed")


class SeriousDeficiency(models.TextChoices):
    """Lex Sarah (SoL 14 kap.): may this be a serious deficiency, or a risk of one?"""

    NO = "no", _("No")
    UNSURE = "unsure", _("Unsure")
    YES = "yes", _("Yes")


class DeviationReport(models.Model):
    """A deviation report: the facts as Vredvakt recorded them and the owner's account."""

    # Exactly one of the two (constraint below): a case (R14) or a major outage (R15).
    case = models.OneToOneField(
        "cases.FaultCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviation_report",
    )
    outage = models.OneToOneField(
        "outages.MajorOutage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviation_report",
    )
    # The case's unit (whose manager follows up); none for an outage: every unit's.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # One person owns it; when nobody does (a telemetry case no one confirmed at the
    # door), `owner_role` says who does: the unit's coordinators or the operations manager.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner_role = models.CharField(max_length=20, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # The case's or outage's record when the report was made, refreshed until it is
    # submitted: what happened and when, client, lock, keys, who did what, deadlines.
    facts = models.JSONField(default=dict)
    facts_at = models.DateTimeField()
    account = models.TextField(_("what happened, in your words"), blank=True)
    assessment = models.TextField(_("your assessment"), blank=True)
    serious = models.CharField(
        _("may this be a serious deficiency (Lex Sarah)?"),
        max_length=6,
        choices=SeriousDeficiency.choices,
        blank=True,
    )
    serious_note = models.TextField(_("what makes it serious, and who has been told"), blank=True)
    reference = models.CharField(_("reference in the deviation system"), max_length=100, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The unit manager's follow-up (SOSFS 2011:9): analysis, actions, closed.
    analysis = models.TextField(_("analysis"), blank=True)
    actions = models.TextField(_("actions taken or planned"), blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("deviation report")
        verbose_name_plural = _("deviation reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, outage__isnull=True)
                | Q(case__isnull=True, outage__isnull=False),
                name="deviation_report_case_or_outage",
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | (Q(submitted_at__isnull=False) & ~Q(reference="")),
                name="deviation_report_submitted_has_reference",
            ),
            models.CheckConstraint(
                condition=~Q(state="followed_up") | Q(followed_up_at__isnull=False),
                name="deviation_report_followed_up_has_time",
            ),
        ]
        indexes = [models.Index(fields=["state", "unit"])]

    def __str__(self) -> str:
        subject = f"case {self.case_id}" if self.case_id else f"outage {self.outage_id}"
        return f"#{self.pk} {subject} ({self.state})"

    @property
    def is_draft(self) -> bool:
        return self.state == ReportState.DRAFT

    @property
    def is_submitted(self) -> bool:
        return self.state == ReportState.SUBMITTED
