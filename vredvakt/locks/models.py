from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vredvakt.clients.models import Client


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
        ]

    def __str__(self) -> str:
        return f"{self.vendor} {self.vendor_lock_id}"
