package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/postgres"
	"github.com/khabar/khabar/internal/store/postgres/pgtest"
	"github.com/khabar/khabar/internal/store/storetest"
)

// BenchmarkPut measures ingest and indexing throughput in batches of 100 synthetic articles (as the SQLite
// store's BenchmarkPut).
func BenchmarkPut(b *testing.B) {
	const batch = 100
	recs := storetest.Generate(batch*20, 1)
	var bytes int
	for _, r := range recs {
		bytes += len(r.Title) + len(r.Text)
	}
	st := openTest(b)
	defer st.Close()
	ctx := context.Background()
	b.ResetTimer()
	n := 0
	for i := 0; b.Loop(); i++ {
		if i > 0 && i%(len(recs)/batch) == 0 { // fresh IDs once the corpus is used up
			b.StopTimer()
			recs = storetest.Generate(len(recs), uint64(i))
			b.StartTimer()
		}
		j := (i * batch) % len(recs)
		if _, err := st.Put(ctx, recs[j:j+batch]); err != nil {
			b.Fatal(err)
		}
		n += batch
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(n)/sec, "docs/s")
	b.ReportMetric(float64(bytes)/float64(len(recs))*float64(n)/sec/1e6, "MB/s")
}

// BenchmarkSearch measures query latency over a synthetic corpus of $KHABAR_BENCH_ARTICLES articles (5,000 by
// default), and logs the ingest rate and the database size per article. It mirrors the SQLite store's
// benchmark of the same name, query for query, so that the two compare.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	n, _ := strconv.Atoi(os.Getenv("KHABAR_BENCH_ARTICLES"))
	if n <= 0 {
		n = 5000
	}
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
	begin := time.Now()
	var raw int
	for i := start; i < n; i += 1000 {
		recs := storetest.Generate(min(1000, n-i), uint64(42+i))
		for _, r := range recs {
			js, _ := json.Marshal(r)
			raw += len(js)
		}
		if _, err := st.Put(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	took := time.Since(begin)
	// What autovacuum would do within a minute of the load: statistics for the planner, hint bits set.
	if _, err := st.Pool().Exec(ctx, `VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	stats, _ := st.Stats(ctx)
	b.Logf("%d articles put in %v (%.0f docs/s, generation included); %d bytes = %.0f bytes/article (record JSON %.0f)",
		stats.Articles, took.Round(time.Millisecond), float64(stats.Articles)/took.Seconds(), stats.SizeBytes,
		float64(stats.SizeBytes)/float64(stats.Articles), float64(raw)/float64(stats.Articles))
	queries := []struct{ name, q string }{
		{"term", "تحریم"},
		{"common", "ایران"},
		{"compound-spaced", "نخست وزیر"},
		{"compound-zwnj", "نخست‌وزیر"},
		{"phrase", `"وزارت امور خارجه"`},
		{"prefix", "انتخا*"},
		{"or-exclude", "نفت OR گاز -تحریم"},
		{"filtered", "مذاکرات entity:iran type:CONSULT date:1404"},
		{"filter-only", "source:IRNA date:2025-01..2025-06"},
	}
	for _, fc := range []struct {
		name string
		f    store.FacetOptions
	}{{"", store.FacetOptions{}}, {"+facets", store.FacetOptions{Size: 10, Histogram: search.Month, Calendar: search.Jalali}}} {
		for _, qc := range queries {
			q, err := search.Parse(qc.q, search.ParseOptions{})
			if err != nil {
				b.Fatal(err)
			}
			b.Run(fmt.Sprintf("%s%s", qc.name, fc.name), func(b *testing.B) {
				total := 0
				for b.Loop() {
					res, err := st.Search(ctx, store.SearchRequest{Query: q, Limit: 20, RecencyBoost: 0.5, Facets: fc.f})
					if err != nil {
						b.Fatal(err)
					}
					total = res.Total
				}
				b.ReportMetric(float64(total), "hits")
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
			})
		}
	}
}
