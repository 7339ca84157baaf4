#!/usr/bin/env bash
# Backs up what cannot be rebuilt: the PostgreSQL database, the stored document files and
# the keys in DATA_DIR. Meilisearch is not backed up: `pnpm reindex` rebuilds it.
#   DATABASE_URL=postgres://... DATA_DIR=./data infra/backup.sh /path/to/backups
# With the embedded default running, DATABASE_URL is printed by `infra/embedded-url.sh`.
set -euo pipefail
target=${1:?usage: backup.sh BACKUP_DIR}
data_dir=${DATA_DIR:-./data}
: "${DATABASE_URL:?set DATABASE_URL}"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$target/fieldschool-$stamp"
mkdir -p "$out"
pg_dump --format=custom --no-owner --file="$out/database.dump" "$DATABASE_URL"
for item in files id-number-key; do
  if [ -e "$data_dir/$item" ]; then cp -a "$data_dir/$item" "$out/"; fi
done
echo "backup written to $out"
