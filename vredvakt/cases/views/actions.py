"""The buttons on a case: each completes a checklist step through its service (R4–R14)."""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vredvakt.cases.access import (
    can_coordinate,
    can_report_deviation,
    get_case_for_user,
    is_alarm_group,
    may_correct,
    may_note,
    may_tick,
)
from vredvakt.cases.forms import ActionNoteForm, CorrectionForm, DeviationForm, NoteForm
from vredvakt.cases.services.lifecycle import (
    case_acknowledge,
    case_add_note,
    case_close,
    case_inform_alarm_group,
    case_mark_fixed,
    case_restore,
    deviation_reported,
    step_complete,
    timeline_correct,
)
from vredvakt.cases.steps import label
from vredvakt.cases.views.common import act
from vredvakt.lib.requests import signed_in


@login_required
@require_POST
def step_done(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """R4 (contact the needs assessor) and the other steps without an action of their own."""
    user = signed_in(request)
    case = get_case_for_user(user, pk)
    step = case.steps.filter(code=code).first()
    if step is None:
        raise Http404("No such step.")

    def run(now: datetime) -> object:
        return step_complete(case=case, code=code, by=user, now=now)

    done = _("Done: %(step)s") % {"step": label(code)}
    return act(request, case, allowed=may_tick(user, case, step), run=run, done=done)


@login_required
@require_POST
def inform_alarm_group(request: HttpRequest, pk: int) -> HttpResponse:
    """R8: the coordinator hands the case to the alarm group."""
    user = signed_in(request)
    case = get_case_for_user(user, pk)

    def run(now: datetime) -> object:
        return case_inform_alarm_group(case=case, by=user, now=now)

    allowed = can_coordinate(user, case)
    return act(request, case, allowed=allowed, run=run, done=_("The alarm group is informed."))


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """R8: the alarm group takes the case."""
    user = signed_in(request)
    case = get_case_for_user(user, pk)

    def run(now: datetime) -> object:
        return case_acknowledge(case=case, by=user, now=now)

    allowed = is_alarm_group(user)
    return act(request, case, allowed=allowed, run=run, done=_("You have taken the case."))


@login_required
@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    """R8: troubleshooting notes, with the vendor's ticket when there is one."""
    user = signed_in(request)
    case = get_case_for_user(user, pk)
    form = NoteForm(request.POST)

    def run(now: datetime) -> object:
        return case_add_note(
            case=case,
            by=user,
            text=form.cleaned_data["text"],
            vendor_ticket=form.cleaned_data["vendor_ticket"],
            troubleshooting=is_alarm_group(user),
            now=now,
        )

    allowed = may_note(user, case)
    return act(request, case, allowed=allowed, run=run, done=_("The note is saved."), form=form)


@login_required
@require_POST
def fixed(request: HttpRequest, pk: int) -> HttpResponse:
    """R8: the alarm group reports the fault fixed; the coordinator confirms it (R7)."""
    user = signed_in(request)
    case = get_case_for_user(user, pk)
    form = ActionNoteForm(request.POST)

    def run(now: datetime) -> object:
        note = form.cleaned_data["note"]
        return case_mark_fixed(case=case, by=user, now=now, note=note)

    done = _("Marked as fixed. The coordinator confirms that it works again.")
    allowed = is_alarm_group(user)
    return act(request, case, allowed=allowed, run=run, done=done, form=form)


@login_required
@require_POST
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    """R7: the coordinator records who saw it work again, and when."""
    user = signed_in(request)
    case = get_case_for_user(user, pk)
    form = ActionNoteForm(request.POST)

    def run(now: datetime) -> object:
        note = form.cleaned_data["note"]
        return case_restore(case=case, by=user, now=now, note=note)

    done = _("Recorded: it works again.")
    allowed = can_coordinate(user, case)
    return act(request, case, allowed=allowed, run=run, done=done, form=form)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in(request)
    case = get_case_for_user(user, pk)

    def run(now: datetime) -> object:
        return case_close(case=case, by=user, now=now)

    done = _("The case is closed. The reporter is asked for the deviation report.")
    return act(request, case, allowed=can_coordinate(user, case), run=run, done=done)


@login_required
@require_POST
def deviation(request: HttpRequest, pk: int) -> HttpResponse:
    """R14: the reporter records the deviation system's reference."""
    user = signed_in(request)
    case = get_case_for_user(user, pk)
    form = DeviationForm(request.POST)

    def run(now: datetime) -> object:
        reference = form.cleaned_data["reference"]
        return deviation_reported(case=case, by=user, reference=reference, now=now)

    allowed = can_report_deviation(user, case)
    done = _("Thank you. The deviation report is recorded.")
    return act(request, case, allowed=allowed, run=run, done=done, form=form)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """R6: a correction is a new entry pointing at the one it corrects."""
    user = signed_in(request)
    case = get_case_for_user(user, pk)
    entry = case.timeline.filter(pk=entry_pk).first()
    if entry is None:
        raise Http404("No such entry.")
    form = CorrectionForm(request.POST)

    def run(now: datetime) -> object:
        text = form.cleaned_data["text"]
        return timeline_correct(entry=entry, by=user, text=text, now=now)

    allowed = may_correct(user, case, entry)
    done = _("The correction is added.")
    return act(request, case, allowed=allowed, run=run, done=done, form=form)
