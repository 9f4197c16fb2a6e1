package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khabar/khabar/internal/store"
	"github.com/khabar/khabar/internal/store/sqlite"
)

// storyServer builds a server over a SQLite store holding one story of two articles from two outlets, one of
// them republished by a third.
func storyServer(t *testing.T) (*Server, []string) {
	t.Helper()
	an, kb, recs := sampleRecords(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "khabar.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var srcs []store.Source
	for _, n := range []string{"ایرنا", "ایسنا", "تسنیم"} {
		src, err := st.AddSource(ctx, store.Source{URL: "http://" + n + ".test/rss", Name: n})
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, src)
	}
	seen := time.Date(2025, 11, 15, 8, 0, 0, 0, time.UTC)
	a, b := recs[0], recs[1]
	commits := []store.ItemCommit{
		{SourceID: srcs[0].ID, Key: "g1", URL: "http://irna.test/1", Seen: seen, Record: a, Story: "story-1"},
		{SourceID: srcs[1].ID, Key: "g2", URL: "http://isna.test/2", Seen: seen.Add(time.Hour), Record: b, Story: "story-1"},
		{SourceID: srcs[2].ID, Key: "g3", URL: "http://tasnim.test/3", Seen: seen.Add(2 * time.Hour), Duplicate: a.ID},
	}
	for _, c := range commits {
		if _, err := st.CommitItem(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(Config{Store: st, Analyzer: an, KB: kb, Logger: slog.New(slog.NewTextHandler(logSink(), nil)),
		Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	return s, []string{a.ID, b.ID}
}

func TestAPIStories(t *testing.T) {
	s, ids := storyServer(t)
	rec := do(t, s.Handler(), "GET", "/api/stories", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var got struct {
		Stories []storyJSON `json:"stories"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Stories) != 1 {
		t.Fatalf("stories = %+v", got.Stories)
	}
	st := got.Stories[0]
	if st.ID != "story-1" || len(st.Items) != 2 || len(st.Outlets) != 3 {
		t.Fatalf("story = %+v", st)
	}
	byID := map[string]storyArticle{}
	for _, it := range st.Items {
		byID[it.ID] = it
	}
	if m := byID[ids[0]].Mentions; len(m) != 2 || m[1].Source != "تسنیم" {
		t.Errorf("mentions of the republished article = %+v", m)
	}
	if byID[ids[1]].Title == "" {
		t.Errorf("article without title: %+v", byID[ids[1]])
	}

	for _, tc := range []struct {
		target string
		status int
		n      int
	}{
		{"/api/stories?offset=1", http.StatusOK, 0},
		{"/api/stories?limit=1", http.StatusOK, 1},
		{"/api/stories?limit=0", http.StatusBadRequest, -1},
		{"/api/stories?offset=-1", http.StatusBadRequest, -1},
		{"/api/stories?from=nonsense", http.StatusBadRequest, -1},
	} {
		rec := do(t, s.Handler(), "GET", tc.target, nil)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d, want %d: %s", tc.target, rec.Code, tc.status, rec.Body)
			continue
		}
		if tc.n >= 0 {
			var got struct {
				Stories []storyJSON `json:"stories"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || len(got.Stories) != tc.n {
				t.Errorf("%s: %d stories (%v), want %d", tc.target, len(got.Stories), err, tc.n)
			}
		}
	}
}

func TestPageStories(t *testing.T) {
	s, ids := storyServer(t)
	rec := do(t, s.Handler(), "GET", "/stories", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	for _, want := range []string{`dir="rtl"`, `href="/stories" aria-current="page"`, "تسنیم", "ایسنا", "http://tasnim.test/3",
		articleHref(ids[0]), articleHref(ids[1])} {
		if !strings.Contains(body, want) {
			t.Errorf("stories page lacks %q", want)
		}
	}
}

func TestStoriesUnsupported(t *testing.T) {
	s := newTestServer(t, func(c *Config) { c.Store = nopStore{c.Store} })
	rec := do(t, s.Handler(), "GET", "/api/stories", nil)
	if rec.Code != http.StatusNotImplemented || !strings.Contains(rec.Body.String(), CodeUnsupported) {
		t.Errorf("API: status %d: %s", rec.Code, rec.Body)
	}
	rec = do(t, s.Handler(), "GET", "/stories", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "روایتی ندارد") {
		t.Errorf("page: status %d: %s", rec.Code, rec.Body)
	}
}
