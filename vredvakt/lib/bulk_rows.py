"""Insert many plain rows fast: COPY on PostgreSQL, bulk_create elsewhere.

A mass outage writes hundreds of thousands of checklist, timeline and audit
rows (bench/mass_outage.py); building a model instance and compiling an
INSERT for each costs more than the database spends storing them. The rows
here are tuples in `fields` order; the SQLite path turns them back into
instances, so both databases store exactly the same values.
"""

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import JSONField, Model

BATCH = 5000


def rows_insert(model: type[Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
    if connection.vendor != "postgresql":
        objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        return len(objects)
    meta = model._meta
    targets = [meta.get_field(name) for name in fields]
    as_json = [isinstance(field, JSONField) for field in targets]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in targets)  # type: ignore[union-attr]
    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(
                    [json.dumps(v) if j else v for v, j in zip(row, as_json, strict=True)]
                )
                count += 1
    return count
