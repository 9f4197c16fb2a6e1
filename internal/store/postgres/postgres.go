// Package postgres is Khabar's store for many machines: store.Store on PostgreSQL through pgx (pgxpool), with
// numbered migrations like the SQLite store and the same IDs and behaviour, asserted by the storetest suite.
//
// Search runs on a tsvector built from Khabar's own search keys (package search), never from PostgreSQL's
// parsers: each key is one lexeme, as the `simple` configuration would keep it (no stemming, no stop words),
// written with its position so that phrases hold. Title keys carry weight A, body keys weight B, and the extra
// keys (compound parts and adjacent-pair keys) weight C at a position no phrase can reach. A GIN index serves
// the match; ts_rank with weights in the ratio of SQLite's BM25 column weights orders the hits.
//
// The jobs table of package jobs lives in the same schema and is created by these migrations, so that one schema
// version describes the whole database.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/internal/backend"
)

// Store is the PostgreSQL implementation of store.Store.
type Store struct {
	pool   *pgxpool.Pool
	url    string
	schema string
	closed atomic.Bool
	ixPool sync.Pool // *search.Indexer word-key caches, one per concurrent Put

	freqMu sync.Mutex // key frequencies for ranking, from the planner's statistics
	freq   map[string]float64
	freqN  float64
	freqAt time.Time

	rankWindow int // RankWindow (tests lower it)
}

var _ store.Store = (*Store)(nil)

// Options configure Open.
type Options struct {
	// Schema is the schema that holds Khabar's tables, created when missing; "" uses the first schema of the
	// connection's search_path (the URL may set it with ?search_path=name), normally "public".
	Schema string
	// MaxConns bounds the connection pool; 0 means pgxpool's default (the larger of 4 and the number of CPUs).
	MaxConns int32
}

// IsURL reports whether db names a PostgreSQL database (a postgres:// or postgresql:// URL).
func IsURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Open connects to the database at url (postgres://user:password@host:port/dbname?sslmode=…) and migrates it to
// the newest schema.
func Open(ctx context.Context, url string) (*Store, error) { return OpenWith(ctx, url, Options{}) }

// OpenWith is Open with options.
func OpenWith(ctx context.Context, url string, opts Options) (*Store, error) {
	return open(ctx, url, opts, len(migrations))
}

// open connects and migrates to schema version target (the migration test opens older versions).
func open(ctx context.Context, url string, opts Options, target int) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open store: %w: %v", store.ErrInvalid, redactErr(err))
	}
	schema := opts.Schema
	if schema == "" {
		if sp := cfg.ConnConfig.RuntimeParams["search_path"]; sp != "" {
			schema = strings.Trim(strings.TrimSpace(strings.Split(sp, ",")[0]), `"`)
		}
	}
	if schema != "" {
		cfg.ConnConfig.RuntimeParams["search_path"] = pgx.Identifier{schema}.Sanitize()
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store: %v", redactErr(err))
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	var exists bool
	if schema != "" {
		if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
			pool.Close()
			return nil, fmt.Errorf("open store: %w", err)
		}
	}
	if schema != "" && !exists {
		if _, err := pool.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()); err != nil {
			// Another process may create it at the same moment; the migration below says whether it exists.
			var exists bool
			if e2 := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); e2 != nil || !exists {
				pool.Close()
				return nil, fmt.Errorf("open store: create schema %s: %w", schema, err)
			}
		}
	} else if schema == "" {
		var cur *string
		if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&cur); err != nil {
			pool.Close()
			return nil, fmt.Errorf("open store: %w", err)
		}
		if cur != nil {
			schema = *cur
		}
	}
	if schema == "" {
		pool.Close()
		return nil, fmt.Errorf("open store: %w: the search_path names no existing schema", store.ErrInvalid)
	}
	s := &Store{pool: pool, url: url, schema: schema, rankWindow: RankWindow}
	s.ixPool.New = func() any { return search.NewIndexer() }
	if err := s.migrate(ctx, target); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	return s, nil
}

// redactErr drops a password that pgx may echo from a malformed URL.
func redactErr(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "://"); i >= 0 {
		if j := strings.Index(msg[i:], "@"); j >= 0 {
			if k := strings.Index(msg[i+3:i+j], ":"); k >= 0 {
				msg = msg[:i+3+k+1] + "***" + msg[i+j:]
			}
		}
	}
	return msg
}

// Pool returns the connection pool, for packages that share the database (package jobs).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Schema returns the schema that holds the tables.
func (s *Store) Schema() string { return s.schema }

// Close closes the pool.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.pool.Close()
	return nil
}

func (s *Store) check() error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	return nil
}

// queryAll runs a query on the pool and reads every row of its result with scan.
func queryAll[T any](ctx context.Context, pool *pgxpool.Pool, scan func(backend.Rows) (T, error), query string,
	args ...any) (T, error) {
	rows, err := pool.Query(ctx, query, args...)
	if err != nil {
		var zero T
		return zero, err
	}
	defer rows.Close()
	return scan(rows)
}

// SchemaVersion returns the schema version of the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.pool.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&v)
	return v, err
}

// Migrations returns the number of schema migrations this build knows: the newest schema version.
func Migrations() int { return len(migrations) }

// migrateLock is the advisory lock key that serialises migrations of one schema across processes.
func (s *Store) migrateLock() int64 { return lockKey("khabar-migrate:" + s.schema) }

// migrate applies every migration up to version target that the database lacks, each in its own transaction
// under an advisory lock, so that workers starting together migrate once.
func (s *Store) migrate(ctx context.Context, target int) error {
	// A current schema is only read, so that a read-only replica opens.
	var cur int
	if err := s.pool.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&cur); err == nil && cur >= target {
		return nil
	}
	for v := 1; v <= target; v++ {
		if err := s.apply(ctx, v, migrations[v-1]); err != nil {
			return fmt.Errorf("migrate to version %d: %w", v, err)
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, version int, stmts string) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, s.migrateLock()); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)`); err != nil {
		return err
	}
	var cur int
	err = tx.QueryRow(ctx, `SELECT version FROM schema_version`).Scan(&cur)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if cur >= version {
		return nil
	}
	if _, err := tx.Exec(ctx, stmts); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE schema_version SET version = $1`, version); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
