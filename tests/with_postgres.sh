#!/usr/bin/env bash
# Run a command (the test suite) against a real local PostgreSQL: start the machine's
# PostgreSQL 15, create a throwaway role-owned database, export DATABASE_URL, drop it after.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null
fi
pg_ctlcluster 15 main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
as_postgres() { (cd / && su postgres -c "$1"); }
as_postgres "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='archive_ci'\"" | grep -q 1 \
  || as_postgres "psql -qc \"CREATE ROLE archive_ci LOGIN PASSWORD 'archive_ci' CREATEDB\""
db="archive_ci_$$"
as_postgres "createdb -O archive_ci -E UTF8 -T template0 $db"
cleanup() {
  # The suite's database, its test database, and any live site's own (named ${db}_...).
  for name in $(as_postgres "psql -qtAc \"SELECT datname FROM pg_database WHERE datname IN ('$db', 'test_$db') OR starts_with(datname, '${db}_')\""); do
    as_postgres "dropdb --if-exists --force $name"
  done
}
trap cleanup EXIT
export DATABASE_URL="postgres://archive_ci:archive_ci@127.0.0.1:5432/$db"
"$@"
