#!/usr/bin/env bash
# The test command (README): unit and integration tests, offline, on loopback only.
# PostgreSQL tests use CRAWL_TEST_POSTGRES_URL, else 127.0.0.1:5432 if a server answers;
# without a server they are skipped with a notice, except under CI=true where they fail.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked --all-targets "$@"
