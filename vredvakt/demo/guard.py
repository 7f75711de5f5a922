"""Is this database the demo's? `demo-data` refuses to write into real data (#14 item 8).

The demo creates a superuser with a published password; loaded into a
municipality's database it would open everything. What the demo makes is
known by its natural keys (unit codes, client references, usernames), so
anything else in those tables is somebody's real data — unless the demo was
loaded into this database before (its `demo_data.load` audit entry, which
cannot be edited away): then it is a trial's own additions, and
`scripts/start`, which runs `demo-data` at every start, must keep working.
"""

from django.contrib.auth.models import User
from django.utils.translation import ngettext

from vredvakt.accounts.models import Unit
from vredvakt.audit.models import AuditEntry
from vredvakt.clients.models import Client
from vredvakt.demo import organisation as org
from vredvakt.demo.municipality import Registry

DEMO_LOADED = "demo_data.load"


def demo_foreign_data(registry: Registry) -> list[str]:
    """What the database holds that the demo did not make, one phrase per table; [] if none
    or if this is a demo database already."""
    if AuditEntry.objects.filter(action=DEMO_LOADED).exists():
        return []
    units = Unit.objects.exclude(code__in=[unit.code for unit in org.UNITS]).count()
    clients = Client.objects.exclude(
        reference__in=[row["reference"] for row in registry.clients]
    ).count()
    users = User.objects.exclude(username__in=[p.username for p in org.ALL_PEOPLE]).count()
    found = []
    if units:
        found.append(ngettext("%(n)d unit", "%(n)d units", units) % {"n": units})
    if clients:
        found.append(ngettext("%(n)d client", "%(n)d clients", clients) % {"n": clients})
    if users:
        found.append(ngettext("%(n)d user", "%(n)d users", users) % {"n": users})
    return found
