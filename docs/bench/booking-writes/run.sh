#!/usr/bin/env bash
# Times one allocator batch's writes (5,000 bookings, slot updates, decisions) in psql, four
# batches in a row, against a scratch database migrated to the schema of this checkout.
# Usage: docs/bench/booking-writes/run.sh [batch.sql|batch-plain.sql]   (needs a PostgreSQL at PGHOST, trust auth)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../../.."
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}"
psql -qc 'drop database if exists sluice_write_costs' -c 'create database sluice_write_costs'
for f in $(ls "$root"/schema/src/main/resources/db/migration/V*.sql | sort -V); do
    psql -d sluice_write_costs -q -v ON_ERROR_STOP=1 -f "$f" >/dev/null
done
psql -d sluice_write_costs -q -f "$here/setup.sql" 2>/dev/null
echo "per batch, ms: begin | insert booking | update slot | insert request_decision | commit"
for lo in 0 5000 10000 15000; do
    psql -d sluice_write_costs -q -v lo=$lo -f "$here/${1:-batch.sql}" | awk '/^Time/ {printf "%s ", $2} END {print ""}'
done
psql -qc 'drop database sluice_write_costs'
