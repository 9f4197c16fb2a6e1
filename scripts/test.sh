#!/usr/bin/env bash
# The full test suite: hygiene checks, unit and contract tests (race detector on the store and pipeline), fuzz
# seeds. Installs what the tests need on a fresh Debian machine (as root) and starts a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=$PATH:/usr/local/go/bin

echo "== gofmt"
bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$bad" ]; then echo "gofmt would change:"; echo "$bad"; exit 1; fi

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...

echo "== go test -race (store and pipeline)"
go test -count=1 -race ./internal/store/... ./internal/analyze/...
