#!/usr/bin/env bash
# Restores a backup made by backup.sh into an empty database (or one the api has only
# migrated, with no users yet) and DATA_DIR; then rebuild the search index with `pnpm reindex`
# and (re)start the api, which reads the restored ID-number key at start.
#   infra/restore.sh /path/to/backups/fieldschool-<stamp>      (a running `pnpm start`)
#   DATABASE_URL=postgres://... DATA_DIR=/srv/fieldschool infra/restore.sh /path/to/backups/fieldschool-<stamp>
set -euo pipefail
source_dir=${1:?usage: restore.sh BACKUP_FOLDER}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/database-url.sh"
psql_run() { psql "$DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 "$@"; }

# Never over a database in use: the restore replaces every row.
if [ "$(psql_run -c "SELECT to_regclass('public.users') IS NOT NULL AND EXISTS (SELECT FROM public.users)")" = t ]; then
  echo "the database already has users: restore only into an empty database (createdb a new one, or a fresh DATA_DIR)" >&2
  exit 1
fi

if [ -f "$source_dir/database.dump" ]; then
  if [ "$(psql_run -c "SELECT to_regclass('public.users') IS NOT NULL")" = t ]; then
    echo "a dump restores into an empty database only, and this one has FieldSchool's tables: createdb a new one" >&2
    exit 1
  fi
  pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$source_dir/database.dump"
elif [ -d "$source_dir/rows" ]; then
  # The schema comes from this checkout's migrations, which must be those the backup was made with.
  "$here/../apps/api/node_modules/.bin/tsx" "$here/../apps/api/src/cli/migrate.ts"
  current=$(psql_run -F $'\t' -c "SELECT 'drizzle', hash FROM (SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id DESC LIMIT 1) d UNION ALL SELECT 'graphile_worker', max(id)::text FROM graphile_worker.migrations")
  if [ "$current" != "$(cat "$source_dir/rows/schema-version")" ]; then
    echo "this backup was made by another version of FieldSchool (its schema differs): restore it with that version, then upgrade" >&2
    exit 1
  fi
  # Constraints and triggers wait (replica role): the rows arrive table by table, in any order.
  script=$(mktemp)
  trap 'rm -f "$script"' EXIT
  {
    echo 'SET session_replication_role = replica;'
    echo "TRUNCATE $(cut -f1 "$source_dir/rows/tables" | paste -sd, -);"
    while IFS=$'\t' read -r table columns; do
      echo "\\copy $table ($columns) FROM '$source_dir/rows/$table.copy'"
    done <"$source_dir/rows/tables"
    while IFS=$'\t' read -r sequence value; do
      echo "SELECT setval('$sequence', $value);"
    done <"$source_dir/rows/sequences"
  } >"$script"
  psql_run --single-transaction -o /dev/null -f "$script"
else
  echo "$source_dir holds no database.dump and no rows/: not a backup made by backup.sh" >&2
  exit 1
fi

mkdir -p "$data_dir"
if [ -d "$source_dir/files" ]; then
  rm -rf "${files_dir:?}"
  mkdir -p "$(dirname "$files_dir")"
  cp -a "$source_dir/files" "$files_dir"
fi
if [ -e "$source_dir/id-number-key" ]; then cp -a "$source_dir/id-number-key" "$data_dir/"; fi
echo "restored; now run: pnpm reindex, then (re)start the api"
