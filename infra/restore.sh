#!/usr/bin/env bash
# Restores a backup made by backup.sh into an EMPTY database, then rebuilds the search index.
#   DATABASE_URL=postgres://... DATA_DIR=./data infra/restore.sh /path/to/backups/fieldschool-<stamp>
set -euo pipefail
source_dir=${1:?usage: restore.sh BACKUP_FOLDER}
data_dir=${DATA_DIR:-./data}
: "${DATABASE_URL:?set DATABASE_URL}"
pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$source_dir/database.dump"
mkdir -p "$data_dir"
for item in files id-number-key; do
  if [ -e "$source_dir/$item" ]; then cp -a "$source_dir/$item" "$data_dir/"; fi
done
echo "restored; now run: pnpm reindex"
