package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/store"
)

// slowStore holds every search until released and records how many ran at once and in which order.
type slowStore struct {
	store.Store
	running, peak atomic.Int32
	release       chan struct{}
	mu            sync.Mutex
	order         []string
}

func (s *slowStore) Search(ctx context.Context, req store.SearchRequest) (store.Results, error) {
	n := s.running.Add(1)
	defer s.running.Add(-1)
	for {
		p := s.peak.Load()
		if n <= p || s.peak.CompareAndSwap(p, n) {
			break
		}
	}
	s.mu.Lock()
	s.order = append(s.order, req.Query.String())
	s.mu.Unlock()
	select {
	case <-s.release:
	case <-ctx.Done():
		return store.Results{}, ctx.Err()
	}
	return s.Store.Search(ctx, req)
}

// TestSearchGate: at most MaxSearches store searches run at once, the rest wait in arrival order, and a request
// that gives up while waiting never reaches the store.
func TestSearchGate(t *testing.T) {
	st := &slowStore{Store: newStore(t), release: make(chan struct{})}
	s := newTestServer(t, func(c *Config) { c.Store, c.MaxSearches = st, 2 })
	h := s.Handler()
	words := []string{"پوتین", "ایران", "غزه", "اصفهان", "روسیه", "تهران"}
	codes := make([]int, len(words))
	var wg sync.WaitGroup
	for i, w := range words {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = do(t, h, "GET", "/api/articles?q="+w, nil).Code
		}()
		// Let each request reach the gate (searching, or queued) before the next arrives, so that arrival
		// order is known.
		waitFor(t, fmt.Sprintf("request %d at the gate", i), func() bool {
			_, waiting := s.searches.state()
			return started(st)+waiting == i+1
		})
	}
	if m := do(t, h, "GET", "/metrics", nil).Body.String(); !strings.Contains(m, "khabar_searches_running 2\n") ||
		!strings.Contains(m, "khabar_searches_waiting 4\n") {
		t.Errorf("/metrics during the wait:\n%s", m)
	}
	// A request whose client gives up while it waits ends with an error and never searches.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	req, _ := http.NewRequestWithContext(ctx, "GET", "/api/articles?q=gone", nil)
	if _, err := s.search(req.Context(), store.SearchRequest{}); err == nil {
		t.Error("a search that waited past its deadline ran")
	}
	cancel()
	// Let one search finish at a time: each turn goes to the longest waiter, which then starts.
	for k := range words {
		st.release <- struct{}{}
		if want := min(3+k, len(words)); k+2 < len(words) {
			waitFor(t, fmt.Sprintf("search %d to start", want), func() bool { return started(st) == want })
		}
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("request %d (%s): status %d", i, words[i], c)
		}
	}
	if p := st.peak.Load(); p != 2 {
		t.Errorf("%d searches ran at once, want 2", p)
	}
	for i, q := range st.order {
		if q != words[i] {
			t.Errorf("searches ran in order %v, want %v", st.order, words)
			break
		}
	}
}

// started returns how many searches reached the store.
func started(st *slowStore) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.order)
}

// waitFor polls cond until it holds, failing the test after ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// rankedStore reports every search as ranked within a window, as the SQLite store does for a common word.
type rankedStore struct{ store.Store }

func (s rankedStore) Search(ctx context.Context, req store.SearchRequest) (store.Results, error) {
	res, err := s.Store.Search(ctx, req)
	res.Ranked = 5000
	return res, err
}

// TestRankedShown: a result ranked within the store's window says so in the API and on the search page.
func TestRankedShown(t *testing.T) {
	s := newTestServer(t, func(c *Config) { c.Store = rankedStore{c.Store} })
	h := s.Handler()
	if rec := do(t, h, "GET", "/api/articles?q=پوتین", nil); !strings.Contains(rec.Body.String(), `"ranked":5000`) {
		t.Errorf("API answer lacks ranked: %s", rec.Body)
	}
	if rec := do(t, h, "GET", "/search?q=پوتین", nil); !strings.Contains(rec.Body.String(), "۵٬۰۰۰ خبر تازه‌ترِ") {
		t.Errorf("search page does not say the ranking is windowed")
	}
	s = newTestServer(t, nil)
	if rec := do(t, s.Handler(), "GET", "/search?q=پوتین", nil); strings.Contains(rec.Body.String(), "تازه‌ترِ این جست‌وجو") {
		t.Errorf("search page speaks of a window that was not used")
	}
}

// cappedStore stops counting as the SQLite store does past its window: unless the request asks for the exact
// total, the total is the page's length and TotalAtLeast is set.
type cappedStore struct{ store.Store }

func (s cappedStore) Search(ctx context.Context, req store.SearchRequest) (store.Results, error) {
	res, err := s.Store.Search(ctx, req)
	if !req.ExactTotal && len(res.Hits) > 0 {
		res.Total, res.TotalAtLeast = req.Offset+len(res.Hits), true
	}
	return res, err
}

// TestTotalAtLeast: a total that stopped counting says "more than" in the API and on the search page, which
// links to the exact count and keeps a next page under sort:date; exact_total asks the store to count.
func TestTotalAtLeast(t *testing.T) {
	h := newTestServer(t, func(c *Config) { c.Store = cappedStore{c.Store} }).Handler()
	rec := do(t, h, "GET", "/api/articles?q=پوتین", nil)
	if !strings.Contains(rec.Body.String(), `"total_at_least":true`) {
		t.Errorf("API answer lacks total_at_least: %s", rec.Body)
	}
	exact := do(t, h, "GET", "/api/articles?q=پوتین&exact_total=true", nil)
	if exact.Code != 200 || strings.Contains(exact.Body.String(), "total_at_least") {
		t.Errorf("exact_total=true: %d %s", exact.Code, exact.Body)
	}
	decodeError(t, 400, CodeBadRequest, do(t, h, "GET", "/api/articles?q=پوتین&exact_total=maybe", nil))
	page := do(t, h, "GET", "/search?q=پوتین&sort=date&limit=1", nil).Body.String()
	if !strings.Contains(page, "بیش از ۱ خبر") || !strings.Contains(page, "exact_total=1") {
		t.Errorf("search page does not say the count stopped, or lacks the link to the exact count")
	}
	if !strings.Contains(page, "offset=1") {
		t.Errorf("sort:date page with a count that stopped has no next page")
	}
	plain := do(t, newTestServer(t, nil).Handler(), "GET", "/search?q=پوتین", nil).Body.String()
	if strings.Contains(plain, "بیش از") || strings.Contains(plain, "exact_total") {
		t.Errorf("search page speaks of a count that did not stop")
	}
}
