#!/usr/bin/env bash
# Proves a backup can be restored: loads a pg_dump file (custom format, -Fc)
# into a new, empty database, runs `vredvakt check --database default` and
# `vredvakt migrate --check` against it, and drops it again. Exit 0 only when
# the restore and both checks succeed. See docs/deploy.md, "Backup and restore".
#
#   PGHOST=db.example PGUSER=vredvakt deploy/restore-check.sh /backup/vredvakt-2026-12-03.dump
#
# Connection: libpq's variables (PGHOST, PGPORT, PGUSER, PGPASSWORD); the user
# must be allowed to create databases. VREDVAKT is the command that runs
# Vredvakt (default: vredvakt); PG_BIN a folder holding pg_restore, createdb
# and dropdb if they are not on PATH.
set -euo pipefail

dump="${1:?usage: restore-check.sh DUMP_FILE}"
[[ -r "$dump" ]] || { echo "restore-check: cannot read $dump" >&2; exit 2; }
bin="${PG_BIN:+$PG_BIN/}"
vredvakt="${VREDVAKT:-vredvakt}"
scratch="vredvakt_restore_check_$(date +%s)_$$"

cleanup() { "${bin}dropdb" --if-exists "$scratch" || true; }
trap cleanup EXIT

"${bin}createdb" "$scratch"
# --no-owner: the dump may come from a server with other role names.
"${bin}pg_restore" --no-owner --exit-on-error --dbname "$scratch" "$dump"

host="${PGHOST:-127.0.0.1}"
auth="${PGUSER:-$USER}${PGPASSWORD:+:$PGPASSWORD}"
export DATABASE_URL="postgres://${auth}@${host}:${PGPORT:-5432}/${scratch}"
$vredvakt check --database default
$vredvakt migrate --check
echo "restore-check: $dump restores and passes check and migrate --check"
