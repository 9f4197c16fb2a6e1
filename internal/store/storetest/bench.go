package storetest

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
)

// BenchPut measures ingest and indexing throughput into st in batches of 100 synthetic articles. Every backend
// runs it as its BenchmarkPut, so that their figures compare.
func BenchPut(b *testing.B, st store.Store) {
	const batch = 100
	recs := Generate(batch*20, 1)
	var bytes int
	for _, r := range recs {
		bytes += len(r.Title) + len(r.Text)
	}
	b.ResetTimer()
	n := 0
	for i := 0; b.Loop(); i++ {
		if i > 0 && i%(len(recs)/batch) == 0 { // fresh IDs once the corpus is used up
			b.StopTimer()
			recs = Generate(len(recs), uint64(i))
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

// BenchArticles returns the size of BenchSearch's corpus: $KHABAR_BENCH_ARTICLES, else 5,000.
func BenchArticles() int {
	n, _ := strconv.Atoi(os.Getenv("KHABAR_BENCH_ARTICLES"))
	if n <= 0 {
		n = 5000
	}
	return n
}

// BenchSearch puts the synthetic articles from start to n into st (a store that holds the first start already
// skips them), calls settle when it is not nil, logs the ingest rate and the database size per article, and
// measures the latency of one query mix, with and without facets. Every backend runs it as its
// BenchmarkSearch, query for query, so that their figures compare.
func BenchSearch(b *testing.B, st store.Store, n, start int, settle func() error) {
	begin := time.Now()
	var raw int
	for i := start; i < n; i += 1000 {
		recs := Generate(min(1000, n-i), uint64(42+i))
		for _, r := range recs {
			js, _ := json.Marshal(r)
			raw += len(js)
		}
		if _, err := st.Put(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	took := time.Since(begin)
	if settle != nil {
		if err := settle(); err != nil {
			b.Fatal(err)
		}
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
