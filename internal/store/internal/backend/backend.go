// Package backend holds the Go logic that Khabar's SQL store backends (store/sqlite and store/postgres) share:
// validating what they are given, building results from the rows they scan, assembling facets, highlights and
// profiles. The SQL stays in each backend, whose dialects differ; what this package builds of it is only
// dialect-neutral glue (conditions joined with AND, ? placeholders that a backend may renumber).
package backend

import (
	"strings"
	"time"
)

// Rows is what *sql.Rows and pgx.Rows share: a cursor over a query's result. The caller closes it.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// Scanner is one row to scan: *sql.Row, pgx.Row, or the current row of Rows.
type Scanner interface {
	Scan(dest ...any) error
}

// Where accumulates SQL conditions with ? placeholders and their arguments.
type Where struct {
	Conds []string
	Args  []any
}

// Add adds a condition and its arguments.
func (w *Where) Add(cond string, args ...any) {
	w.Conds = append(w.Conds, cond)
	w.Args = append(w.Args, args...)
}

// String renders the WHERE clause, or "" when there is no condition.
func (w *Where) String() string {
	if len(w.Conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.Conds, " AND ")
}

// Window adds a half-open time window on a unix-seconds column.
func (w *Where) Window(col string, from, to time.Time) {
	if !from.IsZero() {
		w.Add(col+" >= ?", from.Unix())
	}
	if !to.IsZero() {
		w.Add(col+" < ?", to.Unix())
	}
}

// DayWindow adds a half-open time window on a YYYY-MM-DD column, by the days of from and to in their zones.
func (w *Where) DayWindow(col string, from, to time.Time) {
	if !from.IsZero() {
		w.Add(col+" >= ?", from.Format("2006-01-02"))
	}
	if !to.IsZero() {
		w.Add(col+" < ?", to.Format("2006-01-02"))
	}
}

// Deref returns the string s points to, or "" for nil (a NULL column).
func Deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// NonNil returns s, or an empty slice for nil, so that JSON shows [] rather than null.
func NonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// UnixOrZero returns t in unix seconds, or 0 for the zero time.
func UnixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// TimeOrZero returns the UTC time of unix seconds u, or the zero time for 0.
func TimeOrZero(u int64) time.Time {
	if u == 0 {
		return time.Time{}
	}
	return time.Unix(u, 0).UTC()
}

// ParsePublished restores Record.PublishedTime (which JSON does not carry) from Record.Published.
func ParsePublished(p string) time.Time {
	if t, err := time.Parse(time.RFC3339, p); err == nil {
		return t
	}
	if t, err := time.Parse("2006-01-02", p); err == nil {
		return t
	}
	return time.Time{}
}
