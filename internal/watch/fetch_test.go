package watch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestFetcherPoliteness(t *testing.T) {
	var inflight, maxIn atomic.Int32
	var mu sync.Mutex
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inflight.Add(1)
		defer inflight.Add(-1)
		for {
			m := maxIn.Load()
			if n <= m || maxIn.CompareAndSwap(m, n) {
				break
			}
		}
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		time.Sleep(5 * time.Millisecond)
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	const delay = 20 * time.Millisecond
	f := NewFetcher(FetchOptions{HostDelay: delay})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Get(context.Background(), fmt.Sprintf("%s/p/%d", srv.URL, i), "", ""); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if maxIn.Load() != 1 {
		t.Errorf("%d requests at once to one host, want 1", maxIn.Load())
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < delay {
			t.Errorf("requests %d and %d to one host %s apart, want at least %s", i-1, i, gap, delay)
		}
	}
}

func TestFetcherConditionalAndErrors(t *testing.T) {
	const etag, lm = `"v1"`, "Sat, 15 Nov 2025 07:00:00 GMT"
	var gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed":
			gotUA = r.UserAgent()
			if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lm {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", lm)
			fmt.Fprint(w, "<rss/>")
		case "/big":
			w.Header().Set("Content-Length", "2000")
			w.Write(make([]byte, 2000))
		case "/stream":
			for i := 0; i < 100; i++ {
				w.Write(make([]byte, 100))
				w.(http.Flusher).Flush()
			}
		case "/r1":
			http.Redirect(w, r, "/r2", http.StatusFound)
		case "/r2":
			http.Redirect(w, r, "/feed", http.StatusFound)
		case "/slow":
			select {
			case <-time.After(5 * time.Second):
			case <-r.Context().Done():
			}
		case "/gone":
			http.Error(w, "gone", http.StatusGone)
		case "/busy":
			w.Header().Set("Retry-After", "120")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	f := NewFetcher(FetchOptions{HostDelay: -1, MaxBody: 1000, MaxRedirects: 2, Timeout: 300 * time.Millisecond})
	r, err := f.Get(ctx, srv.URL+"/feed", "", "")
	if err != nil || r.ETag != etag || r.LastModified != lm || string(r.Body) != "<rss/>" {
		t.Fatalf("plain GET: %+v, %v", r, err)
	}
	if gotUA != UserAgent {
		t.Errorf("User-Agent %q", gotUA)
	}
	for _, v := range [][2]string{{etag, ""}, {"", lm}} {
		if r, err := f.Get(ctx, srv.URL+"/feed", v[0], v[1]); err != nil || !r.NotModified || r.Body != nil {
			t.Errorf("conditional GET %v: %+v, %v", v, r, err)
		}
	}
	if r, err := f.Get(ctx, srv.URL+"/r1", "", ""); err != nil || !strings.HasSuffix(r.URL, "/feed") {
		t.Errorf("two redirects: %+v, %v", r, err)
	}
	tight := NewFetcher(FetchOptions{HostDelay: -1, MaxRedirects: 1})
	if _, err := tight.Get(ctx, srv.URL+"/r1", "", ""); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Errorf("over the redirect limit: %v", err)
	}
	for _, p := range []string{"/big", "/stream"} {
		if _, err := f.Get(ctx, srv.URL+p, "", ""); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s over the size limit: %v", p, err)
		}
	}
	if _, err := f.Get(ctx, srv.URL+"/slow", "", ""); err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("slow server: %v", err)
	}
	var se *StatusError
	if _, err := f.Get(ctx, srv.URL+"/gone", "", ""); !errors.As(err, &se) || se.Status != http.StatusGone {
		t.Errorf("410: %v", err)
	}
	if _, err := f.Get(ctx, srv.URL+"/busy", "", ""); !errors.As(err, &se) || se.Status != 429 || se.RetryAfter != 2*time.Minute {
		t.Errorf("429 with Retry-After: %v (%+v)", err, se)
	}
	for _, bad := range []string{"ftp://x/y", "not a url", "/relative"} {
		if _, err := f.Get(ctx, bad, "", ""); err == nil {
			t.Errorf("Get(%q): no error", bad)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := f.Get(cctx, srv.URL+"/feed", "", ""); err == nil {
		t.Error("Get with a cancelled context: no error")
	}
}

func TestBackoff(t *testing.T) {
	w := &Watcher{opts: Options{BackoffBase: time.Minute, BackoffMax: time.Hour}}
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute,
		32 * time.Minute, time.Hour, time.Hour}
	for i, d := range want {
		if got := w.backoff(i + 1); got != d {
			t.Errorf("backoff(%d) = %s, want %s", i+1, got, d)
		}
	}
}
