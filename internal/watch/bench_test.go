package watch

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/bench"
	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
)

// benchSite serves feeds of synthetic articles (internal/bench corpus) rendered as news pages.
func benchSite(b *testing.B, feeds, perFeed int) *httptest.Server {
	arts := make([]article.Article, 0, feeds*perFeed)
	err := bench.Corpus(context.Background(), bench.CorpusOptions{Articles: feeds * perFeed, Seed: 3},
		func(_ int, a article.Article) error { arts = append(arts, a); return nil })
	if err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed/{f}", func(w http.ResponseWriter, r *http.Request) {
		f, _ := strconv.Atoi(r.PathValue("f"))
		var sb strings.Builder
		sb.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>bench</title>`)
		for i := f * perFeed; i < (f+1)*perFeed; i++ {
			fmt.Fprintf(&sb, `<item><title>%s</title><link>/news/%d</link><guid>n%d</guid><pubDate>%s</pubDate></item>`,
				html.EscapeString(arts[i].Title), i, i, arts[i].Published.Format(time.RFC1123Z))
		}
		sb.WriteString(`</channel></rss>`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, sb.String())
	})
	mux.HandleFunc("GET /news/{i}", func(w http.ResponseWriter, r *http.Request) {
		i, _ := strconv.Atoi(r.PathValue("i"))
		a := arts[i]
		var body strings.Builder
		for _, bl := range a.Body {
			fmt.Fprintf(&body, "<p>%s</p>\n", html.EscapeString(bl.Text))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="fa"><head><title>%s</title></head><body><nav><a href="/">خانه</a> <a href="/s">سیاسی</a> <a href="/e">اقتصادی</a></nav>
<article><h1>%s</h1><div class="body">%s</div></article><aside><h3>پربازدید</h3><ul><li><a href="/x">خبر دیگر</a></li></ul></aside><footer>همه حقوق محفوظ است</footer></body></html>`,
			html.EscapeString(a.Title), html.EscapeString(a.Title), body.String())
	})
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkPoll measures polling throughput against a local server: feeds, page fetches, extraction,
// analysis, dedup and one transaction per item, in pages per second. KHABAR_BENCH_PAGES sets the pages per
// run (default 200, over 4 feeds).
func BenchmarkPoll(b *testing.B) {
	pages := 200
	if v, err := strconv.Atoi(os.Getenv("KHABAR_BENCH_PAGES")); err == nil && v >= 4 {
		pages = v
	}
	const feeds = 4
	srv := benchSite(b, feeds, pages/feeds)
	an := testAnalyzer(b)
	b.ResetTimer()
	var total int
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), fmt.Sprintf("poll%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		for f := 0; f < feeds; f++ {
			if _, err := st.AddSource(context.Background(), store.Source{URL: fmt.Sprintf("%s/feed/%d", srv.URL, f),
				Name: fmt.Sprint("outlet", f)}); err != nil {
				b.Fatal(err)
			}
		}
		w, err := New(st, an, Options{Fetch: FetchOptions{HostDelay: -1}})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := w.Once(context.Background())
		b.StopTimer()
		if err != nil || rep.Failed > 0 {
			b.Fatalf("poll: %v, %+v", err, rep)
		}
		total += rep.New + rep.Mentions
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "pages/s")
}
