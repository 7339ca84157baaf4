# Sourced by backup.sh and restore.sh: sets DATABASE_URL when it is not set, from the
# runtime file a running `pnpm start` keeps in DATA_DIR (its embedded PostgreSQL's address).
data_dir=${DATA_DIR:-./data}
# The file store, as the api reads FILES_DIR.
files_dir=${FILES_DIR:-$data_dir/files}
if [ -z "${DATABASE_URL:-}" ]; then
  runtime="$data_dir/runtime.json"
  if [ ! -r "$runtime" ]; then
    echo "set DATABASE_URL, or start FieldSchool (pnpm start) so that $runtime names its database" >&2
    exit 2
  fi
  DATABASE_URL=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).databaseUrl)' "$runtime")
fi
export DATABASE_URL

# What the database holds besides our tables: the job queue's schema. Its own migrations
# table, like drizzle's, is made by the migrations themselves and is compared, not copied.
ROW_SCHEMAS="'public', 'graphile_worker'"

# The major version of the server, and of this machine's pg_dump.
server_major() { psql "$DATABASE_URL" -XAtqc 'SHOW server_version_num' | cut -c1-2; }
pg_dump_major() { pg_dump --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/'; }
