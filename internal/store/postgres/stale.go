package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/khabar/khabar/internal/store"
)

// StaleOptions select records for re-analysis.
type StaleOptions struct {
	Version string    // the current analyser version: records from older versions are stale
	All     bool      // every record, whatever its version
	Since   time.Time // only records published at or after this time (undated records are skipped); zero for all
}

// StaleIDs returns the IDs of the records to re-analyse, oldest stored first.
func (s *Store) StaleIDs(ctx context.Context, opts StaleOptions) ([]string, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var versions []string
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT analyzer_version FROM articles`)
	if err != nil {
		return nil, fmt.Errorf("stale records: %w", err)
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return nil, fmt.Errorf("stale records: %w", err)
		}
		if opts.All || store.CompareVersions(v, opts.Version) < 0 {
			versions = append(versions, v)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stale records: %w", err)
	}
	if len(versions) == 0 {
		return []string{}, nil
	}
	var since *int64
	if !opts.Since.IsZero() {
		u := opts.Since.Unix()
		since = &u
	}
	rows, err = s.pool.Query(ctx, `SELECT id FROM articles WHERE analyzer_version = ANY($1)
		AND ($2::bigint IS NULL OR published_unix >= $2) ORDER BY seq`, versions, since)
	if err != nil {
		return nil, fmt.Errorf("stale records: %w", err)
	}
	defer rows.Close()
	ids := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("stale records: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
