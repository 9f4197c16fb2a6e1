package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	err := s.pool.QueryRow(ctx, `SELECT record FROM articles WHERE id = $1`, clean(id)).Scan(&blob)
	if errors.Is(err, pgx.ErrNoRows) {
		return rec, fmt.Errorf("article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return rec, fmt.Errorf("get %s: %w", id, err)
	}
	if err := decodeRecord(blob, &rec); err != nil {
		return rec, fmt.Errorf("get %s: %w", id, err)
	}
	return rec, nil
}

// decodeRecord decodes a stored record and restores its PublishedTime.
func decodeRecord(blob []byte, rec *article.Record) error {
	if err := json.Unmarshal(blob, rec); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	rec.PublishedTime = backend.ParsePublished(rec.Published)
	return nil
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
		w.Add("lower(source) = lower(?)", clean(opts.Source))
	}
	w.Window("published_unix", opts.From, opts.To)
	w.Args = append(w.Args, store.ClampLimit(opts.Limit), opts.Offset)
	out, err := queryAll(ctx, s.pool, backend.ScanSummaries,
		number(`SELECT id, title, source, url, published, analyzer_version,
		n_mentions, n_events, n_quotes FROM articles`+w.String()+`
		ORDER BY published_unix DESC NULLS LAST, seq DESC LIMIT ? OFFSET ?`, 1), w.Args...)
	if err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	return out, nil
}

// Optimize refreshes the planner's statistics of the articles table (ANALYZE), which ranking reads for the
// inverse document frequency of common keys; autovacuum does it too, later. The GIN index needs no merging.
func (s *Store) Optimize(ctx context.Context) error {
	if _, err := s.pool.Exec(ctx, `ANALYZE articles`); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}

// Stats returns counts over the whole store. SizeBytes is the size of Khabar's tables and indexes in its
// schema (the jobs queue included).
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	st := store.Stats{Analyzers: map[string]int{}}
	if err := s.check(); err != nil {
		return st, err
	}
	err := backend.ScanStats(s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM articles),
		(SELECT count(DISTINCT source) FROM articles WHERE source <> ''),
		(SELECT count(DISTINCT entity) FROM mentions),
		(SELECT count(*) FROM mentions),
		(SELECT count(*) FROM events),
		(SELECT count(DISTINCT key) FROM events WHERE key <> ''),
		(SELECT count(*) FROM quotes),
		(SELECT min(day) FROM articles),
		(SELECT max(day) FROM articles),
		(SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
			JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'),
		(SELECT version FROM schema_version)`), &st)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT analyzer_version, count(*) FROM articles GROUP BY analyzer_version`)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	defer rows.Close()
	if err := backend.ScanCounts(rows, st.Analyzers); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}
