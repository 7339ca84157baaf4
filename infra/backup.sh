#!/usr/bin/env bash
# Backs up what cannot be rebuilt: the PostgreSQL database, the stored files (FILES_DIR,
# DATA_DIR/files unless set) and the ID-number key in DATA_DIR. Meilisearch is not backed up: `pnpm reindex` rebuilds it.
#   infra/backup.sh /path/to/backups          (a running `pnpm start`: its embedded database)
#   DATABASE_URL=postgres://... DATA_DIR=/srv/fieldschool infra/backup.sh /path/to/backups
# The database is written as pg_dump's custom format (database.dump) when this machine's
# pg_dump can read the server. Debian 12's pg_dump 15 cannot read the embedded PostgreSQL 18
# (pg_dump refuses any newer server): then every table's rows are written with psql's \copy
# in one snapshot (rows/), and restore.sh rebuilds the schema with this version's migrations.
# BACKUP_FORMAT=dump or rows chooses.
set -euo pipefail
target=${1:?usage: backup.sh BACKUP_DIR}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/database-url.sh"

format=${BACKUP_FORMAT:-}
if [ -z "$format" ]; then
  if [ "$(pg_dump_major)" -ge "$(server_major)" ]; then format=dump; else format=rows; fi
fi
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$target/fieldschool-$stamp"
mkdir -p "$out"

case "$format" in
  dump)
    pg_dump --format=custom --no-owner --file="$out/database.dump" "$DATABASE_URL"
    ;;
  rows)
    mkdir "$out/rows"
    psql "$DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 -F $'\t' -o "$out/rows/tables" -c "
      SELECT n.nspname || '.' || c.relname, string_agg(quote_ident(a.attname), ',' ORDER BY a.attnum)
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE c.relkind = 'r' AND n.nspname IN ($ROW_SCHEMAS) AND NOT (n.nspname = 'graphile_worker' AND c.relname = 'migrations')
      GROUP BY 1 ORDER BY 1"
    # One read-only snapshot for every table, the sequences and the schema version.
    {
      echo 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;'
      while IFS=$'\t' read -r table columns; do
        echo "\\copy (SELECT $columns FROM $table) TO '$out/rows/$table.copy'"
      done <"$out/rows/tables"
      echo "\\copy (SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences WHERE schemaname IN ($ROW_SCHEMAS) AND last_value IS NOT NULL) TO '$out/rows/sequences'"
      echo "\\copy (SELECT 'drizzle', hash FROM (SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id DESC LIMIT 1) d UNION ALL SELECT 'graphile_worker', max(id)::text FROM graphile_worker.migrations) TO '$out/rows/schema-version'"
    } >"$out/rows/backup.sql"
    psql "$DATABASE_URL" -Xq -v ON_ERROR_STOP=1 --single-transaction -f "$out/rows/backup.sql"
    rm "$out/rows/backup.sql"
    ;;
  *)
    echo "BACKUP_FORMAT must be dump or rows, got \"$format\"" >&2
    exit 2
    ;;
esac

if [ -d "$files_dir" ]; then cp -a "$files_dir" "$out/files"; fi
if [ -e "$data_dir/id-number-key" ]; then cp -a "$data_dir/id-number-key" "$out/"; fi
echo "backup written to $out ($format)"
