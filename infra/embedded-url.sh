#!/usr/bin/env bash
# Prints the DATABASE_URL of the embedded PostgreSQL of a running `pnpm start`, for
# backup.sh and psql. The port is chosen at each start and recorded in postmaster.pid.
set -euo pipefail
data_dir=${DATA_DIR:-./data}
port=$(sed -n 4p "$data_dir/pg/postmaster.pid")
echo "postgres://postgres:$(cat "$data_dir/pg-password")@127.0.0.1:$port/fieldschool"
