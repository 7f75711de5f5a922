"""The statistics page's tables, in the order it shows them.

Each table is one figure function with its column headings and, when it has
one, the chart drawn beside it. To add a table, add a `Table` to TABLES (see
the marked place below): the page, its chart and its CSV download follow.
"""

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vredvakt.reports.figures import (
    availability,
    cases,
    deviations,
    keys,
    locks,
    outages,
    routine,
)
from vredvakt.reports.figures.base import Figure

ChartKind = Literal["bar", "column"]


@dataclass(frozen=True)
class Chart:
    kind: ChartKind
    labels: tuple[int, ...]  # the columns whose text names a bar, joined
    value: int  # the column the bar's length shows


@dataclass(frozen=True)
class Table:
    name: str  # in URLs and CSV file names
    title: str | Promise
    help: str | Promise
    columns: tuple[str | Promise, ...]
    figure: Figure
    chart: Chart | None = None


TABLES: tuple[Table, ...] = (
    Table(
        name="cases-by-cause",
        title=_("Fault cases by cause"),
        help=_(
            "Cases opened in the period. One cause per case: an expired care decision first, "
            "then a major outage suspected to be the network or the vendor's platform, "
            "then what the reporter said fails (the lock, the app, something else)."
        ),
        columns=(_("Cause"), _("Cases")),
        figure=cases.cases_by_cause,
        chart=Chart("bar", (0,), 1),
    ),
    Table(
        name="cases-over-time",
        title=_("Fault cases over time"),
        help=_("Cases opened per day; in periods longer than 31 days per week (from Monday)."),
        columns=(_("Day or week"), _("Cases")),
        figure=cases.cases_over_time,
        chart=Chart("column", (0,), 1),
    ),
    Table(
        name="cases-by-lock",
        title=_("Fault cases by lock vendor, model and area"),
        help=_("Cases opened in the period, by the lock of the case."),
        columns=(_("Vendor and model"), _("Area"), _("Cases")),
        figure=cases.cases_by_lock,
        chart=Chart("bar", (0, 1), 2),
    ),
    Table(
        name="restore-times",
        title=_("Time from report to working again"),
        help=_(
            "Hours from the report to the moment a person confirmed the door works again (R7), "
            "for the cases opened in the period that work again. Median: the middle value. "
            "90th percentile: 9 of 10 cases worked again within this time."
        ),
        columns=(_("Cause"), _("Cases working again"), _("Median (h)"), _("90th percentile (h)")),
        figure=cases.restore_times,
        chart=Chart("bar", (0,), 2),
    ),
    Table(
        name="night-patrol",
        title=_("Message to the night patrol before the deadline"),
        help=_(
            "R9: the coordinator tells the night patrol by 17:00 (at once on a day off, R10). "
            "For the cases opened in the period; the share counts the messages sent on time, "
            "sent late and not sent once the deadline passed."
        ),
        columns=(_("Outcome"), _("Cases"), _("Share (%)")),
        figure=routine.night_patrol_messages,
        chart=Chart("bar", (0,), 1),
    ),
    Table(
        name="off-hours",
        title=_("Cases out of hours and at weekends, and how long they waited"),
        help=_(
            "Waited: hours from the case being opened to the first thing a coordinator or "
            "unit manager (the person on call) did on it, as its timeline shows; "
            "the report itself does not count. Cases nobody has acted on yet are counted "
            "but have no waiting time."
        ),
        columns=(
            _("When"),
            _("Cases"),
            _("Acted on"),
            _("Median wait (h)"),
            _("90th percentile wait (h)"),
        ),
        figure=routine.off_hours_cases,
        chart=Chart("bar", (0,), 1),
    ),
    Table(
        name="repeated-failures",
        title=_("Locks that failed three or more times"),
        help=_(
            "Locks with three or more fault cases about the lock itself opened in the period, "
            "named by the vendor's lock id."
        ),
        columns=(_("Lock id"), _("Vendor and model"), _("Area"), _("Fault cases")),
        figure=locks.repeated_failures,
        chart=Chart("bar", (0,), 3),
    ),
    Table(
        name="battery",
        title=_("Battery-caused faults"),
        help=_(
            "Warnings: low-battery tasks opened for the alarm group (R17). Faults: cases opened "
            "because a battery fell below the critical level."
        ),
        columns=(_("Vendor and model"), _("Low-battery warnings"), _("Battery faults")),
        figure=locks.battery_faults,
        chart=Chart("bar", (0,), 2),
    ),
    Table(
        name="major-outages",
        title=_("Major outages"),
        help=_(
            "Major outages (R11) during the period that held a case of the chosen units. "
            "Clients affected: the units' clients with a case in the outage."
        ),
        columns=(_("Started"), _("Over"), _("Hours"), _("Suspected cause"), _("Clients affected")),
        figure=outages.major_outages,
        chart=Chart("bar", (0,), 4),
    ),
    Table(
        name="keys-overdue",
        title=_("Spare keys not back in time"),
        help=_(
            "Key loans whose due-back time fell in the period (R5), by the unit of the key's "
            "client: returned late, or still out."
        ),
        columns=(_("Unit"), _("Loans due back"), _("Returned late"), _("Still out")),
        figure=keys.keys_overdue,
        chart=Chart("bar", (0,), 3),
    ),
    Table(
        name="availability",
        title=_("Lock availability"),
        help=_(
            "The share of time the locks worked, per vendor, model and area. A lock does not "
            "work while a fault case about it is open (from the report until it works again) "
            "and while its telemetry says it is offline, silent past its heartbeat interval "
            "and grace, or jammed; a time counts once when both say so. "
            "Availability = (lock-hours − unavailable hours) / lock-hours, "
            "up to now for a period not yet over."
        ),
        columns=(
            _("Vendor and model"),
            _("Area"),
            _("Locks"),
            _("Lock-hours"),
            _("Unavailable hours"),
            _("Availability (%)"),
        ),
        figure=availability.lock_availability,
        chart=Chart("bar", (0, 1), 5),
    ),
    Table(
        name="deviation-reports",
        title=_("Deviation reports by state"),
        help=_(
            "Deviation reports about the units' fault cases asked for in the period (R14): "
            "drafts the owner has not submitted, submitted reports waiting for the unit "
            "manager's follow-up, and those followed up. Oldest: days the oldest report "
            "in that state has waited."
        ),
        columns=(_("State"), _("Reports"), _("Oldest waiting (days)")),
        figure=deviations.deviation_reports,
        chart=Chart("bar", (0,), 1),
    ),
    # More tables go here: one more Table(...) whose figure takes (units, start, end, now).
)


def table_named(name: str) -> Table | None:
    return next((t for t in TABLES if t.name == name), None)
