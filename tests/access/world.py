"""One world for the access matrix: every object a parametrised URL needs, in Enhet Tumba.

Built once per test module from the shared personas (tests/conftest.py): Tumba's
clients Karin and Greta have a case, a key loan, a major outage, a battery task,
an on-call roster and deviation reports (a draft, a submitted one, the outage's),
and Anna has an API token; Otto of Enhet Alby is the outsider who must see none of it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import cached_property

from django.contrib.auth.models import User

from tests.conftest import World, build_world, make_client, make_user
from vredvakt.accounts.models import ApiToken, Role, TokenScope
from vredvakt.accounts.services import api_token_create
from vredvakt.cases.models import CaseKind, CaseSource, FaultCase, TimelineEntry
from vredvakt.cases.services.lifecycle import case_inform_alarm_group
from vredvakt.cases.services.opening import case_open
from vredvakt.deviations.models import DeviationReport
from vredvakt.deviations.services import (
    Account,
    report_for_outage,
    report_submit,
    reports_for_cases,
)
from vredvakt.keys.loans import key_sign_out
from vredvakt.keys.models import KeyLoan
from vredvakt.locks.models import Lock
from vredvakt.notifications.models import Message
from vredvakt.oncall.models import OnCallException, OnCallSlot, Weekday
from vredvakt.outages.bulk import cases_attach
from vredvakt.outages.correlation import Scope
from vredvakt.outages.models import BatteryTask, MajorOutage
from vredvakt.outages.services import outage_declare

# A Tuesday in office hours (09:00 in Stockholm): coordinators are at their desks.
NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
# What a page or answer must not show anyone who may not see Tumba's clients.
TUMBA_NAMES = ("Karin", "Lundgatan", "Greta", "Ekgatan")


@dataclass
class AccessWorld:
    world: World
    personas: dict[str, User | None]
    case: FaultCase
    entry: TimelineEntry
    loan: KeyLoan
    outage: MajorOutage
    outage_case: FaultCase
    battery: BatteryTask
    slot: OnCallSlot
    exception: OnCallException
    messages: dict[str, Message]
    draft_report: DeviationReport  # Anna's to write (R14)
    submitted_report: DeviationReport  # Ulla's to follow up
    token: ApiToken  # Anna's
    alby_manager: User  # Alby's unit manager: manages, but not Tumba

    @cached_property
    def tumba_ids(self) -> list[str]:
        """Tumba's clients as the audit trail names them (asked before and after each request)."""
        return [str(pk) for pk in self.world.tumba.clients.values_list("pk", flat=True)]


def personas_of(world: World) -> dict[str, User | None]:
    """The matrix's columns: one persona per role in Tumba, the outsider, and nobody."""
    return {
        "care_worker": world.anna,
        "coordinator": world.kim,
        "alarm_group": world.lars,
        "night_patrol": world.nils,
        "unit_manager": world.ulla,
        "operations_manager": world.olof,
        "needs_assessor": world.hanna,
        "administrator": world.adam,
        "outsider": world.otto,
        "anonymous": None,
    }


def build_access_world() -> AccessWorld:
    world = build_world()
    personas = personas_of(world)
    case = case_open(
        client=world.karin,
        kind=CaseKind.LOCK,
        source=CaseSource.CARE_WORKER,
        reported_by=world.anna,
        now=NOW,
        lock=world.karin_lock,
        note="Låset svarar inte",
    ).case
    loan = key_sign_out(key=world.karin_unit_key, by=world.anna, now=NOW, case=case)
    app = _app_case_with_the_alarm_group(world)
    outage, outage_case = _outage(world)
    draft_report, submitted_report = _reports(world, case, app, outage)
    return AccessWorld(
        world=world,
        personas=personas,
        case=case,
        entry=case.timeline.filter(actor=world.anna).earliest("pk"),
        loan=loan,
        outage=outage,
        outage_case=outage_case,
        battery=BatteryTask.objects.create(lock=world.karin_lock, opened_at=NOW, battery_at_open=9),
        slot=OnCallSlot.objects.create(
            unit=world.tumba,
            person=world.kim,
            weekday=Weekday.FRIDAY,
            starts=time(17),
            end_weekday=Weekday.MONDAY,
            ends=time(7),
        ),
        exception=OnCallException.objects.create(
            unit=world.tumba,
            person=world.ulla,
            starts_at=NOW + timedelta(days=5),
            ends_at=NOW + timedelta(days=6),
        ),
        messages=_messages(personas),
        draft_report=draft_report,
        submitted_report=submitted_report,
        token=api_token_create(
            actor=world.anna,
            user=world.anna,
            name="Anna's app",
            scope=TokenScope.READ,
            via="web",
            now=NOW,
        )[0],
        alby_manager=make_user("uno", (world.alby, Role.UNIT_MANAGER)),
    )


def _app_case_with_the_alarm_group(world: World) -> FaultCase:
    """Karin's app fails too, and Kim hands it to the alarm group (R8): it is in their queue."""
    app = case_open(
        client=world.karin,
        kind=CaseKind.APP,
        source=CaseSource.CARE_WORKER,
        reported_by=world.anna,
        now=NOW,
    ).case
    case_inform_alarm_group(case=app, by=world.kim, now=NOW)
    return app


def _outage(world: World) -> tuple[MajorOutage, FaultCase]:
    """A declared outage of Greta's gateway with her case in it: Tumba takes part (#13)."""
    greta = make_client("C-3", "Greta", "Ek", world.tumba)
    lock = Lock.objects.create(vendor="Glue", vendor_lock_id="GL-3", client=greta, gateway="gw-9")
    outage = outage_declare(
        by=world.lars, description="Gateway 9 nere", scope=Scope(gateway={"gw-9"}), now=NOW
    )
    opened = case_open(
        client=greta,
        kind=CaseKind.LOCK,
        source=CaseSource.CARE_WORKER,
        reported_by=world.anna,
        now=NOW,
        lock=lock,
    )
    cases_attach(outage=outage, cases=FaultCase.objects.filter(pk=opened.case.pk), now=NOW)
    return outage, opened.case


def _reports(
    world: World, case: FaultCase, app: FaultCase, outage: MajorOutage
) -> tuple[DeviationReport, DeviationReport]:
    """Anna reported both of Karin's cases, so she owns their reports (R14): the lock's is
    a draft, the app's she has submitted for Ulla to follow up. The outage's report
    (the operations manager's, R15) is made directly, as its hook would when it ends.
    """
    reports_for_cases([case.pk, app.pk], now=NOW)  # the key loan has made the lock's already
    draft, submitted = (DeviationReport.objects.get(case=c) for c in (case, app))
    written = Account(account="Dörren öppnades med nyckel", serious="no")
    report_submit(report=submitted, by=world.anna, written=written, reference="AV-7", now=NOW)
    report_for_outage(outage.pk, now=NOW)
    submitted.refresh_from_db()
    return draft, submitted


def _messages(personas: dict[str, User | None]) -> dict[str, Message]:
    """A message in each persona's own inbox; nobody else may open it."""
    found: dict[str, Message] = {}
    for role, user in personas.items():
        if user is None:
            continue
        found[role] = Message.objects.create(
            recipient=user,
            kind="case_opened",
            language="sv",
            title="Ett lås är ur funktion",
            body=f"Till {user.get_username()}",
            created_at=NOW,
        )
    return found
