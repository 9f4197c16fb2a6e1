package backend

import "github.com/khabar/khabar/internal/store"

// ScanSummaries reads (id, title, source, url, published, analyser version, mentions, events, quotes) rows.
func ScanSummaries(rows Rows) ([]store.Summary, error) {
	out := []store.Summary{}
	for rows.Next() {
		var m store.Summary
		if err := rows.Scan(&m.ID, &m.Title, &m.Source, &m.URL, &m.Published, &m.AnalyzerVersion,
			&m.Entities, &m.Events, &m.Quotes); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ScanCounts reads (key, count) rows into counts.
func ScanCounts(rows Rows, counts map[string]int) error {
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		counts[k] = n
	}
	return rows.Err()
}

// ScanStats reads the row of Stats' counts: articles, sources, entities, mentions, events, event keys, quotes,
// the oldest and newest publication days (NULL when none), the size in bytes and the schema version.
func ScanStats(row Scanner, st *store.Stats) error {
	var oldest, newest *string
	if err := row.Scan(&st.Articles, &st.Sources, &st.Entities, &st.Mentions, &st.Events, &st.EventKeys,
		&st.Quotes, &oldest, &newest, &st.SizeBytes, &st.SchemaVersion); err != nil {
		return err
	}
	st.Oldest, st.Newest = Deref(oldest), Deref(newest)
	return nil
}
