#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the tests: starts the
# machine's cluster if it is installed but stopped, installs it from Debian's packages if
# it is missing. Does nothing when CRAWL_TEST_POSTGRES_URL points elsewhere.
set -uo pipefail
if [ -n "${CRAWL_TEST_POSTGRES_URL:-}" ] && [[ "$CRAWL_TEST_POSTGRES_URL" != *127.0.0.1:5432* ]]; then
  exit 0
fi
ready() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
if command -v pg_isready >/dev/null && ready; then exit 0; fi
if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "ensure-postgres: installing PostgreSQL from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) || { echo "ensure-postgres: install failed" >&2; exit 0; }
  ver=$(ls /etc/postgresql | head -n1)
  sed -i 's/^\(local\|host\)\(.*\)\(peer\|scram-sha-256\|md5\)$/\1\2trust/' /etc/postgresql/"$ver"/main/pg_hba.conf
fi
ver=$(ls /etc/postgresql | head -n1)
pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || pg_ctlcluster "$ver" main start 2>/dev/null || true
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "ensure-postgres: PostgreSQL did not come up on 127.0.0.1:5432" >&2
exit 0
