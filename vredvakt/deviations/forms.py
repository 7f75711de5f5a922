"""The owner's report form and the unit manager's follow-up (R14)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vredvakt.deviations.models import SeriousDeficiency
from vredvakt.deviations.services import MAX_REFERENCE, MAX_TEXT, Account

LEX_SARAH_HELP = _(
    "If yes or unsure: tell your unit manager at once, today. The unit manager decides "
    "whether a Lex Sarah report is made and whether the client and relatives are told."
)


class ReportForm(forms.Form):
    account = forms.CharField(
        label=_("What happened, in your words"),
        help_text=_("What you saw and did, and how the client was affected."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_TEXT,
        required=False,
    )
    assessment = forms.CharField(
        label=_("Your assessment"),
        help_text=_("Why did it happen, and what could prevent it next time?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
        required=False,
    )
    serious = forms.ChoiceField(
        label=_("May this be a serious deficiency, or a risk of one (Lex Sarah)?"),
        help_text=LEX_SARAH_HELP,
        choices=SeriousDeficiency.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    serious_note = forms.CharField(
        label=_("If yes: what makes it serious, and have you told the unit manager?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
    reference = forms.CharField(
        label=_("Reference in the municipality's deviation system"),
        help_text=_("Needed to submit. Saving a draft does not need it."),
        max_length=MAX_REFERENCE,
        required=False,
    )

    def written(self) -> Account:
        data = self.cleaned_data
        return Account(
            account=data["account"],
            assessment=data["assessment"],
            serious=data["serious"],
            serious_note=data["serious_note"],
        )


class FollowUpForm(forms.Form):
    analysis = forms.CharField(
        label=_("Analysis"),
        help_text=_("Why did it happen: the lock, the routine, the staffing, something else?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
    )
    actions = forms.CharField(
        label=_("Actions"),
        help_text=_("What has been done or will be done, by whom; or why nothing is needed."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
    )
