#!/usr/bin/env bash
# The full test suite: hygiene checks, unit, contract and browser tests (race detector on the store and the
# pipeline). On a fresh Debian machine, run as root, it first installs what the tests need: Chromium and a Persian
# font for the browser test, PostgreSQL for the PostgreSQL backend.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] || need+=(fonts-noto-core)
# PostgreSQL's binaries live in /usr/lib/postgresql/N/bin on Debian, not on PATH.
if [ -z "${KHABAR_TEST_PG:-}" ] && ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== apt-get install ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "== not root or no apt-get: cannot install ${need[*]}; tests that need them will say so"
  fi
fi

# A throwaway PostgreSQL cluster for the PostgreSQL store, queue and kill tests, unless KHABAR_TEST_PG already
# names a database. Those tests skip only when KHABAR_TEST_PG is unset, so in CI a cluster that cannot start
# fails the run.
if [ -z "${KHABAR_TEST_PG:-}" ]; then
  pgdir=$(mktemp -d "${TMPDIR:-/tmp}/khabar-pg.XXXXXX")
  trap './scripts/pg.sh stop "$pgdir"' EXIT
  if KHABAR_TEST_PG=$(./scripts/pg.sh start "$pgdir"); then
    export KHABAR_TEST_PG
    echo "== PostgreSQL test cluster: $KHABAR_TEST_PG"
  else
    unset KHABAR_TEST_PG
    if [ "${CI:-}" = true ]; then
      echo "== PostgreSQL did not start; CI needs it"
      exit 1
    fi
    echo "== PostgreSQL did not start: the PostgreSQL tests will skip"
  fi
fi

echo "== gofmt"
bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$bad" ]; then echo "gofmt would change:"; echo "$bad"; exit 1; fi

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...

echo "== go test -race (store, ingest and pipeline)"
go test -count=1 -race ./internal/store/... ./internal/ingest/... ./internal/analyze/...
