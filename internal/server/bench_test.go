package server

import (
	"net/url"
	"testing"
)

// BenchmarkSearchAPI measures GET /api/articles with facets over the samples, through the whole handler.
func BenchmarkSearchAPI(b *testing.B) {
	h := newTestServer(b, nil).Handler()
	targets := []string{"/api/articles?q=" + url.QueryEscape("نخست وزیر"), "/api/articles?q=" + url.QueryEscape("entity:پوتین"),
		"/api/articles?q=" + url.QueryEscape("ایران") + "&facets=0"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rec := do(b, h, "GET", targets[i%len(targets)], nil)
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkArticlePage measures rendering the article page of the seed, annotations and all.
func BenchmarkArticlePage(b *testing.B) {
	h := newTestServer(b, nil).Handler()
	target := "/article/" + seedRecord(b).ID
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if rec := do(b, h, "GET", target, nil); rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
