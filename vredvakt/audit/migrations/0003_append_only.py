"""The chain's order is unique, the purge checkpoint, and the append-only trigger.

On PostgreSQL a trigger refuses UPDATE and DELETE on the log, except a DELETE
in a transaction that set `vredvakt.audit_purge` (only `audit_purge_before`
does). A separate migration from the backfill: PostgreSQL alters a table only
once the rows updated in the same transaction are settled.
"""

from django.db import migrations, models

TRIGGER = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('vredvakt.audit_purge', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_append_only();
"""


def trigger_create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def trigger_drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain")]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(unique=True, verbose_name="sequence number"),
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(verbose_name="at")),
                ("cutoff", models.DateTimeField(verbose_name="removed entries before")),
                ("seq", models.BigIntegerField(unique=True, verbose_name="last removed sequence number")),
                ("hash", models.CharField(max_length=64, verbose_name="last removed hash")),
                ("removed", models.PositiveIntegerField(verbose_name="entries removed")),
            ],
            options={
                "verbose_name": "audit checkpoint",
                "verbose_name_plural": "audit checkpoints",
                "ordering": ["-seq"],
            },
        ),
        migrations.RunPython(trigger_create, trigger_drop),
    ]
