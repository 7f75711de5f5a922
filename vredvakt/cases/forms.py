"""The forms of the case pages. Services check the routine; forms check the input."""

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vredvakt.cases.models import CaseKind, FaultCase
from vredvakt.clients.models import Client
from vredvakt.lib.ids import ModelIdsField

NOTE_MAX = 2000


token_field = forms.CharField(
    required=False,
    max_length=40,
    widget=forms.HiddenInput,
    validators=[RegexValidator(r"^[0-9a-f]{32}$", _("The form is damaged. Open it again."))],
)


class ReportForm(forms.Form):
    """R3, R6: which client, what does not work, and what happened (optional)."""

    client = forms.ModelChoiceField(
        queryset=Client.objects.none(),
        error_messages={
            "required": _("Choose the client."),
            "invalid_choice": _("Choose one of your unit's clients."),
        },
    )
    kind = forms.ChoiceField(
        label=_("What does not work?"),
        choices=CaseKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what does not work.")},
    )
    note = forms.CharField(
        label=_("What happened? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    token = token_field

    def __init__(self, *args: object, clients: QuerySet[Client], **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]


class NightPatrolForm(forms.Form):
    """R9: the reviewed message: which cases, and the text the night patrol reads."""

    cases = ModelIdsField(
        queryset=FaultCase.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one case."),
            "invalid_choice": _("A chosen case is no longer waiting for the night patrol."),
            "invalid_pk_value": _("A chosen case is no longer waiting for the night patrol."),
        },
    )
    text = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # The draft as shown: a text left as it was is rebuilt from the cases ticked.
    draft = forms.CharField(required=False, max_length=8000, widget=forms.HiddenInput)

    def __init__(self, *args: object, cases: QuerySet[FaultCase], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["cases"].queryset = cases  # type: ignore[attr-defined]

    def text_to_send(self) -> str:
        text, draft = self.cleaned_data["text"].strip(), self.cleaned_data["draft"].strip()
        return "" if text == draft else text


class NoteForm(forms.Form):
    """R8: the alarm group's troubleshooting (battery, re-sync, a ticket with the vendor)."""

    text = forms.CharField(
        label=_("What was done or found"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    vendor_ticket = forms.CharField(
        label=_("Vendor ticket (optional)"), required=False, max_length=60
    )


class ActionNoteForm(forms.Form):
    """An optional note with an action ("works again", "fixed")."""

    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeviationForm(forms.Form):
    """R14: the reference the deviation system gave the report."""

    reference = forms.CharField(
        label=_("Reference in the deviation system"),
        max_length=80,
        error_messages={"required": _("Write the reference from the deviation system.")},
    )


class CorrectionForm(forms.Form):
    """R6: a correction is a new entry; the entry it corrects stays as it was."""

    text = forms.CharField(
        label=_("Correction"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the correction.")},
    )
