package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/postgres"
	"github.com/khabar/khabar/internal/store/sqlite"
)

// dbFlag adds --db to a command; its default is $KHABAR_DB, then the user's data directory.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "database: a SQLite file path or a postgres:// URL (default $KHABAR_DB, else $XDG_DATA_HOME/khabar/khabar.db)")
}

// openStore opens the store named by --db, $KHABAR_DB or the default path, creating its directory.
func openStore(e *env, db string) (store.Store, string, error) {
	if db == "" {
		db = e.getenv("KHABAR_DB")
	}
	if db == "" {
		p, err := store.DefaultPath()
		if err != nil {
			return nil, "", err
		}
		db = p
	}
	if postgres.IsURL(db) {
		st, err := postgres.Open(e.ctx, db)
		if err != nil {
			return nil, redact(db), fmt.Errorf("open %s: %w", redact(db), err)
		}
		return st, redact(db), nil
	}
	if dir := filepath.Dir(db); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, db, fmt.Errorf("open %s: %w", db, err)
		}
	}
	if n, err := sqlite.PendingRebuild(e.ctx, db); err == nil && n > 0 {
		fmt.Fprintf(e.stderr, "upgrading %s: rebuilding the search index of %d articles, once (a minute or two per 100,000)\n", db, n)
	}
	st, err := sqlite.Open(e.ctx, db)
	if err != nil {
		return nil, db, fmt.Errorf("open %s: %w", db, err)
	}
	return st, db, nil
}

// redact hides a password in a database URL.
func redact(db string) string {
	if i := strings.Index(db, "://"); i >= 0 {
		if j := strings.Index(db[i+3:], "@"); j >= 0 {
			cred := db[i+3 : i+3+j]
			if k := strings.Index(cred, ":"); k >= 0 {
				return db[:i+3] + cred[:k] + ":***" + db[i+3+j:]
			}
		}
	}
	return db
}
