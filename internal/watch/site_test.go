package watch

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// site serves testdata/site the way news sites do, plus the failures a watcher meets: 404, 500, a redirect
// loop, a slow server and a 50 MB body. It answers conditional GETs with 304 and records what it was asked.
type site struct {
	*httptest.Server
	pageDelay time.Duration // added before every page (not feed) response

	mu       sync.Mutex
	hits     map[string]int
	agents   map[string]bool
	inflight int
	maxIn    int
	notMod   int
}

func newSite(t testing.TB, pageDelay time.Duration) *site {
	s := &site{pageDelay: pageDelay, hits: map[string]int{}, agents: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) url(p string) string { return s.URL + p }

func (s *site) count(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[p]
}

var (
	// Stable validators for every file: the content hash and a fixed time.
	lastModified = time.Date(2025, 11, 17, 8, 0, 0, 0, time.UTC).Format(http.TimeFormat)
)

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.agents[r.UserAgent()] = true
	s.inflight++
	s.maxIn = max(s.maxIn, s.inflight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inflight--
		s.mu.Unlock()
	}()
	switch p := r.URL.Path; {
	case p == "/error.xml":
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	case p == "/loop/a":
		http.Redirect(w, r, "/loop/b", http.StatusFound)
		return
	case p == "/loop/b":
		http.Redirect(w, r, "/loop/a", http.StatusMovedPermanently)
		return
	case p == "/slow.xml":
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
		return
	case p == "/huge.xml":
		w.Header().Set("Content-Type", "application/rss+xml")
		chunk := []byte(strings.Repeat("<item><title>خبر</title></item>\n", 1024))
		for sent := 0; sent < 50<<20; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		return
	case p == "/old/news.asp":
		s.file(w, r, "old/news"+r.URL.Query().Get("id")+".html", "text/html")
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	ctype := ""
	switch path.Ext(name) {
	case ".xml":
		ctype = "application/xml; charset=utf-8"
	case ".json":
		ctype = "application/feed+json"
	case "":
		name += ".html"
		ctype = "text/html; charset=utf-8"
	}
	if ctype == "text/html; charset=utf-8" && s.pageDelay > 0 {
		time.Sleep(s.pageDelay)
	}
	s.file(w, r, name, ctype)
}

func (s *site) file(w http.ResponseWriter, r *http.Request, name, ctype string) {
	if strings.HasSuffix(name, ".expected.txt") {
		http.NotFound(w, r)
		return
	}
	data, err := os.ReadFile(filepath.Join("testdata", "site", filepath.FromSlash(name)))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(data)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", lastModified)
	if r.Header.Get("If-None-Match") == etag {
		s.mu.Lock()
		s.notMod++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Write(data)
}
