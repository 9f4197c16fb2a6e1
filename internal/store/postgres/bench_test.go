package postgres_test

import (
	"context"
	"os"
	"testing"

	"github.com/khabar/khabar/internal/store/postgres"
	"github.com/khabar/khabar/internal/store/postgres/pgtest"
	"github.com/khabar/khabar/internal/store/storetest"
)

// BenchmarkPut measures ingest and indexing throughput in batches of 100 synthetic articles (as the SQLite
// store's BenchmarkPut).
func BenchmarkPut(b *testing.B) {
	st := openTest(b)
	defer st.Close()
	storetest.BenchPut(b, st)
}

// BenchmarkSearch measures query latency over a synthetic corpus of $KHABAR_BENCH_ARTICLES articles (5,000 by
// default), and logs the ingest rate and the database size per article. It mirrors the SQLite store's
// benchmark of the same name, query for query, so that the two compare.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	n := storetest.BenchArticles()
	// $KHABAR_BENCH_SCHEMA keeps the corpus in that schema between runs (and reuses it when it holds n
	// articles), so that query changes can be measured without loading again.
	st := openTest(b)
	start := 0
	if schema := os.Getenv("KHABAR_BENCH_SCHEMA"); schema != "" {
		var err error
		if st, err = postgres.OpenWith(ctx, pgtest.URL(b), postgres.Options{Schema: schema}); err != nil {
			b.Fatal(err)
		}
		if s, err := st.Stats(ctx); err == nil && s.Articles >= n {
			start = n
			b.Logf("reusing %d articles in schema %s", s.Articles, schema)
		}
	}
	defer st.Close()
	// What autovacuum would do within a minute of the load: statistics for the planner, hint bits set.
	vacuum := func() error {
		_, err := st.Pool().Exec(ctx, `VACUUM ANALYZE`)
		return err
	}
	storetest.BenchSearch(b, st, n, start, vacuum)
}
