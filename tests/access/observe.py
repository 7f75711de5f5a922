"""What a persona gets from one request: its status, whether Tumba's clients show, what changed."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client as HttpClient

from tests.access.requests import send
from tests.access.world import TUMBA_NAMES, AccessWorld
from vredvakt.accounts.models import RateCount
from vredvakt.audit.models import AuditEntry

# Rows a request may write whatever it is allowed: who signed in is kept in the session,
# and the rate limits count refused requests too (a refusal must not be free to repeat);
# the audit trail is counted apart, reads and changes each.
IGNORED_MODELS = {Session, RateCount, AuditEntry}
# What records a read of a client: a page or answer showing them, their data exported
# (GDPR art. 15), the log of who read them reviewed (HSLF-FS 2016:40).
READS = ("client.read", "client.export", "access_review.client")


@dataclass(frozen=True)
class Seen:
    status: int
    location: str
    shows_tumba: bool
    changed: tuple[str, ...]  # models whose row count moved

    def __str__(self) -> str:
        where = f" -> {self.location}" if self.location else ""
        names = " showing Tumba's clients" if self.shows_tumba else ""
        changed = f" changing {', '.join(self.changed)}" if self.changed else ""
        return f"{self.status}{where}{names}{changed}"


def row_counts(aw: AccessWorld) -> dict[str, int]:
    """Rows per table in one query: refused writes are many, and each counts twice."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model not in IGNORED_MODELS and model._meta.managed
        }
    )
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts: dict[str, int] = dict(cursor.fetchall())
    audit = AuditEntry.objects.all()
    # Signing in and out is recorded for everyone (#14): not a change of anyone's data.
    changes = audit.exclude(action__in=READS).exclude(action__startswith="auth.")
    counts["audit (changes)"] = changes.count()
    # A read of Tumba's clients logged for someone who may not read them is a read that happened.
    counts["audit (reads of Tumba)"] = audit.filter(
        action__in=READS, object_type="clients.client", object_id__in=aw.tumba_ids
    ).count()
    return counts


def signed_in(user: User | None) -> HttpClient:
    http = HttpClient(raise_request_exception=False)
    if user is not None:
        http.force_login(user)
    return http


def observe(
    http: HttpClient, aw: AccessWorld, entry: str, role: str, *, count: bool, htmx: bool = False
) -> Seen:
    """Send the request inside a savepoint rolled back after: every cell meets the same world."""
    with transaction.atomic():
        if entry == "POST logout":
            # Signing out ends the session the persona's other requests share.
            http = signed_in(aw.personas[role])
        before = row_counts(aw) if count else {}
        response = send(http, aw, entry, role, htmx=htmx)
        after = row_counts(aw) if count else {}
        transaction.set_rollback(True)
    body = b"" if getattr(response, "streaming", False) else response.content
    text = body.decode("utf-8", "replace")
    return Seen(
        status=response.status_code,
        location=response.headers.get("Location", ""),
        shows_tumba=any(name in text for name in TUMBA_NAMES),
        changed=tuple(sorted(k for k in after if after[k] != before[k])),
    )
