package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/store"
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
	rec.PublishedTime = parsePublished(rec.Published)
	return nil
}

// parsePublished restores Record.PublishedTime (which JSON does not carry) from Record.Published.
func parsePublished(p string) time.Time {
	if t, err := time.Parse(time.RFC3339, p); err == nil {
		return t
	}
	if t, err := time.Parse("2006-01-02", p); err == nil {
		return t
	}
	return time.Time{}
}

// where accumulates SQL conditions with ? placeholders and their arguments; number renders them as $n.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// String renders the WHERE clause, or "" when there is no condition.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// window adds a half-open time window on a unix-seconds column.
func (w *where) window(col string, from, to time.Time) {
	if !from.IsZero() {
		w.add(col+" >= ?", from.Unix())
	}
	if !to.IsZero() {
		w.add(col+" < ?", to.Unix())
	}
}

// dayWindow adds a half-open time window on a YYYY-MM-DD column, by the days of from and to in their zones.
func (w *where) dayWindow(col string, from, to time.Time) {
	if !from.IsZero() {
		w.add(col+" >= ?", from.Format("2006-01-02"))
	}
	if !to.IsZero() {
		w.add(col+" < ?", to.Format("2006-01-02"))
	}
}

// List returns article summaries, newest first.
func (s *Store) List(ctx context.Context, opts store.ListOptions) ([]store.Summary, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if opts.Offset < 0 {
		return nil, fmt.Errorf("list: %w: negative offset", store.ErrInvalid)
	}
	var w where
	if opts.Source != "" {
		w.add("lower(source) = lower(?)", clean(opts.Source))
	}
	w.window("published_unix", opts.From, opts.To)
	w.args = append(w.args, store.ClampLimit(opts.Limit), opts.Offset)
	rows, err := s.pool.Query(ctx, number(`SELECT id, title, source, url, published, analyzer_version,
		n_mentions, n_events, n_quotes FROM articles`+w.String()+`
		ORDER BY published_unix DESC NULLS LAST, seq DESC LIMIT ? OFFSET ?`, 1), w.args...)
	if err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	defer rows.Close()
	out := []store.Summary{}
	for rows.Next() {
		var m store.Summary
		var ne, nm, nq int32
		if err := rows.Scan(&m.ID, &m.Title, &m.Source, &m.URL, &m.Published, &m.AnalyzerVersion,
			&nm, &ne, &nq); err != nil {
			return nil, fmt.Errorf("list: %w", err)
		}
		m.Entities, m.Events, m.Quotes = int(nm), int(ne), int(nq)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Stats returns counts over the whole store. SizeBytes is the size of Khabar's tables and indexes in its
// schema (the jobs queue included).
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	st := store.Stats{Analyzers: map[string]int{}}
	if err := s.check(); err != nil {
		return st, err
	}
	var oldest, newest *string
	var a, src, ent, men, ev, keys, q, size int64
	err := s.pool.QueryRow(ctx, `SELECT
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
		(SELECT version FROM schema_version)`).Scan(&a, &src, &ent, &men, &ev, &keys, &q, &oldest, &newest,
		&size, &st.SchemaVersion)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	st.Articles, st.Sources, st.Entities, st.Mentions = int(a), int(src), int(ent), int(men)
	st.Events, st.EventKeys, st.Quotes, st.SizeBytes = int(ev), int(keys), int(q), size
	st.Oldest, st.Newest = deref(oldest), deref(newest)
	rows, err := s.pool.Query(ctx, `SELECT analyzer_version, count(*) FROM articles GROUP BY analyzer_version`)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		var n int64
		if err := rows.Scan(&v, &n); err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
		st.Analyzers[v] = int(n)
	}
	return st, rows.Err()
}
