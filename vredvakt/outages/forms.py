from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from vredvakt.locks.models import Lock
from vredvakt.outages.correlation import Scope
from vredvakt.outages.notices import written_text_goes_by_email


def _choices(field: str) -> list[tuple[str, str]]:
    values = Lock.objects.exclude(**{field: ""}).values_list(field, flat=True).distinct()
    return [(v, v) for v in sorted(set(values))]


class DeclareForm(forms.Form):
    """R11: what the alarm group knows that telemetry does not (the app, a platform, a network)."""

    description = forms.CharField(
        label=_("What has happened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        # Not emailed, but on the outage page, which every unit manager sees (outages.access).
        help_text=_(
            "No client names: every unit manager, external providers' too, reads this "
            "on the outage page."
        ),
    )
    all_locks = forms.BooleanField(
        label=_("Every lock (the lock app or the vendors' platforms are down)"), required=False
    )
    vendors = forms.MultipleChoiceField(
        label=_("Vendors"), required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    gateways = forms.MultipleChoiceField(
        label=_("Gateways"), required=False, widget=forms.SelectMultiple
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, field in (("vendors", "vendor"), ("areas", "area"), ("gateways", "gateway")):
            self.fields[name].choices = _choices(field)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("all_locks", "vendors", "areas", "gateways")):
            raise forms.ValidationError(_("Choose which locks the outage covers."))
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        vendors = {v for v, _label in _choices("vendor")} if data["all_locks"] else set()
        return Scope(
            area=set(data["areas"]),
            gateway=set(data["gateways"]),
            vendor=vendors | set(data["vendors"]),
        )


def where_the_text_goes() -> StrOrPromise:
    """Tell the leader, before they write, whether the email carries it (outages.notices)."""
    if written_text_goes_by_email(timezone.now()):
        return _(
            "The routine in force allows personal data by email: this text goes by email "
            "to every unit manager, external providers' mailboxes too."
        )
    return _(
        "The text stays in Vredvakt: every unit manager reads it here after signing in; "
        "their email only says it is waiting and links to it."
    )


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Status update"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["text"].help_text = where_the_text_goes()


class RestoreForm(forms.Form):
    note = forms.CharField(
        label=_("What happened (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["note"].help_text = where_the_text_goes()


class DeviationForm(forms.Form):
    reference = forms.CharField(label=_("Reference in the deviation system"), max_length=100)
