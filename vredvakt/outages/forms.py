from django import forms
from django.utils.translation import gettext_lazy as _

from vredvakt.locks.models import Lock
from vredvakt.outages.correlation import Scope


def _choices(field: str) -> list[tuple[str, str]]:
    values = Lock.objects.exclude(**{field: ""}).values_list(field, flat=True).distinct()
    return [(v, v) for v in sorted(set(values))]


class DeclareForm(forms.Form):
    """R11: what the alarm group knows that telemetry does not (the app, a platform, a network)."""

    description = forms.CharField(
        label=_("What has happened?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("No client names: this text goes to every unit manager."),
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


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Status update"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("No client names: this text goes to every unit manager."),
    )


class RestoreForm(forms.Form):
    note = forms.CharField(
        label=_("What happened (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class DeviationForm(forms.Form):
    reference = forms.CharField(label=_("Reference in the deviation system"), max_length=100)
