package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

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
	rec.PublishedTime = parsePublished(rec.Published)
	return rec, nil
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

// where accumulates SQL conditions and their arguments.
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
		w.add("source = ? COLLATE NOCASE", opts.Source)
	}
	w.window("published_unix", opts.From, opts.To)
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, source, url, published, analyzer_version,
		n_mentions, n_events, n_quotes FROM articles`+w.String()+`
		ORDER BY published_unix DESC NULLS LAST, seq DESC LIMIT ? OFFSET ?`,
		append(w.args, store.ClampLimit(opts.Limit), opts.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("list: %w", err)
	}
	defer rows.Close()
	out := []store.Summary{}
	for rows.Next() {
		var m store.Summary
		if err := rows.Scan(&m.ID, &m.Title, &m.Source, &m.URL, &m.Published, &m.AnalyzerVersion,
			&m.Entities, &m.Events, &m.Quotes); err != nil {
			return nil, fmt.Errorf("list: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Stats returns counts over the whole store.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	st := store.Stats{Analyzers: map[string]int{}}
	if err := s.check(); err != nil {
		return st, err
	}
	var oldest, newest sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT
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
		(SELECT version FROM schema_version)`).Scan(&st.Articles, &st.Sources, &st.Entities, &st.Mentions,
		&st.Events, &st.EventKeys, &st.Quotes, &oldest, &newest, &st.SizeBytes, &st.SchemaVersion)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	st.Oldest, st.Newest = oldest.String, newest.String
	rows, err := s.db.QueryContext(ctx, `SELECT analyzer_version, count(*) FROM articles GROUP BY analyzer_version`)
	if err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return st, fmt.Errorf("stats: %w", err)
		}
		st.Analyzers[v] = n
	}
	return st, rows.Err()
}
