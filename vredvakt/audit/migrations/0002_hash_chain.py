"""The hash chain's columns, old and new values, and where a request came from.

Existing entries are numbered and hashed in id order, so the chain covers the
whole log from before this migration.
"""

from django.db import migrations, models

# The hashing must match what audit_record writes; it is the app's own function
# because a second copy could drift and make every old entry fail verification.
from vredvakt.audit.chain import GENESIS, entry_hash

BATCH = 2000


def hash_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    entry_model = apps.get_model("audit", "AuditEntry")
    seq, prev, last_id = 0, GENESIS, 0
    while True:
        batch = list(entry_model.objects.filter(id__gt=last_id).order_by("id")[:BATCH])
        if not batch:
            return
        for entry in batch:
            seq += 1
            entry.seq, entry.changes, entry.ip, entry.user_agent = seq, {}, "", ""
            entry.prev_hash = prev
            entry.hash = prev = entry_hash(vars(entry), prev)
        entry_model.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
        last_id = batch[-1].id


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(null=True, verbose_name="sequence number"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="changes",
            field=models.JSONField(blank=True, default=dict, verbose_name="changes"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="ip",
            field=models.CharField(blank=True, default="", max_length=45, verbose_name="IP address"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="user_agent",
            field=models.CharField(blank=True, default="", max_length=300, verbose_name="user agent"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="previous hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.RunPython(hash_existing, migrations.RunPython.noop),
    ]
