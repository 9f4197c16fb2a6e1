package sqlite_test

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/search"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
	"github.com/khabar/khabar/internal/store/storetest"
)

// BenchmarkPut measures ingest and indexing throughput in batches of 100 synthetic articles.
func BenchmarkPut(b *testing.B) {
	st := openTemp(b)
	defer st.Close()
	storetest.BenchPut(b, st)
}

// BenchmarkSearch measures query latency over a synthetic corpus of $KHABAR_BENCH_ARTICLES articles (5,000 by
// default), and logs the ingest rate and the database size per article.
func BenchmarkSearch(b *testing.B) {
	st := openTemp(b)
	defer st.Close()
	storetest.BenchSearch(b, st, storetest.BenchArticles(), 0, nil)
}

// BenchmarkSearchDB replays a query mix against an existing database, for figures at 100k articles and more
// without rebuilding the index each run: $KHABAR_BENCH_DB is the database (migrated when older; use a copy),
// $KHABAR_BENCH_QUERIES a JSONL file of {"class", "query"} lines such as khabar bench writes. It reports the
// latency percentiles of every class, the process CPU time per query and the peak RSS; it is skipped when
// either variable is unset. $KHABAR_BENCH_FACETS=1 computes facets with every query.
func BenchmarkSearchDB(b *testing.B) {
	path, qpath := os.Getenv("KHABAR_BENCH_DB"), os.Getenv("KHABAR_BENCH_QUERIES")
	if path == "" || qpath == "" {
		b.Skip("KHABAR_BENCH_DB and KHABAR_BENCH_QUERIES are not set")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	raw, err := os.ReadFile(qpath)
	if err != nil {
		b.Fatal(err)
	}
	type query struct {
		Class string `json:"class"`
		Query string `json:"query"`
		q     *search.Query
	}
	var qs []query
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var q query
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			b.Fatal(err)
		}
		if q.q, err = search.Parse(q.Query, search.ParseOptions{}); err != nil {
			continue
		}
		qs = append(qs, q)
	}
	var f store.FacetOptions
	if os.Getenv("KHABAR_BENCH_FACETS") == "1" {
		f = store.FacetOptions{Size: 10, Histogram: search.Month, Calendar: search.Jalali}
	}
	now := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	lat := map[string][]time.Duration{}
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		for _, q := range qs {
			t := time.Now()
			if _, err := st.Search(ctx, store.SearchRequest{Query: q.q, Limit: 20, RecencyBoost: store.DefaultRecencyBoost,
				Now: now, Facets: f}); err != nil {
				b.Fatalf("%s: %v", q.Query, err)
			}
			d := time.Since(t)
			lat[q.Class] = append(lat[q.Class], d)
			lat["all"] = append(lat["all"], d)
		}
	}
	b.StopTimer()
	n := len(lat["all"])
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(n)/1e6, "cpu-ms/query")
	classes := make([]string, 0, len(lat))
	for c := range lat {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	for _, c := range classes {
		ds := lat[c]
		slices.Sort(ds)
		pct := func(p float64) float64 { return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))]) / 1e6 }
		b.Logf("%-15s n=%5d p50=%8.2fms p95=%8.2fms p99=%8.2fms", c, len(ds), pct(0.50), pct(0.95), pct(0.99))
		if c == "all" {
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		}
	}
	b.ReportMetric(float64(peakRSS())/1e6, "peak-RSS-MB")
}

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS returns VmHWM from /proc/self/status in bytes, or 0 where it is unavailable.
func peakRSS() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
