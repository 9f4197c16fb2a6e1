package dedup

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/bench"
)

// BenchmarkDedupCorpus runs SimHash near-duplicate lookup and story clustering over the synthetic corpus of
// internal/bench (100 articles a day), streamed in publication order (KHABAR_BENCH_ARTICLES articles, default 10,000; the figures
// in docs/BENCHMARKS.md use 100,000 with -benchtime 1x). Generation time is not counted.
func BenchmarkDedupCorpus(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("KHABAR_BENCH_ARTICLES")); err == nil && v > 0 {
		n = v
	}
	const perDay = 100
	for i := 0; i < b.N; i++ {
		ix, hs := NewIndex(), NewHasher()
		cl := NewClusterer(ClusterOptions{})
		var hashT, clusterT time.Duration
		var bytes int64
		dups, stories := 0, 0
		// The corpus comes day by day, each day in publication order, as a watcher would meet it.
		days := (n + perDay - 1) / perDay
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		var err error
		j := 0
		for day := 0; day < days && err == nil; day++ {
			var batch []article.Article
			err = bench.Corpus(context.Background(), bench.CorpusOptions{Articles: min(perDay, n-day*perDay),
				Seed: int64(day + 1), From: start.AddDate(0, 0, day), To: start.AddDate(0, 0, day+1)},
				func(_ int, a article.Article) error { batch = append(batch, a); return nil })
			sort.Slice(batch, func(x, y int) bool { return batch[x].Published.Before(batch[y].Published) })
			for _, a := range batch {
				text := a.BodyText()
				bytes += int64(len(text))
				t0 := time.Now()
				h := hs.SimHash(text)
				if _, _, ok := ix.Nearest(h, a.Published, 30*24*time.Hour); ok {
					dups++
				}
				id := fmt.Sprint(j)
				j++
				ix.Add(id, h, a.Published)
				t1 := time.Now()
				if s, _ := cl.Assign(id, a.Title, text, a.Published); s == id {
					stories++
				}
				clusterT += time.Since(t1)
				hashT += t1.Sub(t0)
			}
		}
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/hashT.Seconds(), "simhash-docs/s")
		b.ReportMetric(float64(bytes)/hashT.Seconds()/1e6, "simhash-MB/s")
		b.ReportMetric(float64(n)/clusterT.Seconds(), "cluster-docs/s")
		b.ReportMetric(float64(stories), "stories")
		b.ReportMetric(float64(dups), "near-dups")
	}
}
