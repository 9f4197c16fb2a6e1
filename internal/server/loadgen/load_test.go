//go:build loadtest

package loadgen

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/article"
)

// TestLoad builds an index of KHABAR_LOAD_ARTICLES articles (default 100000) by re-dating the analysed samples,
// serves it, and runs KHABAR_LOAD_CONNS connections (default 100) against search for KHABAR_LOAD_SECONDS seconds
// (default 30), with a client timeout of KHABAR_LOAD_TIMEOUT seconds (default 10) and the extra query parameters
// of KHABAR_LOAD_PARAMS (for example "facets=10"). KHABAR_LOAD_DB keeps the index in a file to reuse. Run it with:
//
//	go test -tags loadtest -run TestLoad -timeout 30m -v ./internal/server/loadgen
func TestLoad(t *testing.T) {
	n := envInt("KHABAR_LOAD_ARTICLES", 100000)
	conns := envInt("KHABAR_LOAD_CONNS", 100)
	secs := envInt("KHABAR_LOAD_SECONDS", 30)
	an, samples := sampleRecords(t)
	recs := make([]article.Record, 0, n)
	base := time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)
	for i := 0; len(recs) < n; i++ {
		r := samples[i%len(samples)]
		// Each copy is the same article published at another hour: a new ID, its own day in the histograms.
		at := base.Add(-time.Duration(i) * 37 * time.Minute)
		r.PublishedTime = at
		r.Published = at.Format(time.RFC3339)
		r.ID = article.ComputeID(r.Title, r.Text, at) + strconv.Itoa(i)
		recs = append(recs, r)
	}
	t0 := time.Now()
	ts := startServerAt(t, os.Getenv("KHABAR_LOAD_DB"), an, recs)
	t.Logf("index of %d articles ready in %s", n, time.Since(t0).Round(time.Second))
	params, err := url.ParseQuery(os.Getenv("KHABAR_LOAD_PARAMS"))
	if err != nil {
		t.Fatal(err)
	}
	res := Run(context.Background(), Config{BaseURL: ts.URL, Concurrency: conns, Duration: time.Duration(secs) * time.Second,
		Params: params, Timeout: time.Duration(envInt("KHABAR_LOAD_TIMEOUT", 10)) * time.Second})
	t.Log(res)
	js, _ := json.Marshal(res)
	fmt.Fprintf(os.Stderr, "%s\n", js)
	if res.Errors != 0 {
		t.Errorf("%d errors: %v", res.Errors, res.ErrorSamples)
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
