package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/analyze"
	"github.com/khabar/khabar/internal/article"
	"github.com/khabar/khabar/internal/reader"
	"github.com/khabar/khabar/internal/server"
	"github.com/khabar/khabar/internal/store/sqlite"
)

// sampleRecords analyses the embedded samples.
func sampleRecords(t testing.TB) (*analyze.Analyzer, []article.Record) {
	t.Helper()
	an, err := analyze.New(analyze.Options{})
	if err != nil {
		t.Fatal(err)
	}
	arts, err := reader.Samples()
	if err != nil {
		t.Fatal(err)
	}
	var recs []article.Record
	for _, a := range arts {
		r, err := an.Article(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	return an, recs
}

// startServer serves recs from a fresh SQLite store.
func startServer(t testing.TB, an *analyze.Analyzer, recs []article.Record) *httptest.Server {
	return startServerAt(t, "", an, recs)
}

// startServerAt serves recs from the SQLite store at path (a fresh one in t.TempDir when path is ""), adding
// them unless the store already holds as many articles.
func startServerAt(t testing.TB, path string, an *analyze.Analyzer, recs []article.Record) *httptest.Server {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "load.db")
	}
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles >= len(recs) {
		recs = nil
	}
	for i := 0; i < len(recs); i += 1000 {
		if _, err := st.Put(context.Background(), recs[i:min(i+1000, len(recs))]); err != nil {
			t.Fatal(err)
		}
	}
	s, err := server.New(server.Config{Store: st, Analyzer: an})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func TestRunAgainstServer(t *testing.T) {
	an, recs := sampleRecords(t)
	ts := startServer(t, an, recs)
	res := Run(context.Background(), Config{BaseURL: ts.URL, Concurrency: 8, Duration: 500 * time.Millisecond})
	t.Log(res)
	if res.Requests == 0 || res.Errors != 0 || res.StatusCodes[200] != res.Requests {
		t.Fatalf("result %+v", res)
	}
	if res.P50 > res.P99 || res.P99 > res.Max || res.Throughput <= 0 {
		t.Fatalf("inconsistent latencies %+v", res)
	}
}

func TestRunCountsErrors(t *testing.T) {
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("q") == "" {
			t.Error("request without q")
		}
		if n.Add(1)%2 == 0 {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		w.Write([]byte(`{}`))
	}))
	defer ts.Close()
	res := Run(context.Background(), Config{BaseURL: ts.URL, Queries: []string{"a", "b"}, Concurrency: 4,
		Duration: 200 * time.Millisecond})
	if res.Requests == 0 || res.Errors == 0 || res.StatusCodes[500] != res.Errors || res.StatusCodes[200]+res.Errors != res.Requests {
		t.Fatalf("result %+v", res)
	}
	if len(res.ErrorSamples) == 0 || !strings.Contains(res.ErrorSamples[0], "status 500") {
		t.Errorf("error samples %v", res.ErrorSamples)
	}
	// A server that is not there: every request is an error, and the run still ends.
	ts.Close()
	res = Run(context.Background(), Config{BaseURL: ts.URL, Concurrency: 2, Duration: 100 * time.Millisecond})
	if res.Errors != res.Requests {
		t.Fatalf("closed server: %+v", res)
	}
}

func TestPercentile(t *testing.T) {
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[i] = time.Duration(i+1) * time.Millisecond
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 99: 99 * time.Millisecond,
		100: 100 * time.Millisecond, 0: time.Millisecond, 90.5: 91 * time.Millisecond} {
		if got := Percentile(ds, p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if Percentile(nil, 99) != 0 {
		t.Error("empty percentile")
	}
}
