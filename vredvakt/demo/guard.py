"""Is this database the demo's? `demo-data` refuses to write into real data (#14 item 8).

The demo creates a superuser with a published password; loaded into a
municipality's database it would open everything. What the demo makes is
known by its natural keys (unit codes, client references, usernames), so
anything else in those tables is somebody's real data.
"""

from django.contrib.auth.models import User
from django.utils.translation import ngettext

from vredvakt.accounts.models import Unit
from vredvakt.clients.models import Client
from vredvakt.demo import organisation as org
from vredvakt.demo.municipality import Registry


def demo_foreign_data(registry: Registry) -> list[str]:
    """What the database holds that the demo did not make, one phrase per table; [] if none."""
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
