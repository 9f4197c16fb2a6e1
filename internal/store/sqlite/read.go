package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/internal/backend"
)

// Get returns the record with the given ID.
func (s *Store) Get(ctx context.Context, id string) (article.Record, error) {
	var rec article.Record
	if err := s.check(); err != nil {
		return rec, err
	}
	var blob []byte
	var text string
	err := s.db.QueryRowContext(ctx, `SELECT record, text FROM articles WHERE id = ?`, id).Scan(&blob, &text)
	if errors.Is(err, sql.ErrNoRows) {
		return rec, fmt.Errorf("article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return rec, fmt.Errorf("get %s: %w", id, err)
	}
	rec, err = unpackRecord(blob, text)
	if err != nil {
		return rec, fmt.Errorf("get %s: decode: %w", id, err)
	}
	rec.PublishedTime = backend.ParsePublished(rec.Published)
	return rec, nil
}

// List returns article summaries, newest first.
func (s *Store) List(ctx context.Context, opts store.ListOptions) ([]store.Summary, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if opts.Offset < 0 {
		return nil, fmt.Errorf("list: %w: negative offset", store.ErrInvalid)
	}
	var w backend.Where
	if opts.Source != "" {
		w.Add("source = ? COLLATE NOCASE", opts.Source)
	}
	w.Window("published_unix", opts.From, opts.To)
	out, err := queryAll(ctx, s.db, backend.ScanSummaries, `SELECT id, title, source, url, published, analyzer_version,
		n_mentions, n_events, n_quotes FROM articles`+w.String()+`
		ORDER BY published_unix DESC NULLS LAST, seq DESC LIMIT ? OFFSET ?`,
		append(w.Args, store.ClampLimit(opts.Limit), opts.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	return out, nil
}

// Stats returns counts over the whole store.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	st := store.Stats{Analyzers: map[string]int{}}
	if err := s.check(); err != nil {
		return st, err
	}
	err := backend.ScanStats(s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles),
		(SELECT count(DISTINCT source) FROM articles WHERE source <> ''),
		(SELECT count(DISTINCT entity) FROM mentions),
		(SELECT count(*) FROM mentions),
		(SELECT count(*) FROM events),
		(SELECT count(DISTINCT key) FROM events WHERE key <> ''),
		(SELECT count(*) FROM quotes),
		(SELECT min(day) FROM articles),
		(SELECT max(day) FROM articles),
		(SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()),
		(SELECT version FROM schema_version)`), &st)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT analyzer_version, count(*) FROM articles GROUP BY analyzer_version`)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	defer rows.Close()
	if err := backend.ScanCounts(rows, st.Analyzers); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}
