// Package sqlite is Khabar's embedded store: store.Store on SQLite through modernc.org/sqlite (pure Go, no
// cgo), in WAL mode with a busy timeout and numbered migrations. All of Khabar's SQL for SQLite is in this
// package, and every statement is parametrised.
//
// Search runs on an FTS5 table over Khabar's own search keys (package search), not over raw text: the keys are
// written at Put into a contentless FTS5 table with the ascii tokenizer, which keeps every non-ASCII key whole.
// The title, body and extra (compound parts and adjacent-pair keys) columns carry BM25 weights.
//
// A search reads no article row but the page's. FTS rowids hold the publication time (meta.go), so the newest
// matches come first from the index; ranking is bm25() inside FTS5 times the recency boost, over the RankWindow
// (5,000) newest matches of a common query. Source, entity, type and whole-day date filters are tokens of a
// fourth FTS column (meta), so a filtered query is an intersection of doclists; a single date range is a rowid
// range. Facets are counted over the best FacetSample (2,000) matches in result order, not every match, and
// Facets.Sample says when the matches were more: counting the annotations of every match of a common word took
// seconds at 100k articles. The annotation tables (mentions, events, quotes) serve facets, entity pages and
// the actor network; they keep only the indexes those read, since every index of a mention is updated out of
// order at ingest.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/internal/backend"
)

// Store is the SQLite implementation of store.Store.
type Store struct {
	db     *sql.DB
	path   string
	closed atomic.Bool
	// indexers are the word-key caches of writers (Put's workers, CommitItem), one per core; see withIndexer.
	indexers chan *search.Indexer
	// rankWindow is RankWindow (tests lower it).
	rankWindow int
	// rankApartMax is RankApartMax (tests set it).
	rankApartMax int
}

var _ store.Store = (*Store)(nil)

// BusyTimeoutMS is how long a connection waits for a lock held by another writer before failing.
const BusyTimeoutMS = 10000

// Open opens (creating if needed) the database at path and migrates it to the newest schema. The directory is
// created when missing. ":memory:" is not supported (every pool connection would see its own database); use a
// temporary file.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || path == ":memory:" {
		return nil, fmt.Errorf("open store: %w: need a file path", store.ErrInvalid)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeoutMS))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "cache_size(-65536)") // 64 MiB page cache per connection
	// No mmap: reading through the OS page cache with pread was as fast at 100k and a million articles, and the
	// mapped pages counted in the process's resident memory (1.2 GB serving queries, 0.2 GB without).
	q.Add("_pragma", "mmap_size(0)")
	q.Add("_pragma", "temp_store(MEMORY)")
	// Checkpoint the WAL at 64 MiB rather than SQLite's 4 MiB: a bulk load rewrites the same FTS and B-tree pages
	// many times between checkpoints, and each checkpoint copies a page once (Put 1,110-1,150 -> 1,310-1,330
	// articles/s into a 100k-article database). The WAL file is cut back to 64 MiB after a checkpoint.
	q.Add("_pragma", "wal_autocheckpoint(16384)")
	q.Add("_pragma", "journal_size_limit(67108864)")
	q.Add("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, path: path, rankWindow: RankWindow, rankApartMax: RankApartMax,
		indexers: make(chan *search.Indexer, runtime.GOMAXPROCS(0))}
	for range cap(s.indexers) {
		s.indexers <- search.NewIndexer()
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// Path returns the database file path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.db.Close()
}

func (s *Store) check() error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	return nil
}

// queryAll runs a query on db and reads every row of its result with scan.
func queryAll[T any](ctx context.Context, db *sql.DB, scan func(backend.Rows) (T, error), query string,
	args ...any) (T, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		var zero T
		return zero, err
	}
	defer rows.Close()
	return scan(rows)
}

// SchemaVersion returns the schema version of the open database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v)
	return v, err
}

// migrate applies every migration newer than the database's schema version, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error { return s.migrateTo(ctx, len(migrations)) }

// migrateTo applies the migrations up to version target.
func (s *Store) migrateTo(ctx context.Context, target int) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for i, m := range migrations[:target] {
		version := i + 1
		if err := s.apply(ctx, version, m); err != nil {
			return fmt.Errorf("migrate to version %d: %w", version, err)
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, version int, m migration) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var cur int
	err = tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&cur)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if cur >= version {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if m.step != nil {
		if err := m.step(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE schema_version SET version = ?`, version); err != nil {
		return err
	}
	return tx.Commit()
}

// Optimize merges the search index into one segment and truncates the write-ahead log. FTS5 merges segments
// as articles arrive, but after a bulk load a term's postings still lie in tens of segments, and every query
// merges them again: at a million articles a filtered query ran twice as fast after Optimize, which took a
// minute there. Searches may run meanwhile (they read the index as it was); another writer waits.
func (s *Store) Optimize(ctx context.Context) error {
	if err := s.check(); err != nil {
		return err
	}
	// A bulk load cut short (a crash between BeginBulk and its end) left its merge settings behind; a bulk load
	// ends with Optimize, which restores them.
	if err := setMerge(ctx, s.db, "fts", normalMerge); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO fts (fts) VALUES ('optimize')`); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("optimize: checkpoint: %w", err)
	}
	return nil
}

// rebuildVersion returns the newest schema version whose migration has a Go step: the one that rebuilds the
// search index from every stored article.
func rebuildVersion() int {
	v := 0
	for i, m := range migrations {
		if m.step != nil {
			v = i + 1
		}
	}
	return v
}

// PendingRebuild reports how many articles opening the database at path will reindex: the migration to schema 5
// rebuilds the search index, once, which takes a minute or two per 100,000 articles. It is 0 for a new or
// current database. The database is only read.
func PendingRebuild(ctx context.Context, path string) (int, error) {
	if _, err := os.Stat(path); err != nil {
		return 0, nil
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return 0, fmt.Errorf("inspect %s: %w", path, err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil || v >= rebuildVersion() {
		return 0, nil // no schema yet, or already rebuilt
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("inspect %s: %w", path, err)
	}
	return n, nil
}

// Migrations returns the number of schema migrations this build knows: the newest schema version.
func Migrations() int { return len(migrations) }

var _ store.BulkLoader = (*Store)(nil)

// mergeSettings are the FTS5 options that decide when the index merges its segments: a level of the index is
// merged incrementally once it holds automerge segments (0: never), and at once when it holds crisismerge.
type mergeSettings struct{ automerge, crisismerge int }

var (
	// normalMerge is FTS5's default: the index stays within a few segments a level as articles arrive.
	normalMerge = mergeSettings{automerge: 4, crisismerge: 16}
	// bulkMerge puts merging off until 64 segments lie on a level: each posting is then rewritten about once per
	// 64-fold growth instead of once per 4-fold; the load's end merges or compacts what is left. With 100,000
	// articles' rows in rowid order, compaction included, 2,752 → 4,691 articles/s (BenchmarkIndexWrite,
	// docs/BENCHMARKS.md); putting it off further (256) made the compaction slower than it saved.
	bulkMerge = mergeSettings{automerge: 0, crisismerge: 64}
)

// mergePages is the merge work of one step of BulkLoader's end (in index pages): each step is its own
// transaction, so searches and other writers get in between.
const mergePages = 2000

// execer is what *sql.DB, *sql.Tx and *sql.Conn share for statements that return no rows.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// setMerge sets the merge options of the FTS table named table (fts, or fts_next while it is rebuilt), which
// FTS5 keeps in the database for every connection.
func setMerge(ctx context.Context, db execer, table string, m mergeSettings) error {
	for _, o := range []struct {
		name  string
		value int
	}{{"automerge", m.automerge}, {"crisismerge", m.crisismerge}} {
		q := `INSERT INTO ` + table + ` (` + table + `, rank) VALUES (?, ?)`
		if _, err := db.ExecContext(ctx, q, o.name, o.value); err != nil {
			return fmt.Errorf("set %s: %w", o.name, err)
		}
	}
	return nil
}

// BeginBulk puts off the merging of the search index's segments until the returned end; see store.BulkLoader.
func (s *Store) BeginBulk(ctx context.Context) (func(context.Context, bool) error, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := setMerge(ctx, s.db, "fts", bulkMerge); err != nil {
		return nil, fmt.Errorf("bulk load: %w", err)
	}
	return s.endBulk, nil
}

// endBulk restores the normal merge settings, then compacts the index or merges the segments the load left.
func (s *Store) endBulk(ctx context.Context, compact bool) error {
	if err := s.check(); err != nil {
		return err
	}
	if compact {
		return s.Optimize(ctx) // restores the settings first
	}
	if err := setMerge(ctx, s.db, "fts", normalMerge); err != nil {
		return fmt.Errorf("end bulk load: %w", err)
	}
	return s.mergeSegments(ctx)
}

// mergeSegments merges the levels of the index that hold more segments than automerge leaves in normal use,
// mergePages of work at a time, until a step finds nothing to merge.
func (s *Store) mergeSegments(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("merge index: %w", err)
	}
	defer conn.Close()
	changes := func() (n int64, err error) {
		err = conn.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&n)
		return n, err
	}
	for {
		before, err := changes()
		if err != nil {
			return fmt.Errorf("merge index: %w", err)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO fts (fts, rank) VALUES ('merge', ?)`, mergePages); err != nil {
			return fmt.Errorf("merge index: %w", err)
		}
		after, err := changes()
		if err != nil {
			return fmt.Errorf("merge index: %w", err)
		}
		// The command's own row is one change; a step that merged anything also rewrote index pages.
		if after-before < 2 {
			return nil
		}
	}
}
