#!/usr/bin/env bash
# Benchmark figures of the reference backend (`make bench-server`): list throughput and
# p50/p99 with 64 clients, and the 50 MB upload next to a plain loopback transfer, for
# both databases (SQLite, PostgreSQL in a throwaway cluster) and both stores (the local
# disk, an S3-compatible bucket served by moto on loopback).
source "$(dirname "$0")/tools.sh"
cd "$ROOT"
need_postgres
need_moto
trap 'stop_moto; stop_postgres' EXIT
cargo build --release -p apx-server --benches

run() {
  say "bench-server: database $1, store $2"
  cargo bench -q -p apx-server --bench api
}

unset APX_TEST_DATABASE_URL APX_TEST_STORE
run SQLite "local disk"
start_postgres "${APX_BENCH_PG_PORT:-18442}"
run PostgreSQL "local disk"
PG_URL=$APX_TEST_DATABASE_URL
unset APX_TEST_DATABASE_URL
start_moto "${APX_BENCH_S3_PORT:-18510}"
run SQLite "S3 (moto)"
export APX_TEST_DATABASE_URL=$PG_URL
run PostgreSQL "S3 (moto)"
