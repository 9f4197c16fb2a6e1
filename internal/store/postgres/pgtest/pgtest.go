// Package pgtest helps tests use PostgreSQL: each test opens its store in a fresh schema of the database named by
// $KHABAR_TEST_PG, dropped when the test ends, so that tests and packages never see each other's data. Tests
// skip only when KHABAR_TEST_PG is unset (scripts/test.sh always sets it; scripts/pg.sh starts a cluster).
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the environment variable that holds the test database URL.
const EnvVar = "KHABAR_TEST_PG"

// URL returns the test database URL, skipping the test when it is unset.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvVar)
	if u == "" {
		t.Skip(EnvVar + " is unset: no PostgreSQL to test against (scripts/pg.sh start DIR prints one)")
	}
	return u
}

// Schema returns a fresh schema name, and drops that schema when the test ends.
func Schema(t testing.TB) string {
	t.Helper()
	u := URL(t)
	b := make([]byte, 6)
	rand.Read(b)
	name := "test_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, u)
		if err != nil {
			t.Logf("drop schema %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{name}.Sanitize()+` CASCADE`); err != nil {
			t.Logf("drop schema %s: %v", name, err)
		}
	})
	return name
}
