from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditTampering(Exception):
    """An attempt to change or remove an audit entry other than by `audit_purge_before`."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    # The record is append-only: a queryset cannot rewrite or remove entries.
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditTampering("audit entries are never updated")

    def delete(self) -> NoReturn:
        raise AuditTampering("audit entries are removed only by audit_purge_before")


class AuditEntry(models.Model):
    """One change or one read of client data; never updated or deleted.

    The entries form a hash chain: `hash` is sha256 over the entry's fields and
    `prev_hash` (the hash of the entry before it in `seq` order), so an edit, a
    removal or an insertion in the middle shows (`vredvakt audit verify`).
    """

    seq = models.BigIntegerField(_("sequence number"), unique=True)
    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=60, blank=True)
    # Which channel the change or read came through: web, api, admin, cli, import, worker.
    via = models.CharField(_("via"), max_length=20)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    # {field: [old, new]} for a change, JSON values (dates as ISO strings).
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        target = f"{self.object_type}:{self.object_id}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditTampering("audit entries are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditTampering("audit entries are removed only by audit_purge_before")


class AuditCheckpoint(models.Model):
    """Where the chain starts after a purge: the last removed entry's seq and hash.

    Written by `audit_purge_before` in the transaction that removes the oldest
    entries, so verification starts from here and still passes.
    """

    at = models.DateTimeField(_("at"))
    cutoff = models.DateTimeField(_("removed entries before"))
    seq = models.BigIntegerField(_("last removed sequence number"), unique=True)
    hash = models.CharField(_("last removed hash"), max_length=64)
    removed = models.PositiveIntegerField(_("entries removed"))

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} seq ≤ {self.seq}"
