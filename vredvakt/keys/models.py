from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vredvakt.accounts.models import Unit
from vredvakt.clients.models import Client


class StorageKind(models.TextChoices):
    UNIT_CABINET = "unit_cabinet", _("Unit key cabinet")
    SERVICE_HOUSE = "service_house", _("Service house")


class KeyStorage(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=StorageKind.choices)
    # A unit cabinet belongs to its unit; the service house serves everyone at night (R2).
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="key_storages"
    )
    address = models.CharField(_("address"), max_length=160, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("key storage place")
        verbose_name_plural = _("key storage places")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="unit_cabinet", unit__isnull=False) | Q(kind="service_house"),
                name="key_storage_cabinet_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class KeyKind(models.TextChoices):
    UNIT_KEY = "unit_key", _("Unit-cabinet key")
    NIGHT_KEY = "night_key", _("Night/alarm key")


class Key(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=KeyKind.choices)
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="keys"
    )
    storage = models.ForeignKey(
        KeyStorage, on_delete=models.PROTECT, null=True, blank=True, related_name="keys"
    )
    hook = models.CharField(_("hook or label"), max_length=40, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("key")
        verbose_name_plural = _("keys")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=KeyKind.values), name="key_kind_valid"),
            # Two keys cannot hang on the same hook of one place.
            models.UniqueConstraint(
                fields=["storage", "hook"],
                condition=~Q(hook=""),
                name="key_hook_unique_per_storage",
            ),
        ]

    def __str__(self) -> str:
        return self.code
